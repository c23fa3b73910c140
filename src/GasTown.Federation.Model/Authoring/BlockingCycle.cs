namespace GasTown.Federation.Model;

/// <summary>
/// Finds the blocking path a new dependency would close into a cycle, as <c>bd dep add</c> checks before it writes: a
/// <c>blocks</c> or <c>conditional-blocks</c> edge from A to B is refused when B already reaches A through such edges
/// (a cycle of blockers is work no one can ever start: none of it is ever ready). Only this town's ids are followed, as
/// bd follows its own database's: an edge to another chain's <c>gt://</c> URI or an <c>external:</c> reference leaves
/// the town, and what another chain holds cannot be changed by this write. An edge written as a URI of this town's own
/// chain is followed as the id it names, since queries read it as that unit and it blocks as one.
/// </summary>
internal static class BlockingCycle
{
    /// <summary>Whether a dependency of <paramref name="type"/> takes part in the check (bd's two blocking types).</summary>
    public static bool Applies(DependencyType type) => type == DependencyType.Blocks || type == DependencyType.ConditionalBlocks;

    /// <summary>
    /// The ids from <paramref name="to"/> back to <paramref name="from"/> through blocking edges (both ends included), or
    /// null when <paramref name="to"/> does not reach <paramref name="from"/>.
    /// </summary>
    /// <param name="from">The work unit that would depend.</param>
    /// <param name="to">The id it would depend on.</param>
    /// <param name="unitOf">This town's work unit of an id, or null for an id no rig holds.</param>
    /// <param name="localIdOf">This town's id a dependency's target names, or null when the target leaves the town.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public static async ValueTask<IReadOnlyList<string>?> FindAsync(
        string from, string to, Func<string, CancellationToken, ValueTask<WorkUnit?>> unitOf, Func<string, string?> localIdOf, CancellationToken cancellationToken)
    {
        // Breadth first, each id once: a town whose file already holds a cycle (written by hand, or by an older tool) still ends.
        var cameFrom = new Dictionary<string, string?>(StringComparer.Ordinal) { [to] = null };
        var queue = new Queue<string>();
        queue.Enqueue(to);
        while (queue.TryDequeue(out var id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await unitOf(id, cancellationToken).ConfigureAwait(false) is not { } unit)
            {
                continue;
            }

            foreach (var dependency in unit.Dependencies)
            {
                if (!Applies(dependency.Type) || localIdOf(dependency.DependsOnId) is not { } next || cameFrom.ContainsKey(next))
                {
                    continue;
                }

                cameFrom[next] = id;
                if (string.Equals(next, from, StringComparison.Ordinal))
                {
                    return PathTo(next, cameFrom);
                }

                queue.Enqueue(next);
            }
        }

        return null;
    }

    private static List<string> PathTo(string last, Dictionary<string, string?> cameFrom)
    {
        var path = new List<string>();
        for (string? id = last; id is not null; id = cameFrom[id])
        {
            path.Add(id);
        }

        path.Reverse();
        return path;
    }
}
