using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Query;

/// <summary>
/// The complete lines of each chain's event log that are no events, left out of an audit: counted into that chain's
/// <see cref="ChainState"/> (<see cref="ChainState.DroppedLines"/> and a note naming the first), as the lines of its issues
/// files that cannot be read are. Before, only the logger heard of them, and an audit over a log of garbage looked whole.
/// </summary>
internal sealed class DroppedEventLines
{
    private readonly Dictionary<GtUri, (int Count, string? First)> _byChain = [];

    /// <summary>
    /// Counts <paramref name="count"/> dropped lines of <paramref name="chain"/>'s log; <paramref name="first"/> says where
    /// the first was (an <see cref="EventLogDiagnostic"/> as text, as an index keeps it), when known.
    /// </summary>
    public void Add(GtUri chain, int count, string? first)
    {
        if (count <= 0)
        {
            return;
        }

        var (before, known) = _byChain.GetValueOrDefault(chain);
        _byChain[chain] = (before + count, known ?? first);
    }

    /// <summary>The complete lines of a log read in one pass that are no events (a torn last line is a writer still appending, not one).</summary>
    public void Add(GtUri chain, EventReadResult read)
    {
        var malformed = read.Diagnostics.Where(d => d.Kind == EventLogDiagnosticKind.MalformedLine).ToList();
        Add(chain, malformed.Count, malformed.FirstOrDefault()?.ToString());
    }

    /// <summary><paramref name="states"/> with each chain's dropped event lines counted in.</summary>
    public IReadOnlyList<ChainState> ApplyTo(IReadOnlyList<ChainState> states)
    {
        if (_byChain.Count == 0)
        {
            return states;
        }

        return [.. states.Select(state => _byChain.TryGetValue(state.Chain, out var dropped)
            ? state with
            {
                DroppedLines = state.DroppedLines + dropped.Count,
                Notes = [.. state.Notes, $"its event log ({EventLogPaths.EventsFileName}) holds {dropped.Count} line(s) that are no events, left out of this audit" + (dropped.First is null ? "." : $"; the first, {dropped.First}.")],
            }
            : state)];
    }
}
