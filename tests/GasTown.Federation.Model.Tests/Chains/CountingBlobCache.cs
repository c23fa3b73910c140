using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Model.Tests.Chains;

/// <summary>The real <see cref="ParsedBlobCache"/>, counting how often the loader had to parse (a Set follows every parse) and how often it reused.</summary>
internal sealed class CountingBlobCache : IParsedBlobCache
{
    private readonly ParsedBlobCache _inner = new();

    public List<(Type Type, string ContentId)> Parsed { get; } = [];

    public int Hits { get; private set; }

    public bool TryGet<T>(string contentId, [NotNullWhen(true)] out T? value)
        where T : class
    {
        var found = _inner.TryGet(contentId, out value);
        Hits += found ? 1 : 0;
        return found;
    }

    public void Set<T>(string contentId, T value)
        where T : class
    {
        Parsed.Add((typeof(T), contentId));
        _inner.Set(contentId, value);
    }
}
