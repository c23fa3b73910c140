using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Model;

/// <summary>
/// The default <see cref="IParsedBlobCache"/>: parsed files keyed by content id (git blob id) and
/// parsed type, bounded by entry count, least recently used evicted first. Unlike a flush-when-full
/// cache, the blobs a query keeps touching (the rigs of the chains in use) stay parsed while old
/// snapshots age out, so an unchanged file after a new fetch costs one lookup. Thread-safe.
/// </summary>
public sealed class ParsedBlobCache : IParsedBlobCache
{
    /// <summary>The default number of parsed blobs kept.</summary>
    public const int DefaultCapacity = 4096;

    // One lock over the map and the recency list: a lookup reorders the list, so reads write too,
    // and the critical sections are a few pointer moves (parsing happens outside, in the loader).
    private readonly Lock _gate = new();
    private readonly Dictionary<(Type Type, string ContentId), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache of <see cref="DefaultCapacity"/> entries.</summary>
    public ParsedBlobCache()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a cache that keeps up to <paramref name="capacity"/> parsed blobs.</summary>
    /// <param name="capacity">The number of entries, at least 1.</param>
    public ParsedBlobCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most parsed blobs kept; beyond it the least recently used one is evicted.</summary>
    public int Capacity { get; }

    /// <summary>The number of parsed blobs held now.</summary>
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

    /// <summary>How many lookups found their blob (for diagnostics and tests).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many lookups missed.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <inheritdoc />
    public bool TryGet<T>(string contentId, [NotNullWhen(true)] out T? value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(contentId);
        lock (_gate)
        {
            if (_entries.TryGetValue((typeof(T), contentId), out var node))
            {
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                _hits++;
                value = (T)node.Value.Value;
                return true;
            }

            _misses++;
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public void Set<T>(string contentId, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(contentId);
        ArgumentNullException.ThrowIfNull(value);
        var key = (typeof(T), contentId);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst(new Entry(key, value));
            while (_entries.Count > Capacity && _recency.Last is { } last)
            {
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
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

    private sealed record Entry((Type Type, string ContentId) Key, object Value);
}
