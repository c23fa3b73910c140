using BenchmarkDotNet.Attributes;
using GasTown.Federation;

namespace GasTown.Federation.Benchmarks.Uri;

/// <summary>Formatting to a span. Target (DESIGN §10): 0 bytes allocated.</summary>
[MemoryDiagnoser]
public class GtUriFormatBenchmarks
{
    private const string Text = "gt://steve@example.com/main-town/gastown/gt-xyz";
    private static readonly System.Uri SystemUri = new(Text);
    private static readonly GtUri Uri = GtUri.Parse(Text);
    private readonly char[] _chars = new char[128];
    private readonly byte[] _bytes = new byte[128];

    /// <summary>The BCL's <see cref="System.Uri"/> formatting into a char span.</summary>
    [Benchmark(Baseline = true)]
    public int SystemUriTryFormat()
    {
        ((ISpanFormattable)SystemUri).TryFormat(_chars, out var written, default, null);
        return written;
    }

    [Benchmark]
    public int TryFormatChars()
    {
        Uri.TryFormat(_chars, out var written);
        return written;
    }

    [Benchmark]
    public int TryFormatUtf8()
    {
        Uri.TryFormat(_bytes, out var written);
        return written;
    }

    /// <summary>Through the interface, as string interpolation and Utf8Formatter-style callers use it.</summary>
    [Benchmark]
    public int TryFormatUtf8ViaInterface()
    {
        ((IUtf8SpanFormattable)Uri).TryFormat(_bytes, out var written, default, null);
        return written;
    }
}
