using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using GasTown.Federation;

namespace GasTown.Federation.Benchmarks.Uri;

/// <summary>
/// Parsing the seed's four-segment URI. Targets (DESIGN §10): GtUri.TryParse from a string at least 10× faster than
/// <c>new System.Uri</c>, at most 2× a bare span scan, 0 bytes allocated.
/// </summary>
[MemoryDiagnoser]
public class GtUriParseBenchmarks
{
    private const string Text = "gt://steve@example.com/main-town/gastown/gt-xyz";
    private static readonly byte[] Utf8 = Encoding.UTF8.GetBytes(Text);
    private static readonly SearchValues<char> UriChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_@:+/");

    /// <summary>The BCL's URI parser (which also gets the '@' wrong: it reads user-info).</summary>
    [Benchmark(Baseline = true)]
    public System.Uri SystemUri() => new(Text);

    /// <summary><c>new System.Uri</c> parses lazily; reading the parts a caller needs (user-info, host, path) does the work.</summary>
    [Benchmark]
    public int SystemUriWithParts()
    {
        var uri = new System.Uri(Text);
        return uri.UserInfo.Length + uri.Host.Length + uri.AbsolutePath.Length;
    }

    /// <summary>The least any parser must do: look at every character once, count '/' and check the character set.</summary>
    [Benchmark]
    public int BareScanUtf16() => BareScan(Text);

    /// <summary>The same bare scan with the BCL's vectorised span helpers (SearchValues, Count).</summary>
    [Benchmark]
    public int BareScanUtf16Vectorized() => Text.AsSpan().ContainsAnyExcept(UriChars) ? -1 : Text.AsSpan().Count('/');

    /// <summary>The same bare scan over UTF-8 bytes.</summary>
    [Benchmark]
    public int BareScanUtf8() => BareScan(Utf8);

    [Benchmark]
    public GtUri TryParseString()
    {
        GtUri.TryParse(Text, out var uri);
        return uri;
    }

    /// <summary>A non-canonical input (hop://, upper-case entity) allocates its canonical string once.</summary>
    [Benchmark]
    public GtUri TryParseNonCanonical()
    {
        GtUri.TryParse("hop://Steve@Example.com/main-town/gastown/gt-xyz", out var uri);
        return uri;
    }

    /// <summary>UTF-8 has no string to reuse: this allocates the canonical string once.</summary>
    [Benchmark]
    public GtUri TryParseUtf8()
    {
        GtUri.TryParse(Utf8, out var uri);
        return uri;
    }

    /// <summary>Parsing and then reading every part through the span accessors.</summary>
    [Benchmark]
    public int TryParseStringAndReadParts()
    {
        GtUri.TryParse(Text, out var uri);
        return uri.EntitySpan.Length + uri.ChainSpan.Length + uri.RigSpan.Length + uri.WorkIdSpan.Length;
    }

    private static int BareScan(ReadOnlySpan<char> s)
    {
        var slashes = 0;
        foreach (var c in s)
        {
            if (c == '/')
            {
                slashes++;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' or ':' or '+'))
            {
                return -1;
            }
        }

        return slashes;
    }

    private static int BareScan(ReadOnlySpan<byte> s)
    {
        var slashes = 0;
        foreach (var b in s)
        {
            if (b == '/')
            {
                slashes++;
            }
            else if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_' or (byte)'@' or (byte)':' or (byte)'+'))
            {
                return -1;
            }
        }

        return slashes;
    }
}
