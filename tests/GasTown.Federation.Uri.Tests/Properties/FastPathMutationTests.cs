using GasTown.Federation.Parsing;

namespace GasTown.Federation.Uri.Tests.Properties;

/// <summary>
/// Exhaustive single-character mutations of valid URIs of every length class (scalar fast path, 256/512-bit vector
/// path, the in-place and the shifted register loads): wherever a fast path accepts, the precise path must accept with
/// the same layout, and the public parser must agree with the precise path alone.
/// </summary>
public sealed class FastPathMutationTests
{
    private static readonly string[] Seeds =
    [
        "gt://a.co/b",
        "gt://acme.com/eng/ac-123",
        "gt://alice@example.com/town/gt-x",
        "gt://steve@example.com/main-town/gastown/gt-xyz",
        "gt://first.last+tag@sub.example.co.uk/town/beads/bd-mol-xga.10",
        "gt://a-b@xn--bcher-kva.example/t.x_y/r-1/gt-wisp-050.1.2",
        "gt://ACME.com/Main-Town/gastown/gt-gastown-crew-max",
        "gt://example.org/a/b-c",
        "gt://" + new string('a', 20) + "@" + new string('b', 20) + ".com/" + new string('c', 10) + "/x-1",
    ];

    private static readonly char[] Replacements = ['.', '-', '@', '/', '_', '+', 'A', 'z', '9', ':', '%', ' ', '\0', 'а', '／'];

    public static IEnumerable<string> Mutations()
    {
        foreach (var seed in Seeds)
        {
            yield return seed;
            for (var i = 5; i <= seed.Length; i++)
            {
                foreach (var c in Replacements)
                {
                    if (i < seed.Length)
                    {
                        yield return string.Concat(seed.AsSpan(0, i), c.ToString(), seed.AsSpan(i + 1));
                    }

                    yield return seed.Insert(i, c.ToString());
                }

                if (i < seed.Length)
                {
                    yield return seed.Remove(i, 1);
                }
            }
        }
    }

    [Fact]
    public void Fast_paths_never_accept_what_the_precise_path_rejects()
    {
        var checkedCount = 0;
        foreach (var text in Mutations())
        {
            checkedCount++;
            var preciseOk = GtUriParser.TryReadPrecise(text, 5, out var precise, out _);
            if (GtUriFastPath.TryRead(text, 5, out var scalar))
            {
                preciseOk.ShouldBeTrue(text);
                scalar.ShouldBe(precise, text);
            }

            if (GtUriVectorPath.IsSupported && GtUriVectorPath.TryRead(text, 5, out var vector))
            {
                preciseOk.ShouldBeTrue(text);
                vector.ShouldBe(precise, text);
            }

            // The public parser (whichever path it takes) agrees with the precise path.
            if (text.StartsWith("gt://", StringComparison.Ordinal))
            {
                GtUri.TryParse(text, out _).ShouldBe(preciseOk, text);
            }
        }

        checkedCount.ShouldBeGreaterThan(10_000);
    }
}
