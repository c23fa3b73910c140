namespace GasTown.Federation.Model;

/// <summary>
/// A file of a chain could not be read at all (invalid UTF-8 where a whole document is needed, or a reader that
/// failed on it): the chain is refused whole rather than read in part. Its inner exception is the reader's error.
/// </summary>
public sealed class ChainContentException : ChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file, relative to the chain root.</param>
    /// <param name="message">What was wrong, where, and what to do.</param>
    /// <param name="innerException">The reader's error.</param>
    public ChainContentException(string path, string message, Exception? innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
        Path = path;
    }

    /// <summary>The file, relative to the chain root.</summary>
    public string Path { get; }
}
