namespace GasTown.Federation.GitTransport.Tests;

public sealed class LruParsedBlobCacheTests
{
    [Fact]
    public void The_least_recently_used_blob_is_evicted_first()
    {
        var cache = new LruParsedBlobCache(2);
        cache.Set("a", "parsed a");
        cache.Set("b", "parsed b");
        cache.TryGet<string>("a", out _).ShouldBeTrue();

        cache.Set("c", "parsed c");

        cache.TryGet<string>("b", out _).ShouldBeFalse();
        cache.TryGet<string>("a", out var a).ShouldBeTrue();
        a.ShouldBe("parsed a");
        cache.Count.ShouldBe(2);
    }

    [Fact]
    public void One_blob_parsed_as_two_types_is_two_entries()
    {
        var cache = new LruParsedBlobCache();
        cache.Set("blob", "as text");
        cache.Set("blob", new[] { 1, 2 });

        cache.TryGet<string>("blob", out var text).ShouldBeTrue();
        cache.TryGet<int[]>("blob", out var numbers).ShouldBeTrue();
        text.ShouldBe("as text");
        numbers.ShouldBe([1, 2]);
        cache.Hits.ShouldBe(2);
    }

    [Fact]
    public void Capacity_must_be_positive()
        => Should.Throw<ArgumentOutOfRangeException>(() => new LruParsedBlobCache(0));
}
