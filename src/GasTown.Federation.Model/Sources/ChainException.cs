namespace GasTown.Federation.Model;

/// <summary>The base of the exceptions thrown while reading a chain: catch it to handle every chain failure in one place.</summary>
public class ChainException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong and what to do.</summary>
    public ChainException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public ChainException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
