namespace GasTown.Federation.Model;

/// <summary>What a <see cref="ChainNotice"/> says about an answered chain.</summary>
public enum ChainNoticeKind
{
    /// <summary>The chain's identity is not proven by its own files (<see cref="Chain.IdentityStatus"/>): what it asserts is reported as unverified.</summary>
    IdentityUnverified = 1,

    /// <summary>The newest fetched snapshot was refused (see <see cref="ChainResult.RefusedSnapshot"/>); the answer comes from an older snapshot that passed.</summary>
    NewestSnapshotRefused = 2,

    /// <summary>Fetching the chain failed just now; the answer comes from the last successful fetch.</summary>
    FetchFailed = 3,

    /// <summary>The data is older than the provider's staleness threshold (see <see cref="ChainResult.DataAsOf"/>).</summary>
    Stale = 4,

    /// <summary>Lines of the chain's issues files were dropped (see <see cref="Chain.DroppedLines"/>).</summary>
    LinesDropped = 5,

    /// <summary>The chain had more diagnostics than <see cref="ChainLimits.MaxDiagnostics"/>; the rest were counted, not kept.</summary>
    DiagnosticsOmitted = 6,
}
