using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Query;

/// <summary>
/// The commits of matching actors an audit leaves out because no timeline can place them: dated before the year 1 or
/// after 9999 (<see cref="CommitRecord.OutOfRangeDate"/>), which git writes when told to and a remote writes by hand.
/// Counted into a note of their chain's <see cref="ChainState"/> naming the first, as its dropped event lines and its
/// future-dated entries are said. Before, one such commit threw out of the walk of its chain's history, and the audit
/// left every commit of that chain out with only a log line to say so. Both paths walk commits alike and say the same.
/// </summary>
internal sealed class CommitsLeftOut
{
    private readonly Dictionary<GtUri, (int Count, string First)> _byChain = [];

    /// <summary>Counts <paramref name="commit"/> (<see cref="CommitRecord.OutOfRangeDate"/> set) among <paramref name="chain"/>'s.</summary>
    public void Add(GtUri chain, CommitRecord commit)
    {
        var sha = commit.Sha.Length > 8 ? commit.Sha[..8] : commit.Sha;
        var (count, first) = _byChain.GetValueOrDefault(chain);
        _byChain[chain] = (count + 1, first ?? $"{sha}, at {commit.OutOfRangeDate} in Unix seconds");
    }

    /// <summary><paramref name="states"/> with a note in each chain that had commits left out.</summary>
    public IReadOnlyList<ChainState> ApplyTo(IReadOnlyList<ChainState> states)
    {
        if (_byChain.Count == 0)
        {
            return states;
        }

        return [.. states.Select(state => _byChain.TryGetValue(state.Chain, out var left)
            ? state with { Notes = [.. state.Notes, $"it holds {left.Count} commit(s) by the audited actors dated outside the years 1 to 9999 (the first, {left.First}), which no timeline can place: left out of this audit."] }
            : state)];
    }
}
