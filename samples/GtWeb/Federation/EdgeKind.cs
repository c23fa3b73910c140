namespace GtWeb.Federation;

/// <summary>How two work units of a project are linked in its graph.</summary>
internal enum EdgeKind
{
    /// <summary>A parent-child edge inside one chain (the tree).</summary>
    Child,

    /// <summary>A delegation of a portion of work to another chain.</summary>
    Delegation,

    /// <summary>A blocking dependency: the source must close before the target can start.</summary>
    Blocks,
}
