namespace GasTown.Federation.GitTransport.Tests;

public sealed class FetchPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, false, false, false, true)]
    [InlineData(-5, true, false, false, false)]
    [InlineData(-20, true, false, false, true)]
    [InlineData(null, true, false, false, true)]
    public void Each_policy_fetches_when_it_should(int? minutesAgo, bool hasData, bool never, bool ifMissing, bool ifOlderThan10Minutes)
    {
        DateTimeOffset? last = minutesAgo is { } m ? Now.AddMinutes(m) : null;

        FetchPolicy.Never.ShouldFetch(last, hasData, Now).ShouldBe(never);
        FetchPolicy.IfMissing.ShouldFetch(last, hasData, Now).ShouldBe(ifMissing || !hasData);
        FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(10)).ShouldFetch(last, hasData, Now).ShouldBe(ifOlderThan10Minutes);
    }

    [Fact]
    public void A_ttl_must_be_positive()
        => Should.Throw<ArgumentOutOfRangeException>(() => FetchPolicy.IfOlderThan(TimeSpan.Zero));

    [Fact]
    public void Policies_compare_by_value()
    {
        FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(3)).ShouldBe(FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(3)));
        FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(3)).ToString().ShouldBe("IfOlderThan(00:03:00)");
    }
}
