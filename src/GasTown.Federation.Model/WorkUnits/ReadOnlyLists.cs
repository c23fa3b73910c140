namespace GasTown.Federation.Model;

/// <summary>Defensive copies for the model's collections.</summary>
internal static class ReadOnlyLists
{
    /// <summary>Returns <paramref name="source"/> when it is already one of ours, else a private copy (null becomes empty).</summary>
    public static IReadOnlyList<T> Copy<T>(IEnumerable<T>? source)
    {
        switch (source)
        {
            case null:
                return ReadOnlyArray<T>.Empty;
            case ReadOnlyArray<T> ours:
                return ours;
            default:
                var items = source.ToArray();
                return items.Length == 0 ? ReadOnlyArray<T>.Empty : new ReadOnlyArray<T>(items);
        }
    }

    /// <summary>Wraps an array the caller promises never to touch again.</summary>
    public static IReadOnlyList<T> Own<T>(T[] items) => items.Length == 0 ? ReadOnlyArray<T>.Empty : new ReadOnlyArray<T>(items);
}
