using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Query;

/// <summary>
/// The commits of matching actors an audit leaves out because no timeline can place them: dated before the year 1 or
/// after 9999 (<see cref="CommitRecord.OutOfRangeDate"/>), which git writes when told to and a remote writes by hand.
/// Counted into a note of their chain's <see cref="ChainState"/> naming the first, as its dropped event lines and its
/// future-dated entries are said. Before, one such commit threw out of the walk of its chain's history, and the audit
/// left every commit of that chain out with only a log line to say so. A history whose walk fails all the same (a
/// commit libgit2 cannot parse in the town's own repository, a damaged pack, a history longer than the most one walk
/// reads) is said in a note too, not only logged.
/// Both paths walk commits alike and say the same.
/// </summary>
internal sealed class CommitsLeftOut
{
    private readonly Dictionary<GtUri, (int Count, string First)> _byChain = [];
    private readonly Dictionary<GtUri, string> _unread = [];

    /// <summary>Counts <paramref name="commit"/> (<see cref="CommitRecord.OutOfRangeDate"/> set) among <paramref name="chain"/>'s.</summary>
    public void Add(GtUri chain, CommitRecord commit)
    {
        var sha = commit.Sha.Length > 8 ? commit.Sha[..8] : commit.Sha;
        var (count, first) = _byChain.GetValueOrDefault(chain);
        _byChain[chain] = (count + 1, first ?? $"{sha}, at {commit.OutOfRangeDate} in Unix seconds");
    }

    /// <summary>Remembers that the walk of <paramref name="chain"/>'s history failed with <paramref name="exception"/>.</summary>
    public void Unread(GtUri chain, Exception exception) => _unread.TryAdd(chain, exception.Message);

    /// <summary><paramref name="states"/> with a note in each chain that had commits left out, or whose history could not be walked.</summary>
    public IReadOnlyList<ChainState> ApplyTo(IReadOnlyList<ChainState> states)
    {
        if (_byChain.Count == 0 && _unread.Count == 0)
        {
            return states;
        }

        return [.. states.Select(state => NotesOf(state.Chain).ToList() is { Count: > 0 } notes ? state with { Notes = [.. state.Notes, .. notes] } : state)];
    }

    private IEnumerable<string> NotesOf(GtUri chain)
    {
        if (_byChain.TryGetValue(chain, out var left))
        {
            yield return $"it holds {left.Count} commit(s) by the audited actors dated outside the years 1 to 9999 (the first, {left.First}), which no timeline can place: left out of this audit.";
        }

        if (_unread.TryGetValue(chain, out var failure))
        {
            yield return $"its commit history could not be read to its end ({failure}): commits of it may be missing from this audit.";
        }
    }
}
