using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>The real beads-sync fixture, split into lines (without their LF).</summary>
internal static class FixtureLines
{
    private static readonly Lazy<byte[]> LazyBytes = new(Fixtures.BeadsSyncIssuesBytes);

    public static byte[] Bytes => LazyBytes.Value;

    public static List<byte[]> Lines() => Lines(Bytes);

    public static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var span = bytes.AsSpan();
        while (!span.IsEmpty)
        {
            var newline = span.IndexOf((byte)'\n');
            lines.Add(span[..newline].ToArray());
            span = span[(newline + 1)..];
        }

        return lines;
    }

    public static byte[] Join(IEnumerable<byte[]> lines, string ending = "\n")
    {
        using var stream = new MemoryStream();
        var end = System.Text.Encoding.ASCII.GetBytes(ending);
        foreach (var line in lines)
        {
            stream.Write(line);
            stream.Write(end);
        }

        return stream.ToArray();
    }

    public static string Text(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>
    /// Asserts two files are byte-identical; on failure names the first differing byte and its line. (Shouldly's
    /// ShouldBe compares large arrays element by element, which is far too slow for a 46 MB file.)
    /// </summary>
    public static void ShouldBeBytes(this byte[] actual, byte[] expected)
    {
        var common = actual.AsSpan().CommonPrefixLength(expected);
        if (common == actual.Length && common == expected.Length)
        {
            return;
        }

        var line = actual.AsSpan(0, common).Count((byte)'\n') + 1;
        var start = Math.Max(0, common - 60);
        Assert.Fail(
            $"The bytes differ at offset {common} (line {line}); lengths {actual.Length} and {expected.Length}.\n" +
            $"  actual   ...{Text(actual.AsSpan(start, Math.Min(120, actual.Length - start)))}\n" +
            $"  expected ...{Text(expected.AsSpan(start, Math.Min(120, expected.Length - start)))}");
    }
}
