namespace GasTown.Federation.Model;

/// <summary>
/// A fetched snapshot was refused because of its signature: the entity's keys are known and the tip is unsigned,
/// signed by another key (perhaps a changed one), or its signature does not verify.
/// </summary>
public sealed class ChainSignatureException : ChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with the signature and what to do.</param>
    /// <param name="isKeyChange">Whether the tip is validly signed by a key other than the one pinned for the entity.</param>
    /// <param name="signerFingerprint">The fingerprint of the key that signed, when the tip is validly signed.</param>
    public ChainSignatureException(string message, bool isKeyChange = false, string? signerFingerprint = null)
        : base(message)
    {
        IsKeyChange = isKeyChange;
        SignerFingerprint = signerFingerprint;
    }

    /// <summary>Whether the tip is validly signed by a key other than the one pinned for the entity: accept the new key to trust it.</summary>
    public bool IsKeyChange { get; }

    /// <summary>The fingerprint (<c>SHA256:…</c>) of the key that signed the tip, when it verifies.</summary>
    public string? SignerFingerprint { get; }
}
