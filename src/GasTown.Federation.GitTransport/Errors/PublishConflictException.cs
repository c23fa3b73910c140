namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when a publish could not take its turn: another publish of the same town held the publish lock for
/// longer than <see cref="PublishOptions.LockTimeout"/>, or another writer kept moving the published branch while
/// this one tried to update it. Nothing was committed by this publish; publishing again is safe.
/// </summary>
public sealed class PublishConflictException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public PublishConflictException()
        : base("Another publish of this town got in the way; nothing was committed. Publish again.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What got in the way and what to do.</param>
    public PublishConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What got in the way and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public PublishConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
