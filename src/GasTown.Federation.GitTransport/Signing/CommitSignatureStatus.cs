namespace GasTown.Federation.GitTransport;

/// <summary>What a commit's signature is, before asking whether its key is trusted (<see cref="CommitSignatureCheck"/>).</summary>
public enum CommitSignatureStatus
{
    /// <summary>The commit has no <c>gpgsig</c> header.</summary>
    Unsigned = 1,

    /// <summary>An SSH signature (namespace <c>git</c>) that verifies over the commit: <see cref="CommitSignatureCheck.Key"/> made it.</summary>
    Valid = 2,

    /// <summary>A signature that is not an SSH signature this SDK reads, or does not verify over the commit.</summary>
    Invalid = 3,
}
