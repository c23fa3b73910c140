using GasTown.Federation.Identity;

namespace GasTown.Federation.GitTransport;

/// <summary>The signature of one commit, checked (<see cref="CommitSignatureVerifier"/>).</summary>
/// <param name="Commit">The commit.</param>
/// <param name="Status">Unsigned, valid or invalid.</param>
/// <param name="Key">The key that made a valid signature, else null.</param>
/// <param name="Problem">Why an invalid signature is invalid, else null.</param>
public sealed record CommitSignatureCheck(string Commit, CommitSignatureStatus Status, SshPublicKey? Key, string? Problem);
