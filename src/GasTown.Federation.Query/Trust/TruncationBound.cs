namespace GasTown.Federation.Query;

/// <summary>Which bound of <see cref="QueryOptions"/> cut a query short.</summary>
public enum TruncationBound
{
    /// <summary><see cref="QueryOptions.MaxDepth"/>: work units deeper than the limit were reachable but not visited.</summary>
    Depth = 1,

    /// <summary><see cref="QueryOptions.MaxNodes"/>: the walk visited as many work units as allowed with more still to visit.</summary>
    Nodes = 2,

    /// <summary><see cref="QueryOptions.MaxChains"/>: the query loaded as many chains as allowed and left others unread.</summary>
    Chains = 3,
}
