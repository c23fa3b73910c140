namespace GasTown.Federation.Model;

/// <summary>Why an <see cref="IChainProvider"/> could not return a chain.</summary>
public enum ChainUnavailableReason
{
    /// <summary>No chain with that URI is registered.</summary>
    NotRegistered = 1,

    /// <summary>Fetching it failed and there is no earlier fetch to answer from.</summary>
    FetchFailed = 2,

    /// <summary>It is registered but was never fetched.</summary>
    NeverFetched = 3,

    /// <summary>Its town.json names another chain (possible spoofing).</summary>
    IdentityMismatch = 4,

    /// <summary>Its files do not form a chain, or a path in it leaves the chain.</summary>
    Invalid = 5,

    /// <summary>It broke one of the <see cref="ChainLimits"/> (a file too large, too many work units); see <see cref="ChainResult.Limit"/>.</summary>
    LimitExceeded = 6,

    /// <summary>A file of it could not be read at all (invalid bytes where a whole document is needed), or reading it failed unexpectedly.</summary>
    Unreadable = 7,

    /// <summary>The entity's keys are known and the snapshot's tip is unsigned, signed by another key, or its signature does not verify (<see cref="ChainSignatureException"/>).</summary>
    SignatureRefused = 8,
}
