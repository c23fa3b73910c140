using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// Counts a chain's dependency edges against <see cref="ChainLimits.MaxDependencies"/> before its issues files are parsed.
/// Each file is first bounded by its <c>{</c> bytes (a vectorised count: every dependency is an object, and an object
/// starts with one); only when the bounds of the files read so far pass the limit are they counted exactly, by a
/// tokenising pass that keeps nothing and counts the elements of each line's top-level <c>dependencies</c> array, as the
/// reader will read it (<see cref="CountLine"/>: an escaped key too; a line longer than the line limit adds none). The
/// index counts the same edges (rows of the units it keeps, and this count of each line it does not keep).
/// </summary>
internal sealed class DependencyEdgeCount(long maximum, int maxLineBytes)
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly List<(ReadOnlyMemory<byte> Content, long Count, bool Exact)> _files = [];
    private long _total;

    /// <summary>Adds a file; true while the chain's edges are within the limit, false (with the exact count) once past it.</summary>
    public bool TryAdd(ReadOnlyMemory<byte> content, out long total)
    {
        var bound = (long)content.Span.Count((byte)'{');
        _files.Add((content, bound, false));
        _total += bound;
        if (_total > maximum)
        {
            // Past the limit by the bounds: count exactly every file not yet counted.
            _total = 0;
            for (var i = 0; i < _files.Count; i++)
            {
                var (file, count, exact) = _files[i];
                if (!exact)
                {
                    count = Count(file.Span, maxLineBytes);
                    _files[i] = (file, count, true);
                }

                _total += count;
            }
        }

        total = _total;
        return _total <= maximum;
    }

    /// <summary>The elements of every line's top-level <c>dependencies</c> array, over lines the reader parses.</summary>
    internal static long Count(ReadOnlySpan<byte> content, int maxLineBytes)
    {
        if (content.StartsWith(Utf8Bom))
        {
            content = content[Utf8Bom.Length..];
        }

        long total = 0;
        while (!content.IsEmpty)
        {
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? default : content[(end + 1)..];

            // Measured as the reader measures it: a CRLF line's length leaves its '\r' out.
            line = line[..JsonlLines.ContentLength(line, end >= 0)];

            if (line.Length <= maxLineBytes && line.IndexOf((byte)'{') >= 0)
            {
                total += CountLine(line);
            }
        }

        return total;
    }

    /// <summary>
    /// The edges the reader makes of one line (not longer than the line limit): the elements of its top-level
    /// <c>dependencies</c> array, the last such key's if it repeats (the reader keeps the last); none when an element is
    /// not an object or the line is not JSON, since the reader then drops the line. The index counts a line it does not
    /// keep as a unit by this rule too, so that the index and a load decide <see cref="ChainLimits.MaxDependencies"/> alike.
    /// </summary>
    internal static long CountLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = ChainLimits.MaxJsonDepth });
        long count = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDependencies = reader.ValueTextEquals("dependencies"u8);
                reader.Read();
                if (!isDependencies)
                {
                    reader.Skip();
                    continue;
                }

                count = 0;
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    // The reader drops a line whose dependencies are neither an array nor null.
                    return 0;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return 0;
                    }

                    count++;
                    reader.Skip();
                }
            }

            return count;
        }
        catch (JsonException)
        {
            // A line the reader drops holds no edge.
            return 0;
        }
    }
}
