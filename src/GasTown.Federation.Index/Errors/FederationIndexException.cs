namespace GasTown.Federation.Index;

/// <summary>A failure of the federation index: its file could not be opened or written, its lock is held, or a continuation token is not one it gave.</summary>
public sealed class FederationIndexException : FederationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What kind of failure it is.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause, or null.</param>
    public FederationIndexException(FederationErrorKind kind, string message, Exception? innerException = null)
        : base(kind, message, innerException)
    {
    }

    /// <summary>
    /// Whether this process may not write the index (its file, its folder or its write lock: a town shared read-only, a
    /// read-only mount), as opposed to a lock held too long, a full or failing disk or a damaged file: a query with
    /// nothing else to answer from may then answer from the index as it is, saying so.
    /// </summary>
    internal bool CannotWrite { get; init; }
}
