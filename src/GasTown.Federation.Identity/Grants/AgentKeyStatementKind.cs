namespace GasTown.Federation.Identity;

/// <summary>What an <see cref="AgentKeyStatement"/> says.</summary>
public enum AgentKeyStatementKind
{
    /// <summary>The owner grants an agent a key until an expiry.</summary>
    Grant = 1,

    /// <summary>The owner revokes a key granted before; revocations are final.</summary>
    Revoke = 2,
}
