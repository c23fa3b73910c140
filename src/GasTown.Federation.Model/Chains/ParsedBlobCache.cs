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

    private readonly LruCache<(Type Type, string ContentId), object> _entries;

    /// <summary>Creates a cache of <see cref="DefaultCapacity"/> entries.</summary>
    public ParsedBlobCache()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a cache that keeps up to <paramref name="capacity"/> parsed blobs.</summary>
    /// <param name="capacity">The number of entries, at least 1.</param>
    public ParsedBlobCache(int capacity)
    {
        _entries = new LruCache<(Type Type, string ContentId), object>(capacity);
    }

    /// <summary>The most parsed blobs kept; beyond it the least recently used one is evicted.</summary>
    public int Capacity => _entries.Capacity;

    /// <summary>The number of parsed blobs held now.</summary>
    public int Count => _entries.Count;

    /// <summary>How many lookups found their blob (for diagnostics and tests).</summary>
    public long Hits => _entries.Hits;

    /// <summary>How many lookups missed.</summary>
    public long Misses => _entries.Misses;

    /// <inheritdoc />
    public bool TryGet<T>(string contentId, [NotNullWhen(true)] out T? value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(contentId);
        if (_entries.TryGet((typeof(T), contentId), out var found))
        {
            value = (T)found;
            return true;
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
        _entries.Set((typeof(T), contentId), value);
    }

    /// <summary>Empties the cache (the hit and miss counts are kept).</summary>
    public void Clear() => _entries.Clear();
}
