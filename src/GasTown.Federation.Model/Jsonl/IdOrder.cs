namespace GasTown.Federation.Model;

/// <summary>
/// The order beads' exporter sorts ids in: Go's <c>cmp.Compare</c> on strings, i.e. UTF-8 byte order. That is code
/// point order, which differs from .NET's ordinal (UTF-16 code unit) order only for characters beyond U+FFFF
/// against U+E000–U+FFFF; this comparer fixes that case up so the two never disagree.
/// </summary>
internal sealed class IdOrder : IComparer<string>
{
    public static IdOrder Instance { get; } = new();

    public static int CompareIds(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        int a = x[common], b = y[common];
        if (a >= 0xD800 && b >= 0xD800)
        {
            // Surrogates (D800–DFFF) stand for code points above FFFF: move them above E000–FFFF.
            a = a >= 0xE000 ? a - 0x800 : a + 0x2000;
            b = b >= 0xE000 ? b - 0x800 : b + 0x2000;
        }

        return a.CompareTo(b);
    }

    public int Compare(string? x, string? y) => CompareIds(x, y);
}
