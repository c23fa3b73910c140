namespace GasTown.Federation.Query;

/// <summary>Bounds for federated queries, so a walk over a large or hostile federation always ends.</summary>
public sealed class QueryOptions
{
    /// <summary>The deepest level a graph walk visits (edges from the start).</summary>
    /// <value>The default value is 64. Must be between 1 and 1,000,000.</value>
    public int MaxDepth { get; set; } = 64;

    /// <summary>The most work units one walk visits.</summary>
    /// <value>The default value is 1,000,000. Must be between 1 and 100,000,000.</value>
    public int MaxNodes { get; set; } = 1_000_000;

    /// <summary>The most chains one query loads (the local town included); beyond it, references are reported as <see cref="UnreachableReason.ChainLimit"/>.</summary>
    /// <value>The default value is 64. Must be between 1 and 10,000.</value>
    public int MaxChains { get; set; } = 64;

    /// <summary>The rig that <c>./id</c> short forms resolve against, or null when there is no current rig.</summary>
    /// <value>The default value is null.</value>
    public string? CurrentRig { get; set; }

    /// <summary>
    /// How old fetched data may be before a result marks its chain stale (<see cref="ChainState.IsStale"/>); null
    /// never marks it. Queries still answer from stale data: fetching is the caller's step.
    /// </summary>
    /// <value>The default value is null. When set, it must be positive.</value>
    public TimeSpan? StaleAfter { get; set; }
}
