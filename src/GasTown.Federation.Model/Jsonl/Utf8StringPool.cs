using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// Shares one string per distinct short ASCII value within a document (actor names, dependency targets, label
/// names, reasons): a 100k-issue file repeats the same few thousand values hundreds of thousands of times.
/// </summary>
internal sealed class Utf8StringPool
{
    private const int MaxPooledLength = 96;
    private const int MaxEntries = 1 << 20;

    // Small at first: a document of one line (a unit read back from the federation index, a query's page of them) needs a
    // handful of entries, and a whole file grows the table in a few doublings.
    private const int InitialEntries = 32;

    private string?[] _entries = new string?[InitialEntries];
    private uint[] _hashes = new uint[InitialEntries];
    private int _count;

    public string GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxPooledLength || !Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = Hash(utf8);
        var mask = _entries.Length - 1;
        var index = (int)(hash & (uint)mask);
        while (_entries[index] is { } existing)
        {
            if (_hashes[index] == hash && Ascii.Equals(utf8, existing))
            {
                return existing;
            }

            index = (index + 1) & mask;
        }

        var value = Encoding.ASCII.GetString(utf8);
        if (_count >= MaxEntries)
        {
            return value;
        }

        _entries[index] = value;
        _hashes[index] = hash;
        if (++_count * 2 > _entries.Length)
        {
            Grow();
        }

        return value;
    }

    private void Grow()
    {
        var oldEntries = _entries;
        var oldHashes = _hashes;
        _entries = new string?[oldEntries.Length * 2];
        _hashes = new uint[oldEntries.Length * 2];
        var mask = _entries.Length - 1;
        for (var i = 0; i < oldEntries.Length; i++)
        {
            if (oldEntries[i] is not { } value)
            {
                continue;
            }

            var index = (int)(oldHashes[i] & (uint)mask);
            while (_entries[index] is not null)
            {
                index = (index + 1) & mask;
            }

            _entries[index] = value;
            _hashes[index] = oldHashes[i];
        }
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a: short keys, no need for anything stronger (collisions only cost a comparison).
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
