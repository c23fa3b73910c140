using System.Collections;

namespace GasTown.Federation.Model;

/// <summary>
/// An array nobody else can reach, behind <see cref="IReadOnlyList{T}"/>. The model's collections are of this
/// type, so a caller cannot cast them back to an array and change a record that others share.
/// </summary>
internal sealed class ReadOnlyArray<T> : IReadOnlyList<T>
{
    private readonly T[] _items;

    internal ReadOnlyArray(T[] items) => _items = items;

    public static ReadOnlyArray<T> Empty { get; } = new([]);

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public ReadOnlySpan<T> AsSpan() => _items;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
