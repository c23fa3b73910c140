using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>
/// Issue 12: ready work and delegations as upstream reads them today (beads <c>internal/storage/issueops/ready_work.go</c>
/// and <c>blocked.go</c>; <c>blocked-by</c> is an input alias stored as <c>blocks</c> since beads <c>21c55f489</c>;
/// gastown's <c>metadata.delegated_from</c> since <c>bd557eece</c>).
/// </summary>
public sealed class UpstreamSemanticsTests : IDisposable
{
    private const string Dora = "gt://dora@example.com/town";
    private const string Erin = "gt://erin@example.com/town";
    private const string Line = "\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\"";
    private readonly TempDirectory temp = new("gtfed-upstream");
    private readonly FederationQueries queries;

    public UpstreamSemanticsTests()
    {
        var dora = TownBuilder.At(temp.Combine("dora")).Named("town").OwnedBy("dora@example.com")
            .WithRig("work", "wk-", r => r
                .WithIssue("wk-open", "Open")
                .WithIssue("wk-prog", "In progress", i => i.Status("in_progress"))
                .WithIssue("wk-blk", "Blocked status", i => i.Status("blocked"))
                .WithIssue("wk-def", "Deferred", i => i.Status("deferred"))
                .WithIssue("wk-pin", "Pinned status", i => i.Status("pinned"))
                .WithIssue("wk-hook", "Hooked", i => i.Status("hooked"))
                .WithIssueLine($$"""{"id":"wk-pinflag","title":"Pinned flag","status":"open",{{Line}},"pinned":true}""")
                .WithIssueLine($$"""{"id":"wk-later","title":"Deferred to later","status":"open",{{Line}},"defer_until":"2999-01-01T00:00:00Z"}""")
                .WithIssue("wk-later.1", "Child of deferred", i => i.DependsOn("wk-later", "parent-child"))
                .WithIssueLine($$"""{"id":"wk-past","title":"Deferral passed","status":"open",{{Line}},"defer_until":"2020-01-01T00:00:00Z"}""")
                .WithIssue("wk-by", "Stored blocked-by", i => i.DependsOn("wk-open", "blocked-by"))
                .WithIssue("wk-blocks", "Stored blocks", i => i.DependsOn("wk-open", "blocks"))
                .WithIssue("wk-p", "Parent", i => i.Type("epic"))
                .WithIssue("wk-c", "Delegated by dependency", i => i.DependsOn("wk-p", "delegated-from"))
                .WithIssueLine("""{"id":"wk-m","title":"Delegated by metadata","status":"open",""" + Line
                    + ""","metadata":{"delegated_from":{"parent":"wk-p","child":"wk-m","delegated_by":"dora","terms":{"portion":"docs"}}}}"""))
            .WithDelegation($"{Dora}/work/wk-p", $"{Erin}/jobs/er-1", portion: "outsourced")
            .Build();
        var erin = TownBuilder.At(temp.Combine("erin")).Named("town").OwnedBy("erin@example.com")
            .WithRig("jobs", "er-", r => r
                .WithIssue("er-1", "Accepted through beads", i => i.DependsOn($"{Dora}/work/wk-p", "delegated-from"))
                .WithIssue("er-2", "Claims a delegation dora never made", i => i.DependsOn($"{Dora}/work/wk-p", "delegated-from")))
            .Build();
        queries = new FederationQueries(new FolderChainProvider(new ChainLoader(), GtUri.Parse(Dora))
            .Add(GtUri.Parse(Dora), dora.Root).Add(GtUri.Parse(Erin), erin.Root));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_open_or_in_progress_not_pinned_deferred_hooked_or_blocked()
    {
        var result = await queries.GetReadyWorkAsync(Ct);

        var ready = result.Ready.Where(r => r.Rig == "work").Select(r => r.Id).ToHashSet();
        ready.ShouldContain("wk-open");
        ready.ShouldContain("wk-prog");
        ready.ShouldContain("wk-past");
        foreach (var notReady in new[] { "wk-blk", "wk-def", "wk-pin", "wk-hook", "wk-pinflag", "wk-later", "wk-later.1" })
        {
            ready.ShouldNotContain(notReady);
        }

        result.Ready.ShouldAllBe(r => r.Status == WorkStatus.Open || r.Status == WorkStatus.InProgress);
    }

    [Fact]
    public async Task A_stored_blocked_by_dependency_does_not_block_as_upstreams_ready_query_reads_it()
    {
        var result = await queries.GetReadyWorkAsync(Ct);

        result.Ready.Select(r => r.Id).ShouldContain("wk-by");
        result.Blocked.Single(b => b.WorkUnit.Id == "wk-blocks").Blockers.ShouldBe([Dora + "/work/wk-open"]);
    }

    [Fact]
    public async Task Delegated_from_dependencies_and_metadata_are_delegations_under_the_same_trust_rules()
    {
        var result = await queries.ListByProjectAsync("wk-p", includeDelegated: true, cancellationToken: Ct);

        result.Items.Select(i => i.Id).ShouldBe(["wk-c", "wk-m", "wk-p", "er-1"], ignoreOrder: true);
        var portions = result.Delegations.ToDictionary(p => p.Portion ?? "(none)");
        portions["(none)"].Children.Single().Uri.ShouldBe(GtUri.Parse(Dora + "/work/wk-c"));
        portions["(none)"].Children.Single().AcceptedByChild.ShouldBeTrue();
        portions["docs"].Children.Single().Uri.ShouldBe(GtUri.Parse(Dora + "/work/wk-m"));
        // dora asserts it in relationships.jsonl, erin accepts it with a delegated-from dependency: verified.
        portions["outsourced"].Children.Single().AcceptedByChild.ShouldBeTrue();
        // er-2's delegated-from is erin's word alone: never followed.
        result.Items.Select(i => i.Id).ShouldNotContain("er-2");
        result.UnverifiedClaims.Select(c => c.Subject).ShouldBe([Erin + "/jobs/er-2"]);
    }

    [Fact]
    public async Task The_dolt_era_export_never_offers_hooked_work_and_follows_does_not_block()
    {
        using var repo = new TempDirectory("gtfed-dolt-era");
        Directory.CreateDirectory(Path.Combine(repo.Path, ".beads"));
        File.Copy(Path.Combine(Fixtures.Directory, "beads-dolt-era-2026-01-26.issues.jsonl"), Path.Combine(repo.Path, ".beads", "issues.jsonl"));
        var uri = GtUri.Parse("gt://beads.dev/beads");
        var fixture = new FederationQueries(new FolderChainProvider(new ChainLoader(), uri).Add(uri, repo.Path, singleRigName: "beads"));

        var result = await fixture.GetReadyWorkAsync(Ct);

        var offered = result.Ready.Concat(result.Blocked.Select(b => b.WorkUnit)).Select(u => u.Id).ToHashSet();
        foreach (var hooked in new[] { "bd-9qywp", "bd-frhpd", "bd-pr-sheriff", "bd-v6f1v" })
        {
            offered.ShouldNotContain(hooked);
        }

        result.Ready.Select(r => r.Id).ShouldContain("bd-fgmp");
        result.Ready.Count.ShouldBeGreaterThan(0);
        result.Chains.Single().DroppedLines.ShouldBe(0);
    }

    public void Dispose() => temp.Dispose();
}
