namespace GasTown.Federation.Uri.Tests.Parsing;

/// <summary>A guard beside the benchmarks: the hot paths must not allocate.</summary>
public sealed class AllocationTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void TryParse_of_a_canonical_string_allocates_nothing()
    {
        var text = "gt://steve@example.com/main-town/gastown/gt-xyz";
        var sink = 0;
        for (var i = 0; i < 100; i++)
        {
            sink += GtUri.TryParse(text, out var warm) ? warm.Length : 0;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            GtUri.TryParse(text, out var uri);
            sink += uri.WorkIdSpan.Length + uri.ChainSpan.Length + uri.RigSpan.Length + uri.EntitySpan.Length;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBe(0);
        sink.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_non_canonical_input_allocates_its_canonical_string_once()
    {
        var text = "hop://Steve@Example.com/main-town/gastown/gt-xyz";
        GtUri.TryParse(text, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        GtUri.TryParse(text, out var uri);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        uri.ToString().ShouldBe("gt://steve@example.com/main-town/gastown/gt-xyz");

        // One string of 47 chars: 20 bytes of header and length + 2 per char (+ terminator, rounded up).
        allocated.ShouldBeInRange(100, 130);
    }

    [Fact]
    public void Formatting_to_spans_allocates_nothing()
    {
        var uri = GtUri.Parse("gt://steve@example.com/main-town/gastown/gt-xyz");
        Span<char> chars = stackalloc char[64];
        Span<byte> bytes = stackalloc byte[64];
        uri.TryFormat(chars, out _);
        uri.TryFormat(bytes, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0;
        for (var i = 0; i < Iterations; i++)
        {
            uri.TryFormat(chars, out var c);
            uri.TryFormat(bytes, out var b);
            total += c + b;
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        total.ShouldBe(Iterations * 2 * uri.Length);
    }

    [Fact]
    public void A_failed_TryParse_without_error_details_allocates_nothing()
    {
        var text = "gt://acme.com/eng?x=1";
        GtUri.TryParse(text, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            GtUri.TryParse(text, out _).ShouldBeFalse();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
