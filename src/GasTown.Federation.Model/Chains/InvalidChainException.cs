namespace GasTown.Federation.Model;

/// <summary>
/// The source holds no chain: neither a town (<c>mayor/town.json</c>) nor a one-rig repository
/// (<c>.beads/issues.jsonl</c>), or its town.json cannot be read and nothing else names the chain.
/// </summary>
public sealed class InvalidChainException : ChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing or wrong, and what to do.</param>
    /// <param name="innerException">The failure behind it, if any.</param>
    public InvalidChainException(string message, Exception? innerException = null)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }
}
