namespace GasTown.Federation.Query;

/// <summary>
/// A unit's state by URI as the whole ready answer (<see cref="IndexedReadyQuery"/>'s <c>UnitOf</c>) finds it, for the
/// indexed ready page's walk and the ready gaps: null when no available known chain has it, remembered by unit. A chain
/// no one registered is never asked for (asking would try it, and the whole answer tries only the chains its blocking
/// edges and followed delegations name); a known chain is asked for through <see cref="TouchedChains"/>, which reports it.
/// </summary>
internal sealed class IndexedUnitStates
{
    private readonly IQueryIndexReader _reader;
    private readonly TouchedChains _chains;
    private readonly HashSet<GtUri> _known;
    private readonly Dictionary<string, QueryIndexUnitState?> _states = new(StringComparer.Ordinal);

    /// <param name="reader">The index read.</param>
    /// <param name="chains">The chains the query asked for.</param>
    /// <param name="known">The chains the store knows (their chain URIs).</param>
    public IndexedUnitStates(IQueryIndexReader reader, TouchedChains chains, HashSet<GtUri> known)
    {
        _reader = reader;
        _chains = chains;
        _known = known;
    }

    /// <summary>How many units are remembered (the caller bounds it with <see cref="Forget"/>).</summary>
    public int Count => _states.Count;

    /// <summary>Forgets every remembered unit (they are looked up again when asked for).</summary>
    public void Forget() => _states.Clear();

    /// <summary>The unit's state; null when no available known chain has it.</summary>
    /// <exception cref="IndexCannotAnswerException">The index cannot tell exactly (see <see cref="IQueryIndexReader.TryFindWorkUnitState"/>): the query loads chains.</exception>
    public QueryIndexUnitState? Of(GtUri uri)
    {
        if (!_known.Contains(uri.ChainUri))
        {
            return null;
        }

        var key = WorkUnitKey.Of(uri);
        if (_states.TryGetValue(key, out var state))
        {
            return state;
        }

        state = null;
        if (_chains.Get(uri) is { Unavailable: null } && !_reader.TryFindWorkUnitState(uri.ChainUri, uri.WorkId!, out state))
        {
            throw new IndexCannotAnswerException();
        }

        _states[key] = state;
        return state;
    }
}
