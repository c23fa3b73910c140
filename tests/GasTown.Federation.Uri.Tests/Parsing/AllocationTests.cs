namespace GasTown.Federation.Uri.Tests.Parsing;

/// <summary>A guard beside the benchmarks: the hot paths must not allocate.</summary>
public sealed class AllocationTests
{
    private const int Iterations = 10_000;
    private const int Rounds = 3;

    [Fact]
    public void TryParse_of_a_canonical_string_allocates_nothing()
    {
        var text = "gt://steve@example.com/main-town/gastown/gt-xyz";
        var sink = 0;
        var allocated = FewestBytesAllocatedBy(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                GtUri.TryParse(text, out var uri);
                sink += uri.WorkIdSpan.Length + uri.ChainSpan.Length + uri.RigSpan.Length + uri.EntitySpan.Length;
            }
        });

        allocated.ShouldBe(0);
        sink.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_non_canonical_input_allocates_its_canonical_string_once()
    {
        var text = "hop://Steve@Example.com/main-town/gastown/gt-xyz";
        var uri = default(GtUri);
        var allocated = FewestBytesAllocatedBy(() => GtUri.TryParse(text, out uri));
        uri.ToString().ShouldBe("gt://steve@example.com/main-town/gastown/gt-xyz");

        // One string of 47 chars: 20 bytes of header and length + 2 per char (+ terminator, rounded up).
        allocated.ShouldBeInRange(100, 130);
    }

    [Fact]
    public void Formatting_to_spans_allocates_nothing()
    {
        var uri = GtUri.Parse("gt://steve@example.com/main-town/gastown/gt-xyz");
        var chars = new char[64];
        var bytes = new byte[64];
        var total = 0;
        var allocated = FewestBytesAllocatedBy(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                uri.TryFormat(chars, out var c);
                uri.TryFormat(bytes, out var b);
                total += c + b;
            }
        });

        allocated.ShouldBe(0);
        total.ShouldBe((Rounds + 1) * Iterations * 2 * uri.Length);
    }

    [Fact]
    public void A_failed_TryParse_without_error_details_allocates_nothing()
    {
        var text = "gt://acme.com/eng?x=1";
        var failures = 0;
        var allocated = FewestBytesAllocatedBy(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                failures += GtUri.TryParse(text, out _) ? 0 : 1;
            }
        });

        allocated.ShouldBe(0);
        failures.ShouldBe((Rounds + 1) * Iterations);
    }

    /// <summary>
    /// The fewest bytes <paramref name="loop"/> allocates on this thread in any of <see cref="Rounds"/> runs, after one
    /// run to warm it up. A hot path that allocates does so in every run (10,000 calls allocate kilobytes); the runtime's
    /// own one-off work on the test thread (loading a type, a method tiering up) shows in one run at most, and failed CI
    /// once with 1,192 bytes. So a single run's count is noise, and the fewest of several is the path's own.
    /// </summary>
    private static long FewestBytesAllocatedBy(Action loop)
    {
        loop();
        var fewest = long.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            loop();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
