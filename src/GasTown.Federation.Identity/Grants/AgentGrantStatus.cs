namespace GasTown.Federation.Identity;

/// <summary>Whether a key may sign for its agent at a given time (<see cref="AgentGrants.Evaluate"/>).</summary>
public enum AgentGrantStatus
{
    /// <summary>No grant signed by the owner names the key.</summary>
    NotGranted = 1,

    /// <summary>An owner-signed grant covers the key at that time and no revocation names it.</summary>
    Valid = 2,

    /// <summary>The key's grants all ended before that time.</summary>
    Expired = 3,

    /// <summary>The owner revoked the key.</summary>
    Revoked = 4,
}
