using System.Globalization;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// The audit entries dated past the query's cutoff (<see cref="Tolerance"/> after its clock), left out of the timeline and
/// said in their chain's <see cref="ChainState"/> (a note naming the newest such date), as its dropped lines are. An audit
/// is newest first, so an entry dated in the year 9999, which any remote can write into its events, work units or commits,
/// headed every page above everyone's real work for ever: a chain cannot have done what it dates in the future. Both paths
/// say the same: a load removes what it read; the index removes what it read and asks for the newest fact past the cutoff
/// of each chain it did not read (<see cref="IQueryIndexReader.GetAuditFactsAfter"/>). Instants are compared in the
/// whole seconds an index keeps (<see cref="AuditSeconds"/>).
/// </summary>
internal sealed class FutureDatedEntries
{
    /// <summary>How far past the query's clock an entry may be dated and still be shown: clocks that differ by hours are common.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromDays(1);

    private readonly Dictionary<GtUri, long> _newestByChain = [];

    /// <summary>The cutoff of a query whose clock reads <paramref name="now"/>.</summary>
    public FutureDatedEntries(DateTimeOffset now)
    {
        Cutoff = CutoffOf(now);
        CutoffSecond = AuditSeconds.Of(Cutoff);
    }

    /// <summary>The newest instant an entry may be dated (its whole second included).</summary>
    public DateTimeOffset Cutoff { get; }

    /// <summary>The newest instant an entry of a query whose clock reads <paramref name="now"/> may be dated.</summary>
    public static DateTimeOffset CutoffOf(DateTimeOffset now)
        => now > DateTimeOffset.MaxValue - Tolerance ? DateTimeOffset.MaxValue : (now + Tolerance).ToUniversalTime();

    /// <summary><see cref="Cutoff"/> in whole seconds: an entry in a later second is left out.</summary>
    public long CutoffSecond { get; }

    /// <summary>Removes from <paramref name="entries"/> those dated past the cutoff, remembering the newest of each chain.</summary>
    public void Remove(List<AuditEntry> entries)
    {
        entries.RemoveAll(entry =>
        {
            // Every entry an audit makes names its chain (an event or a commit) or a unit of it (a bead): one without could
            // not be said, so it is not left out.
            var second = AuditSeconds.Of(entry.Timestamp);
            if (second <= CutoffSecond || entry.Uri is not { } uri)
            {
                return false;
            }

            Add(uri.ChainUri, second);
            return true;
        });
    }

    /// <summary>Remembers that <paramref name="chain"/> dates a matching fact at <paramref name="second"/> (whole Unix seconds) past the cutoff.</summary>
    public void Add(GtUri chain, long second)
    {
        if (second > CutoffSecond && (!_newestByChain.TryGetValue(chain, out var newest) || second > newest))
        {
            _newestByChain[chain] = second;
        }
    }

    /// <summary><paramref name="states"/> with a note in each chain that dated entries past the cutoff.</summary>
    public IReadOnlyList<ChainState> ApplyTo(IReadOnlyList<ChainState> states)
    {
        if (_newestByChain.Count == 0)
        {
            return states;
        }

        return [.. states.Select(state => _newestByChain.TryGetValue(state.Chain, out var newest)
            ? state with { Notes = [.. state.Notes, Note(newest)] }
            : state)];
    }

    // Said without the cutoff itself, which moves with the clock: two reads of the same federation a second apart say the same.
    private static string Note(long newest)
    {
        var latest = AuditSeconds.InstantOf(newest);
        return string.Create(CultureInfo.InvariantCulture,
            $"it dates audit entries more than a day past this query's clock, the newest at {latest:yyyy-MM-ddTHH:mm:ssZ}: they are left out of this audit, since nothing can have happened in the future (a wrong clock, or dates written to head every audit).");
    }
}
