using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>What <see cref="ChainLoader"/> expects of the chain it loads.</summary>
public sealed class ChainLoadOptions
{
    /// <summary>No expectations: the chain is named by its own town.json.</summary>
    public static ChainLoadOptions Default { get; } = new();

    /// <summary>
    /// The chain the caller believes it is loading (<c>gt://entity/chain</c>), for example the URI a remote was
    /// registered under. When the town.json says otherwise the load fails with <see cref="ChainIdentityException"/>.
    /// Required for a one-rig repository, which has no town.json to name it.
    /// </summary>
    /// <value>The default value is null.</value>
    public GtUri? ExpectedChain { get; init; }

    /// <summary>
    /// The rig name of a one-rig repository (<see cref="ChainLayout.SingleRig"/>): the rig segment of its work units'
    /// URIs. When null, the chain name of <see cref="ExpectedChain"/> is used.
    /// </summary>
    /// <value>The default value is null.</value>
    public string? SingleRigName { get; init; }

    /// <summary>
    /// Options for reading the beads issues files, or null for the loader's own (its <see cref="ChainLimits.MaxLineBytes"/>
    /// as the line limit). When set, they replace the loader's line limit for this load.
    /// </summary>
    /// <value>The default value is null.</value>
    public JsonlReadOptions? IssuesReadOptions { get; init; }

    /// <summary>A copy of these options that reads the issues files with <paramref name="issuesReadOptions"/> (every other property copied: add new ones here).</summary>
    internal ChainLoadOptions WithIssuesReadOptions(JsonlReadOptions issuesReadOptions) => new()
    {
        ExpectedChain = ExpectedChain,
        SingleRigName = SingleRigName,
        IssuesReadOptions = issuesReadOptions,
    };
}
