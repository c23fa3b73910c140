namespace GasTown.Federation.Model;

/// <summary>The nodes a walk over the <see cref="FederationGraph"/> visited, in breadth-first order.</summary>
public sealed class FederationWalkResult
{
    private readonly int[] nodes;
    private readonly List<int> levelStarts;
    private int[]? depths;

    internal FederationWalkResult(int[] nodes, List<int> levelStarts, int count, FederationWalkStop stop)
    {
        this.nodes = nodes;
        this.levelStarts = levelStarts;
        Count = count;
        Stop = stop;
    }

    /// <summary>How many nodes were visited, the start nodes included.</summary>
    public int Count { get; }

    /// <summary>Whether the walk saw everything reachable or was cut by a limit.</summary>
    public FederationWalkStop Stop { get; }

    /// <summary>The visited node ids in breadth-first order; start nodes first.</summary>
    public ReadOnlySpan<int> Nodes => nodes.AsSpan(0, Count);

    /// <summary>How many levels the walk reached (1 when only the starts were visited).</summary>
    public int LevelCount => Count == 0 ? 0 : levelStarts.Count(start => start < Count);

    /// <summary>
    /// The depth of each visited node, parallel to <see cref="Nodes"/>; start nodes have depth 0.
    /// Built on first use from the level boundaries the walk recorded (the walk itself stores no per-node depth).
    /// </summary>
    public ReadOnlySpan<int> Depths
    {
        get
        {
            if (depths is null)
            {
                var result = new int[Count];
                for (var level = 0; level < levelStarts.Count; level++)
                {
                    var end = level + 1 < levelStarts.Count ? Math.Min(levelStarts[level + 1], Count) : Count;
                    for (var i = levelStarts[level]; i < end; i++)
                    {
                        result[i] = level;
                    }
                }

                depths = result;
            }

            return depths;
        }
    }
}
