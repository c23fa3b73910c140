using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Model;

/// <summary>
/// The SDK's one least-recently-used cache: a bounded map where a lookup refreshes an entry and an
/// insert beyond <see cref="Capacity"/> evicts the entry used longest ago. Thread-safe.
/// </summary>
/// <remarks>
/// Every bounded cache of the SDK is one of these (<see cref="ParsedBlobCache"/>'s parsed blobs, GitTransport's
/// loaded chains and refused snapshots), so eviction, counting and locking are written once. One lock covers the
/// map and the recency list: a lookup reorders the list, so reads write too, and each critical section is a few
/// pointer moves (the expensive work — parsing, loading — happens outside, in the caller).
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries;
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache that keeps up to <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">The number of entries, at least 1.</param>
    /// <param name="comparer">The key comparer, or null for the default.</param>
    public LruCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>>(comparer);
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>The number of entries held now.</summary>
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

    /// <summary>How many lookups found their entry.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many lookups missed.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Looks up an entry and marks it most recently used.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
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

                _hits++;
                value = node.Value.Value;
                return true;
            }

            _misses++;
        }

        value = default;
        return false;
    }

    /// <summary>Stores (or replaces) an entry as the most recently used, evicting beyond <see cref="Capacity"/>.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst((key, value));
            while (_entries.Count > Capacity && _recency.Last is { } last)
            {
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    /// <summary>Removes an entry, if present.</summary>
    public bool Remove(TKey key)
    {
        lock (_gate)
        {
            if (!_entries.Remove(key, out var node))
            {
                return false;
            }

            _recency.Remove(node);
            return true;
        }
    }

    /// <summary>Empties the cache (the hit and miss counts are kept).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }
}
