namespace GasTown.Federation.Identity;

/// <summary>The SSH key types this SDK verifies signatures of; only <see cref="Ed25519"/> keys can also sign.</summary>
public enum SshKeyAlgorithm
{
    /// <summary><c>ssh-ed25519</c>: verifies and signs.</summary>
    Ed25519 = 1,

    /// <summary><c>ecdsa-sha2-nistp256</c>, <c>-nistp384</c>, <c>-nistp521</c>: verifies only.</summary>
    Ecdsa = 2,

    /// <summary><c>ssh-rsa</c> (signatures <c>rsa-sha2-256</c>/<c>rsa-sha2-512</c>): verifies only.</summary>
    Rsa = 3,
}
