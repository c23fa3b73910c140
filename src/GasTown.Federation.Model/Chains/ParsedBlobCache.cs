using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Model;

/// <summary>
/// The default <see cref="IParsedBlobCache"/>: an in-memory, thread-safe map with a simple bound.
/// When it holds <see cref="Capacity"/> entries and a new one arrives, it is emptied and starts again
/// (blob ids never go stale, so the only cost of a flush is parsing again).
/// </summary>
public sealed class ParsedBlobCache : IParsedBlobCache
{
    /// <summary>The default number of parsed blobs kept.</summary>
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<(Type Type, string ContentId), object> _entries = new();

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

    /// <summary>The number of parsed blobs kept before the cache is emptied.</summary>
    public int Capacity { get; }

    /// <summary>The number of parsed blobs held now.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public bool TryGet<T>(string contentId, [NotNullWhen(true)] out T? value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(contentId);
        if (_entries.TryGetValue((typeof(T), contentId), out var cached))
        {
            value = (T)cached;
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
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[(typeof(T), contentId)] = value;
    }

    /// <summary>Empties the cache.</summary>
    public void Clear() => _entries.Clear();
}
