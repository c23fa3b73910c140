using GasTown.Federation;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Loaded chains by (remote, commit id), least recently used evicted first. A commit's tree
/// never changes, so a cached chain is valid for as long as the commit is the one asked for:
/// a warm query costs a dictionary lookup.
/// </summary>
/// <remarks>
/// The key holds everything a load depends on (the remote's name, chain and rig, and the commit),
/// so a remote re-registered under the same name for another chain or rig never sees the old answer.
/// </remarks>
internal sealed class LoadedChainCache
{
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<LoadedChainKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();

    public LoadedChainCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(LoadedChainKey key, out Chain chain)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                chain = node.Value.Chain;
                return true;
            }
        }

        chain = null!;
        return false;
    }

    public void Add(LoadedChainKey key, Chain chain)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst(new Entry(key, chain));
            while (_entries.Count > _capacity && _recency.Last is { } last)
            {
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    private sealed record Entry(LoadedChainKey Key, Chain Chain);
}

/// <summary>What a loaded chain depends on: the remote's registration and the commit read.</summary>
internal readonly record struct LoadedChainKey(string Remote, GtUri Chain, string? Rig, string Commit);
