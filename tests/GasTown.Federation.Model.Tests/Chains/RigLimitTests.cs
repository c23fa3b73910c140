using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model.Tests.Chains;

/// <summary>
/// <see cref="ChainLimits.MaxRigs"/>: a remote of 20,000 one-line rigs cost its first index 270 s, each route an issues file
/// looked up and read. The routes file's lines are counted before any route is parsed or any issues file read.
/// </summary>
public sealed class RigLimitTests
{
    private const string Town = "{\"type\":\"town\",\"version\":2,\"name\":\"t\",\"owner\":\"alice@example.com\",\"created_at\":\"2025-12-30T10:00:00-08:00\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InMemoryChainSource Town_of(int rigs)
    {
        var source = new InMemoryChainSource().With("mayor/town.json", Town)
            .With(".beads/routes.jsonl", string.Concat(Enumerable.Range(0, rigs).Select(i => $"{{\"prefix\":\"r{i}-\",\"path\":\"r{i}\"}}\n")));
        for (var i = 0; i < rigs; i++)
        {
            source.With($"r{i}/.beads/issues.jsonl", $"{{\"id\":\"r{i}-1\",\"title\":\"x\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\"}}\n");
        }

        return source;
    }

    [Fact]
    public void The_default_is_a_thousand_rigs_and_below_one_is_named()
    {
        new ChainLimits().MaxRigs.ShouldBe(ChainLimits.DefaultMaxRigs);
        ChainLimits.DefaultMaxRigs.ShouldBe(1_000);
        new ChainLimits { MaxRigs = 0 }.Validate().ShouldHaveSingleItem().ShouldBe("ChainLimits.MaxRigs must be at least 1; it is 0.");
        Should.Throw<ArgumentException>(() => new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxRigs = -1 })).Message.ShouldContain("ChainLimits.MaxRigs");
    }

    [Fact]
    public void The_host_refuses_to_start_with_a_rig_limit_below_one()
    {
        using var provider = new ServiceCollection().AddGasTownFederationModel().Configure<ChainLimits>(l => l.MaxRigs = 0).BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChainLimits>>().Value).Message.ShouldContain("ChainLimits.MaxRigs");
    }

    [Fact]
    public async Task Routes_over_the_limit_refuse_the_chain_before_any_issues_file_is_read()
    {
        var cache = new CountingBlobCache();
        var loader = new ChainLoader(cache, null, new ChainLimits { MaxRigs = 3 });
        var source = Town_of(4);

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(source, null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.Rigs);
        error.Path.ShouldBe(".beads/routes.jsonl");
        error.Actual.ShouldBe(4);
        error.Maximum.ShouldBe(3);
        error.Message.ShouldContain("ChainLimits.MaxRigs");
        error.Message.ShouldContain("more than the limit of 3 rigs");
        source.Reads.ShouldBe(2, "town.json and routes.jsonl only: no issues file is read");
        cache.Parsed.ShouldNotContain(p => p.Type == typeof(RouteTable), "the routes are never parsed");

        (await loader.LoadAsync(Town_of(3), null, Ct)).Rigs.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_folder_chain_over_the_limit_is_unavailable_for_it_and_the_others_answer()
    {
        using var temp = new TempDirectory();
        var good = TownBuilder.At(temp.Combine("good")).Named("good").OwnedBy("alice@example.com").WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "x")).Build();
        var wide = TownBuilder.At(temp.Combine("wide")).Named("wide").OwnedBy("bob@example.com")
            .WithRig("a", "aa-", r => r.WithIssue("aa-1", "x")).WithRig("b", "bb-", r => r.WithIssue("bb-1", "x")).WithRig("c", "cc-", r => r.WithIssue("cc-1", "x")).Build();
        var provider = new FolderChainProvider(new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxRigs = 2 }))
            .Add(GtUri.Parse(good.ChainUri!), good.Root)
            .Add(GtUri.Parse(wide.ChainUri!), wide.Root);

        var refused = await provider.GetChainAsync(GtUri.Parse(wide.ChainUri!), Ct);

        refused.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        refused.Limit.ShouldBe(ChainLimitKind.Rigs);
        refused.Message!.ShouldContain("ChainLimits.MaxRigs");
        (await provider.GetChainAsync(GtUri.Parse(good.ChainUri!), Ct)).Chain.ShouldNotBeNull();
    }
}
