namespace GasTown.Federation.Query;

/// <summary>How far a query can believe the data of one chain it read (see <see cref="ChainState"/>).</summary>
public enum ChainTrust
{
    /// <summary>The chain's own <c>town.json</c> names the owner and town it was registered as: it is who it says.</summary>
    Verified = 1,

    /// <summary>
    /// Read, but its identity is only the URI it was registered under (a one-rig repository, or a <c>town.json</c>
    /// without owner): its work is shown as that chain's, yet it vouches for nobody (no employment, no delegation
    /// it asserts counts).
    /// </summary>
    UnverifiedIdentity = 2,

    /// <summary>
    /// Read from an older snapshot, because the newest one fetched was refused (for example it claimed another
    /// owner). The answer is what the chain said before; fetch again once the remote is fixed.
    /// </summary>
    OlderSnapshot = 3,

    /// <summary>Not read at all; <see cref="ChainState.Unreachable"/> says why.</summary>
    Unavailable = 4,
}
