namespace GasTown.Federation.Model.Tests.Chains;

public sealed class ParsedBlobCacheTests
{
    [Fact]
    public void The_least_recently_used_blob_is_evicted_first()
    {
        var cache = new ParsedBlobCache(2);
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
    public void A_full_cache_evicts_one_entry_and_does_not_flush()
    {
        var cache = new ParsedBlobCache(100);
        for (var i = 0; i < 100; i++)
        {
            cache.Set($"blob-{i}", $"parsed {i}");
        }

        cache.Set("one-more", "parsed");

        cache.Count.ShouldBe(100);
        cache.TryGet<string>("blob-0", out _).ShouldBeFalse();
        cache.TryGet<string>("blob-1", out var kept).ShouldBeTrue();
        kept.ShouldBe("parsed 1");
        cache.TryGet<string>("one-more", out _).ShouldBeTrue();
    }

    [Fact]
    public void Setting_a_held_blob_again_replaces_it_without_growing()
    {
        var cache = new ParsedBlobCache(2);
        cache.Set("a", "old");
        cache.Set("a", "new");

        cache.Count.ShouldBe(1);
        cache.TryGet<string>("a", out var a).ShouldBeTrue();
        a.ShouldBe("new");
    }

    [Fact]
    public void One_blob_parsed_as_two_types_is_two_entries()
    {
        var cache = new ParsedBlobCache();
        cache.Set("blob", "as text");
        cache.Set("blob", new[] { 1, 2 });

        cache.TryGet<string>("blob", out var text).ShouldBeTrue();
        cache.TryGet<int[]>("blob", out var numbers).ShouldBeTrue();
        text.ShouldBe("as text");
        numbers.ShouldBe([1, 2]);
        cache.Hits.ShouldBe(2);
        cache.TryGet<string>("other", out _).ShouldBeFalse();
        cache.Misses.ShouldBe(1);
    }

    [Fact]
    public void Clear_empties_the_cache()
    {
        var cache = new ParsedBlobCache();
        cache.Set("a", "parsed a");

        cache.Clear();

        cache.Count.ShouldBe(0);
        cache.TryGet<string>("a", out _).ShouldBeFalse();
    }

    [Fact]
    public void Concurrent_readers_and_writers_keep_the_bound_and_the_values()
    {
        var cache = new ParsedBlobCache(64);
        Parallel.For(0, 20_000, i =>
        {
            var id = $"blob-{i % 200}";
            if (cache.TryGet<string>(id, out var value))
            {
                value.ShouldBe("parsed " + id);
            }
            else
            {
                cache.Set(id, "parsed " + id);
            }
        });

        cache.Count.ShouldBe(64);
        (cache.Hits + cache.Misses).ShouldBe(20_000);
    }

    [Fact]
    public void The_default_capacity_is_kept()
        => new ParsedBlobCache().Capacity.ShouldBe(ParsedBlobCache.DefaultCapacity);

    [Fact]
    public void Capacity_must_be_positive()
        => Should.Throw<ArgumentOutOfRangeException>(() => new ParsedBlobCache(0));
}
