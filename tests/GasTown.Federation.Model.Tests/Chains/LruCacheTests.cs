namespace GasTown.Federation.Model.Tests.Chains;

public sealed class LruCacheTests
{
    [Fact]
    public void Evicts_the_least_recently_used_entry_and_counts_hits_and_misses()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.TryGet("a", out _).ShouldBeTrue();   // a is now the most recent
        cache.Set("c", 3);                          // evicts b

        cache.TryGet("b", out _).ShouldBeFalse();
        cache.TryGet("a", out var a).ShouldBeTrue();
        a.ShouldBe(1);
        cache.Count.ShouldBe(2);
        cache.Hits.ShouldBe(2);
        cache.Misses.ShouldBe(1);
        cache.Remove("a").ShouldBeTrue();
        cache.Count.ShouldBe(1);
        cache.Clear();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Is_safe_under_concurrent_use()
    {
        var cache = new LruCache<int, int>(16);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                cache.Set((i * 7) + t, i);
                cache.TryGet(i + t, out _);
            }
        }, TestContext.Current.CancellationToken)));

        cache.Count.ShouldBe(16);
        (cache.Hits + cache.Misses).ShouldBe(40_000);
    }

    [Fact]
    public void A_capacity_below_one_is_refused() => Should.Throw<ArgumentOutOfRangeException>(() => new LruCache<string, string>(0));
}
