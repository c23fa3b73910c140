using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Index.Tests.Federations;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>A chain that breaks a limit or cannot be read is unavailable with its reason; every other chain answers.</summary>
public sealed class IsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_oversize_remote_and_an_unreadable_remote_are_unavailable_and_the_others_answer()
    {
        using var federation = new IndexedFederation();
        await federation.PublishAliceAsync(Ct);

        // Bob publishes a big rig; carol's published town.json is not UTF-8.
        var bob = TownBuilder.At(federation.Temp("bob-town")).OwnedBy("bob@example.com").WithRig("big", "bg-").Build();
        File.WriteAllBytes(bob.IssuesPathOf("big"), SyntheticIssues.Generate(400, seed: 5));
        await PublishAsync(bob.Root, "big");
        var carol = TownBuilder.At(federation.Temp("carol-town")).OwnedBy("carol@example.com")
            .WithRig("ok", "ok-", rig => rig.WithIssue("ok-1", "Fine")).Build();
        await PublishAsync(carol.Root, "ok");
        await CommitInvalidUtf8TownJsonAsync(carol.Root);

        await using var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxBlobBytes = 50_000));
        town.Remotes.Add("alice", federation.AliceGitUrl, GtUri.Parse(IndexedFederation.AliceChain));
        town.Remotes.Add("bob", FederationRepository.DefaultPathFor(bob.Root), GtUri.Parse("gt://bob@example.com/bob-town"));
        town.Remotes.Add("carol", FederationRepository.DefaultPathFor(carol.Root), GtUri.Parse("gt://carol@example.com/carol-town"));
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            try
            {
                await town.FetchAsync(name, cancellationToken: Ct);
            }
            catch (RemoteFetchException ex) when (ex.Kind == FetchFailureKind.SnapshotRefused)
            {
                // The fetch says so too; the transfer worked and the index judges the snapshot on its own.
            }
        }

        var chains = await town.Index.GetChainsAsync(Ct);
        var bobState = chains.Single(c => c.RemoteName == "bob");
        bobState.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        bobState.Message!.ShouldContain("MaxBlobBytes");
        var carolState = chains.Single(c => c.RemoteName == "carol");
        carolState.Unavailable.ShouldBe(ChainUnavailableReason.IdentityMismatch); // an unreadable town.json proves no identity
        carolState.Message!.ShouldContain("town.json");
        chains.Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();

        var everything = await town.Index.ListAsync(new IndexQuery { Limit = 100 }, Ct);
        everything.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2", "wb-1", "wb-2"]);
        everything.Unavailable.Select(c => c.RemoteName).ShouldBe(["bob", "carol"], ignoreOrder: true);
        var onlyBob = await town.Index.ListAsync(new IndexQuery { Remote = "bob" }, Ct);
        onlyBob.Items.ShouldBeEmpty();
        onlyBob.Unavailable.ShouldHaveSingleItem().Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);

        // The queries that read every known chain still answer from the index: bob's and carol's refusals (no older
        // snapshot passed) are said as a load says them, and the other chains are never loaded for them.
        using var sources = new QuerySources();
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        var readyLoaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        var audit = await town.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var auditLoaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var dependents = await town.Queries.GetDependentsAsync(IndexedFederation.AliceChain + "/gastown/gt-1", Ct);
        var dependentsLoaded = await town.Queries.WithoutIndex().GetDependentsAsync(IndexedFederation.AliceChain + "/gastown/gt-1", Ct);
        sources.Take().ShouldBe(["index", "chains", "index", "chains", "index", "chains"]);
        ready.Ready.Select(u => u.Uri).ShouldBe(readyLoaded.Ready.Select(u => u.Uri));
        ready.Unreachable.ShouldBe(readyLoaded.Unreachable);
        ready.Unreachable.Select(u => u.Reason).ShouldBe([UnreachableReason.LimitExceeded, UnreachableReason.IdentityMismatch], ignoreOrder: true);
        Queries.ShowAssert.SameChains(ready.Chains, readyLoaded.Chains);
        Queries.AuditAssert.Same(audit, auditLoaded);
        dependents.Dependents.Select(d => d.WorkUnit.Uri).ShouldBe(dependentsLoaded.Dependents.Select(d => d.WorkUnit.Uri));
        dependents.Unreachable.ShouldBe(dependentsLoaded.Unreachable);
        Queries.ShowAssert.SameChains(dependents.Chains, dependentsLoaded.Chains);
    }

    [Fact]
    public async Task A_remote_with_more_relationship_claims_than_the_limit_is_unavailable_and_the_others_answer()
    {
        // Three claims of alice's (her employment and two delegations); a host allowing two refuses her chain before
        // parsing one, from the index as from a load, and still answers for its own town.
        using var federation = new IndexedFederation(alice: b => b
            .WithEmployment("alice@example.com", "acme.com")
            .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-1")
            .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-2"));
        await federation.ConnectAsync(Ct);
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxRelationships = 2)))
        {
            var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
            alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
            alice.Message!.ShouldContain("ChainLimits.MaxRelationships");
            var indexed = await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
            var loaded = await strict.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
            indexed.Items.ShouldBeEmpty();
            indexed.Unreachable.ShouldBe(loaded.Unreachable);
            indexed.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            (await strict.Index.ListAsync(new IndexQuery { Remote = IndexedFederation.ObserverChain }, Ct)).Items.ShouldNotBeEmpty();
        }

        // Within the default limits her chain is indexed again and answers.
        await using (var roomier = federation.OpenObserver())
        {
            (await roomier.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
        }

        // The stricter host, over the index the roomier one wrote (her claims counted in it): its query loads her chain and
        // refuses it, as its own load does, instead of answering the index's rows.
        using var sources = new QuerySources();
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxRelationships = 2)))
        {
            (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            sources.Take().ShouldBe(["chains"]);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_with_more_dependency_edges_than_the_limit_is_unavailable_from_the_index_as_from_a_load()
    {
        // Two edges in alice's gastown rig; a host allowing one refuses her chain (a load counts them before parsing), and
        // the index, whose skeleton load sees no issues, must not answer her units: a remote's 630,000 dangling edges
        // were refused by every load yet answered, and walked, from the index.
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Waits for two", i => i.DependsOn("gt-1").DependsOn("gt-404")));
        await federation.ConnectAsync(Ct);
        await using var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 1));
        var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
        alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        alice.Message!.ShouldContain("ChainLimits.MaxDependencies");
        var indexed = await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await strict.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        indexed.Items.ShouldBeEmpty();
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
        (await strict.Index.ListAsync(new IndexQuery { Remote = IndexedFederation.ObserverChain }, Ct)).Items.ShouldNotBeEmpty();
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task The_change_feed_says_which_chains_it_could_not_read_and_why_and_still_gives_the_others_changes()
    {
        // Alice's chain holds three claims; a host allowing two refuses it, so it adds no changes to the feed. The feed
        // said nothing of it: "what changed since I last looked" read as complete without her chain.
        using var federation = new IndexedFederation(alice: b => b
            .WithEmployment("alice@example.com", "acme.com")
            .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-1")
            .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-2"));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxRelationships = 2));
        var first = await town.Index.GetChangesAsync(cancellationToken: Ct);
        var refused = first.Unavailable.ShouldHaveSingleItem();
        refused.Uri.ToString().ShouldBe(IndexedFederation.AliceChain);
        refused.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        refused.Message!.ShouldContain("ChainLimits.MaxRelationships");

        // The observer's own new work is still in the feed, beside the same report of her chain.
        var created = await town.Writer.CreateWorkUnitAsync("web", new WorkUnitDraft { Title = "Written after the first look" }, "web/crew/obs", Ct);
        var page = await town.Index.GetChangesAsync(first.Resume, cancellationToken: Ct);
        var change = page.Items.ShouldHaveSingleItem();
        change.Uri.ToString().ShouldBe($"{IndexedFederation.ObserverChain}/web/{created.WorkUnit.Id}");
        change.Kind.ShouldBe("created");
        page.Unavailable.ShouldHaveSingleItem().ShouldBe(refused);
        page.FromOlderSnapshots.ShouldBeEmpty();

        // The feed's document says them as a list's page does.
        var document = IndexDocuments.Changes(page);
        var unavailable = document["unavailable"]!.AsArray().ShouldHaveSingleItem()!;
        unavailable["chain"]!.GetValue<string>().ShouldBe(IndexedFederation.AliceChain);
        unavailable["reason"]!.GetValue<string>().ShouldBe("LimitExceeded");
        unavailable["message"]!.GetValue<string>().ShouldBe(refused.Message);
        document.ContainsKey("older_snapshots").ShouldBeFalse();
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task What_changed_in_a_chain_while_it_was_unavailable_is_in_the_feed_once_it_is_read_again()
    {
        // Alice's chain (three claims) is read; then she closes gt-1, drops gt-2 and adds gt-4 (gt-3 as it was), and a host
        // allowing two claims fetches and indexes that: her new snapshot and the one it had read are both over its limit,
        // so her chain is unavailable. Read again by a host with the default limits, the pass recorded nothing (a chain's
        // first index), and a follower of the feed never heard that gt-1 was closed.
        using var federation = new IndexedFederation(
            alice: b => b
                .WithEmployment("alice@example.com", "acme.com")
                .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-1")
                .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-2"),
            gastown: rig => rig.WithIssue("gt-3", "Third"));
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        var path = federation.Alice.IssuesPathOf("gastown");
        var lines = File.ReadAllLines(path).ToList();
        var first = lines.FindIndex(l => l.Contains("\"gt-1\"", StringComparison.Ordinal));
        lines[first] = lines[first].Replace("\"status\":\"open\"", "\"status\":\"closed\"", StringComparison.Ordinal);
        lines.RemoveAll(l => l.Contains("\"gt-2\"", StringComparison.Ordinal));
        lines.Add(lines.Single(l => l.Contains("\"gt-3\"", StringComparison.Ordinal)).Replace("gt-3", "gt-4", StringComparison.Ordinal).Replace("Third", "Fourth", StringComparison.Ordinal));
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        await federation.PublishAliceAsync(Ct);

        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxRelationships = 2)))
        {
            // The fetch itself says it refused the new snapshot; the one queries would answer from is over the limit too.
            await Should.ThrowAsync<RemoteFetchException>(async () => await strict.FetchAsync("alice", cancellationToken: Ct));
            var refused = await strict.Index.GetChangesAsync(resume, cancellationToken: Ct);
            refused.Items.ShouldBeEmpty();
            refused.Unavailable.ShouldHaveSingleItem().Uri.ToString().ShouldBe(IndexedFederation.AliceChain);
            resume = refused.Resume;
        }

        await federation.FetchAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Unavailable.ShouldBeEmpty();
            page.Items.Select(c => $"{c.Kind} {c.Uri.WorkId} {c.OldStatus}->{c.NewStatus}").Order(StringComparer.Ordinal).ShouldBe([
                "closed gt-1 open->closed",
                "created gt-4 ->open",
                "removed gt-2 open->",
            ]);

            // Recorded once: the units kept for it are gone, and the next look has nothing new.
            (await town.Index.GetChangesAsync(page.Resume, cancellationToken: Ct)).Items.ShouldBeEmpty();
            using var connection = IndexFile.Open(town.Index.DatabasePath);
            IndexFile.Scalar(connection, "SELECT count(*) FROM unseen_units").ShouldBe(0L);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task The_work_of_a_chain_that_had_none_when_it_became_unavailable_is_in_the_feed_once_it_is_read_again()
    {
        // From the review: a chain indexed with no units kept no rows when it became unavailable, so the pass that read
        // it again took it for a first index and recorded nothing of the work it now has.
        using var federation = new IndexedFederation(
            aliceIssues: [],
            alice: b => b
                .WithEmployment("alice@example.com", "acme.com")
                .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-1")
                .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-2"));
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").Units.ShouldBe(0);
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        File.WriteAllText(federation.Alice.IssuesPathOf("gastown"), """{"id":"gt-1","title":"First work","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""" + "\n");
        await federation.PublishAliceAsync(Ct);
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxRelationships = 2)))
        {
            await Should.ThrowAsync<RemoteFetchException>(async () => await strict.FetchAsync("alice", cancellationToken: Ct));
            var refused = await strict.Index.GetChangesAsync(resume, cancellationToken: Ct);
            refused.Unavailable.ShouldHaveSingleItem().Uri.ToString().ShouldBe(IndexedFederation.AliceChain);
            resume = refused.Resume;
        }

        await federation.FetchAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => $"{c.Kind} {c.Uri.WorkId}").ShouldBe(["created gt-1"]);
        }

        federation.AssertIndexNeverFailed();
    }

    [Theory]
    [InlineData("MaxWorkUnits")]
    [InlineData("MaxBlobBytes")]
    public async Task A_chain_within_the_indexer_s_limits_but_over_this_process_s_is_refused_as_this_process_s_load_refuses_it(string limit)
    {
        // The index is written by a process with the default limits; a host with smaller ones shares it.
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Third").WithIssue("gt-4", "Fourth"));
        await federation.ConnectAsync(Ct);
        await using (var writer = federation.OpenObserver())
        {
            (await writer.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Unavailable.ShouldBeNull();
        }

        var issuesBytes = new FileInfo(federation.Alice.IssuesPathOf("gastown")).Length;
        await using var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l =>
        {
            if (limit == "MaxWorkUnits")
            {
                l.MaxWorkUnits = 3; // alice's one issues file has 4 lines
            }
            else
            {
                l.MaxBlobBytes = issuesBytes - 1; // every other file of hers is far smaller
            }
        }));
        using var sources = new QuerySources();

        var shared = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);

        // The index held her four units; this process's own load refuses her chain, and so does its answer.
        sources.Take().ShouldBe(["chains", "chains"]);
        loaded.Items.ShouldBeEmpty();
        var refused = loaded.Unreachable.ShouldHaveSingleItem();
        refused.Reason.ShouldBe(UnreachableReason.LimitExceeded);
        refused.Message.ShouldContain(limit);
        shared.Items.ShouldBeEmpty();
        shared.Unreachable.Select(u => (u.Target, u.Reason, u.Message)).ShouldBe(loaded.Unreachable.Select(u => (u.Target, u.Reason, u.Message)));
        shared.Chains.Select(c => (c.Chain, c.Trust, c.Unreachable, string.Join(" | ", c.Notes))).ShouldBe(loaded.Chains.Select(c => (c.Chain, c.Trust, c.Unreachable, string.Join(" | ", c.Notes))));

        // Within its limits, the same index answers.
        await using var roomier = federation.OpenObserver();
        (await roomier.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.Count.ShouldBe(4);
        sources.Take().ShouldBe(["index"]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_line_within_the_indexer_s_line_limit_but_over_this_process_s_makes_its_query_load_the_chain()
    {
        // The index is written within the default line limit; a host whose MaxLineBytes is smaller shares it. Its own load
        // drops alice's long line (a diagnostic, the chain still answers), so the index, which holds that unit, must not
        // answer for it.
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Long", i => i.Description(new string('x', 3_000))));
        await federation.ConnectAsync(Ct);
        await using (var writer = federation.OpenObserver())
        {
            (await writer.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.Count.ShouldBe(3);
        }

        await using var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxLineBytes = 2_048));
        using var sources = new QuerySources();
        var shared = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["chains", "chains"]);
        loaded.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
        shared.Items.Select(i => i.Uri).ShouldBe(loaded.Items.Select(i => i.Uri));
        Queries.ShowAssert.SameChains(shared.Chains, loaded.Chains);

        // Within the writer's limits, the same index answers.
        await using var roomier = federation.OpenObserver();
        (await roomier.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.Count.ShouldBe(3);
        sources.Take().ShouldBe(["index"]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_chain_refused_within_a_stricter_process_s_limits_is_indexed_again_within_roomier_ones_and_never_in_turn()
    {
        // Alice's one issues file has 4 lines. The observer fetched her within the default limits (her tip is verified).
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Third").WithIssue("gt-4", "Fourth"));
        await federation.ConnectAsync(Ct);
        void Strict(IGasTownFederationBuilder b) => b.Services.Configure<ChainLimits>(l => l.MaxWorkUnits = 3);
        using var sources = new QuerySources();

        // A stricter host indexes the town first: her snapshot is refused, and said from the index as its load says it.
        await using (var strict = federation.OpenObserver(Strict))
        {
            var refused = await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
            var loaded = await strict.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
            sources.Take().ShouldBe(["index", "chains"]);
            refused.Items.ShouldBeEmpty();
            refused.Unreachable.ShouldBe(loaded.Unreachable);
            refused.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            Queries.ShowAssert.SameChains(refused.Chains, loaded.Chains);
        }

        // A host with the default limits indexes her again on its first query, and answers from the index.
        await using (var roomier = federation.OpenObserver())
        {
            (await roomier.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.Count.ShouldBe(4);
            sources.Take().ShouldBe(["index"]);
            (await roomier.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
        }

        // The stricter host does not index her again in turn: its query loads her (and refuses her), the row stays.
        await using (var strict = federation.OpenObserver(Strict))
        {
            (await strict.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeFalse();
            (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            sources.Take().ShouldBe(["chains"]);
            (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_refused_remote_whose_owner_s_key_is_learnt_since_is_said_as_a_load_says_it_now()
    {
        // Alice's unsigned tip is refused for its size (4 units, MaxWorkUnits 3) and said from the index.
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Third").WithIssue("gt-4", "Fourth"));
        await federation.ConnectAsync(Ct);
        await using var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxWorkUnits = 3));
        using var sources = new QuerySources();
        (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
        sources.Take().ShouldBe(["index"]);

        // A key for her is kept since: a load now refuses the unsigned tip for its signature, before reading its content,
        // and the index, which kept the words of the earlier refusal, leaves the answer to the load.
        strict.Keys.Set(EntityId.Parse("alice@example.com"), [GasTown.Federation.Identity.SshPublicKey.Parse(Key)], KeySource.Pinned);
        var now = await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await strict.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["chains", "chains"]);
        now.Unreachable.ShouldBe(loaded.Unreachable);
        now.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.SignatureRefused, "a signature refusal, not a town.json naming another owner");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_whose_newest_snapshot_is_refused_answers_from_its_older_snapshot_s_rows_as_a_load_answers_from_it()
    {
        // Alice's first snapshot passes; her next one's town.json is not UTF-8 (it proves no identity: refused).
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await CommitInvalidUtf8TownJsonAsync(federation.Alice.Root);
        await using var town = federation.OpenObserver();
        (await Should.ThrowAsync<RemoteFetchException>(() => town.FetchAsync("alice", cancellationToken: Ct))).Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        var (tip, verified) = town.Remotes.Repository.Use(repo =>
            (TrackingRefs.ResolveTip(repo, town.Remotes.Get("alice"))!.Value.Target, TrackingRefs.ReadVerified(repo, "alice")!));
        tip.ShouldNotBe(verified);

        var alice = (await town.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
        alice.IsAvailable.ShouldBeTrue();
        alice.Revision.ShouldBe(tip);
        alice.AnsweredFrom.ShouldBe(verified);
        alice.Units.ShouldBe(2);
        alice.Message!.ShouldContain($"older snapshot of remote 'alice' ({verified[..7]}) because the newest ({tip[..7]}) was refused");
        alice.ToChainState().Trust.ShouldBe(ChainTrust.OlderSnapshot);
        (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeFalse(); // current: not indexed again

        // Every query answers from her older snapshot's rows, as the provider's load answers from that snapshot, without
        // loading it (before, the index declined her chain and each query loaded the snapshot whole).
        using var sources = new QuerySources();
        var list = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        var shown = await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-1", Ct);
        sources.Take().ShouldBe(["index", "index", "index"]);
        var listLoaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        var readyLoaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        var shownLoaded = await town.Queries.WithoutIndex().ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-1", Ct);
        sources.Take().ShouldBe(["chains", "chains", "chains"]);
        list.Items.Select(i => i.Uri).ShouldBe(listLoaded.Items.Select(i => i.Uri));
        list.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
        Queries.ShowAssert.SameChains(list.Chains, listLoaded.Chains);
        list.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Trust.ShouldBe(ChainTrust.OlderSnapshot);
        ready.Ready.Select(u => u.Uri).ShouldBe(readyLoaded.Ready.Select(u => u.Uri));
        Queries.ShowAssert.SameChains(ready.Chains, readyLoaded.Chains);
        shown.WorkUnit.Uri.ShouldBe(shownLoaded.WorkUnit.Uri);
        Queries.ShowAssert.SameChains(shown.Chains, shownLoaded.Chains);

        // The index's own pages say so too (their items are the older snapshot's).
        var page = await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct);
        page.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
        page.Unavailable.ShouldBeEmpty();
        page.FromOlderSnapshots.ShouldHaveSingleItem().AnsweredFrom.ShouldBe(verified);
        (await town.Index.SearchAsync("gt", new IndexQuery(), Ct)).FromOlderSnapshots.ShouldHaveSingleItem().Message.ShouldBe(alice.Message);
        // And the change feed, whose changes of her chain are the older snapshot's (what the refused one changed is missing).
        var feed = await town.Index.GetChangesAsync(cancellationToken: Ct);
        feed.FromOlderSnapshots.ShouldHaveSingleItem().AnsweredFrom.ShouldBe(verified);
        feed.Unavailable.ShouldBeEmpty();
        IndexDocuments.Changes(feed)["older_snapshots"]!.AsArray().ShouldHaveSingleItem()!["answered_from"]!.GetValue<string>().ShouldBe(verified);

        // A key for her kept since: a load refuses the unsigned tip for its signature now, before its content, and the
        // index says that refusal as the load does, still from the older snapshot's rows (named only).
        town.Keys.Set(EntityId.Parse("alice@example.com"), [GasTown.Federation.Identity.SshPublicKey.Parse(Key)], KeySource.Pinned);
        var keyed = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var keyedLoaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        Queries.ShowAssert.SameChains(keyed.Chains, keyedLoaded.Chains);
        var keyedAlice = keyed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain);
        keyedAlice.Trust.ShouldBe(ChainTrust.OlderSnapshot);
        keyedAlice.Notes[0].ShouldContain("its signature is not trusted");
        keyedAlice.Proof.ShouldBe(IdentityProof.NameOnly);

        // Forgotten again: the content refusal, from the index.
        town.Keys.Remove(EntityId.Parse("alice@example.com")).ShouldBeTrue();
        var unkeyed = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["index"]);
        Queries.ShowAssert.SameChains(unkeyed.Chains, list.Chains);

        // Her next snapshot passes: the chain answers from it, as from any tip.
        await federation.PublishAliceAsync(Ct);
        (await town.FetchAsync("alice", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        var again = (await town.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
        again.AnsweredFrom.ShouldBeNull();
        again.Message.ShouldBeNull();
        var fresh = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["index"]);
        fresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Trust.ShouldBe(ChainTrust.Verified);
        federation.AssertIndexNeverFailed();
    }

    // git moves a branch only to a commit: a hostile remote writes its ref file by hand, naming its tip's tree or a tag.
    private static string PointAlicePublishedBranchAt(IndexedFederation federation, string kind)
    {
        var repository = federation.AliceGitUrl;
        if (kind == "tag")
        {
            GitCli.Run(repository, "-c", "user.name=Mallory", "-c", "user.email=mallory@example.com", "tag", "-a", "v1", "-m", "not a commit", FederationRepository.PublishedBranch);
        }

        var target = GitCli.Run(repository, "rev-parse", kind == "tree" ? FederationRepository.PublishedBranch + "^{tree}" : "refs/tags/v1").Trim();
        File.WriteAllText(Path.Combine(repository, "refs", "heads", "gt", "published"), target + "\n");
        return target;
    }

    [Theory]
    [InlineData("tree", "a tree")]
    [InlineData("tag", "an annotated tag")]
    public async Task A_remote_whose_branch_names_no_commit_answers_from_its_older_snapshot_s_rows_as_a_load_answers_from_it(string kind, string said)
    {
        // Alice's first snapshot passes; then her published branch names a tree or a tag: no snapshot, refused.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var bad = PointAlicePublishedBranchAt(federation, kind);
        await using var town = federation.OpenObserver();
        var refused = await Should.ThrowAsync<RemoteFetchException>(() => town.FetchAsync("alice", cancellationToken: Ct));
        refused.Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        refused.Message.ShouldContain($"names {said} ({bad[..7]}), not a commit");
        var verified = town.Remotes.Repository.Use(repo => TrackingRefs.ReadVerified(repo, "alice")!);

        // The index keeps the verified snapshot's rows in the tip's place (it held her chain as never fetched, with no rows).
        var alice = (await town.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
        alice.IsAvailable.ShouldBeTrue(alice.Message);
        alice.Revision.ShouldBe(bad);
        alice.AnsweredFrom.ShouldBe(verified);
        alice.Units.ShouldBe(2);
        alice.Message!.ShouldBe($"Answered from an older snapshot of remote 'alice' ({verified[..7]}) because the newest ({bad[..7]}) was refused (its branch names no commit): its branch gt/published names {said} ({bad[..7]}), not a commit, so it holds no snapshot to read (git moves a branch only to a commit: this one was written by hand). Its owner must point gt/published at a commit again.");
        (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeFalse(); // current: not indexed again

        // Queries answer from those rows as a load answers from that snapshot, without loading it.
        using var sources = new QuerySources();
        var list = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        sources.Take().ShouldBe(["index", "index"]);
        var listLoaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        var readyLoaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        sources.Take().ShouldBe(["chains", "chains"]);
        list.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
        list.Items.Select(i => i.Uri).ShouldBe(listLoaded.Items.Select(i => i.Uri));
        Queries.ShowAssert.SameChains(list.Chains, listLoaded.Chains);
        list.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Trust.ShouldBe(ChainTrust.OlderSnapshot);
        ready.Ready.Select(u => u.Uri).ShouldBe(readyLoaded.Ready.Select(u => u.Uri));
        Queries.ShowAssert.SameChains(ready.Chains, readyLoaded.Chains);
        (await town.Index.SearchAsync("gt", new IndexQuery(), Ct)).FromOlderSnapshots.ShouldHaveSingleItem().AnsweredFrom.ShouldBe(verified);

        // A key kept for her since changes nothing: a tip that is no commit has no signature to judge.
        town.Keys.Set(EntityId.Parse("alice@example.com"), [GasTown.Federation.Identity.SshPublicKey.Parse(Key)], KeySource.Pinned);
        var keyed = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var keyedLoaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        Queries.ShowAssert.SameChains(keyed.Chains, keyedLoaded.Chains);
        keyed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Notes[0].ShouldContain("(its branch names no commit)");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_whose_branch_names_a_tree_at_its_first_fetch_is_refused_saying_so_from_the_index_as_from_a_load()
    {
        using var federation = new IndexedFederation();
        await federation.PublishAliceAsync(Ct);
        var tree = PointAlicePublishedBranchAt(federation, "tree");
        await using var town = federation.OpenObserver();
        town.Remotes.Add("alice", federation.AliceGitUrl, GtUri.Parse(IndexedFederation.AliceChain));
        (await Should.ThrowAsync<RemoteFetchException>(() => town.FetchAsync("alice", cancellationToken: Ct))).Kind.ShouldBe(FetchFailureKind.SnapshotRefused);

        var page = await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct);
        page.Items.ShouldBeEmpty();
        var unavailable = page.Unavailable.ShouldHaveSingleItem();
        unavailable.Unavailable.ShouldBe(ChainUnavailableReason.Invalid, "not NeverFetched: a branch was fetched, and names no commit");
        unavailable.Message!.ShouldContain($"its branch gt/published names a tree ({tree[..7]}), not a commit");
        using var sources = new QuerySources();
        var indexed = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.Unreachable.ShouldHaveSingleItem().Message.ShouldContain("names a tree");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_whose_newest_snapshot_its_kept_keys_refuse_answers_from_its_older_snapshot_s_rows()
    {
        // Alice's first snapshot passed (unsigned, no key kept); a key is kept for her since, and her next snapshot is
        // unsigned: a load refuses it for its signature and answers from the first.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        town.Keys.Set(EntityId.Parse("alice@example.com"), [GasTown.Federation.Identity.SshPublicKey.Parse(Key)], KeySource.Pinned);
        File.AppendAllText(federation.Alice.IssuesPathOf("gastown"), """{"id":"gt-9","title":"Unsigned","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""" + "\n");
        await federation.PublishAliceAsync(Ct);
        (await Should.ThrowAsync<RemoteFetchException>(() => town.FetchAsync("alice", cancellationToken: Ct))).Kind.ShouldBe(FetchFailureKind.SnapshotRefused);

        var alice = (await town.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
        alice.AnsweredFrom.ShouldNotBeNull();
        alice.Units.ShouldBe(2);
        (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeFalse(); // current: not indexed again

        using var sources = new QuerySources();
        var indexed = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        var readyLoaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        sources.Take().ShouldBe(["index", "index", "chains", "chains"]);
        indexed.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
        indexed.Items.Select(i => i.Uri).ShouldBe(loaded.Items.Select(i => i.Uri));
        Queries.ShowAssert.SameChains(indexed.Chains, loaded.Chains);
        ready.Ready.Select(u => u.Uri).ShouldBe(readyLoaded.Ready.Select(u => u.Uri));
        Queries.ShowAssert.SameChains(ready.Chains, readyLoaded.Chains);
        indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Trust.ShouldBe(ChainTrust.OlderSnapshot);

        // The key forgotten: her tip passes now, so the index is not current and her tip is indexed. The first query
        // loads it (a tip is answered from the index once a load has verified it, as after any fetch it was not judged
        // in), the next answers from the index.
        town.Keys.Remove(EntityId.Parse("alice@example.com")).ShouldBeTrue();
        var now = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        (await town.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").AnsweredFrom.ShouldBeNull();
        var next = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["chains", "index"]);
        now.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2", "gt-9"]);
        next.Items.Select(i => i.Uri).ShouldBe(now.Items.Select(i => i.Uri));
        Queries.ShowAssert.SameChains(next.Chains, now.Chains);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_registered_again_at_its_refused_tip_has_no_older_snapshot_to_answer_from()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await CommitInvalidUtf8TownJsonAsync(federation.Alice.Root);
        await using var town = federation.OpenObserver();
        await Should.ThrowAsync<RemoteFetchException>(() => town.FetchAsync("alice", cancellationToken: Ct));
        (await town.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").AnsweredFrom.ShouldNotBeNull();

        // Removed (its verified ref goes with it) and registered again at the same refused tip: nothing passed since.
        town.Remotes.Remove("alice");
        town.Remotes.Add("alice", federation.AliceGitUrl, GtUri.Parse(IndexedFederation.AliceChain));
        await Should.ThrowAsync<RemoteFetchException>(() => town.FetchAsync("alice", cancellationToken: Ct));

        var page = await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct);
        page.Items.ShouldBeEmpty();
        page.FromOlderSnapshots.ShouldBeEmpty();
        page.Unavailable.ShouldHaveSingleItem().Unavailable.ShouldBe(ChainUnavailableReason.IdentityMismatch);
        using var sources = new QuerySources();
        var indexed = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.IdentityMismatch);
        federation.AssertIndexNeverFailed();
    }

    // Any ed25519 key: alice's chain is not signed with it.
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    [Fact]
    public async Task A_remote_whose_tip_this_repository_can_no_longer_read_is_unavailable_and_the_others_are_indexed()
    {
        using var federation = new IndexedFederation();
        await federation.PublishAliceAsync(Ct);
        var bob = TownBuilder.At(federation.Temp("bob-town")).OwnedBy("bob@example.com")
            .WithRig("ops", "op-", rig => rig.WithIssue("op-1", "Rack the servers")).Build();
        await PublishAsync(bob.Root, "ops");
        await using (var first = federation.OpenObserver())
        {
            first.Remotes.Add("alice", federation.AliceGitUrl, GtUri.Parse(IndexedFederation.AliceChain));
            first.Remotes.Add("bob", FederationRepository.DefaultPathFor(bob.Root), GtUri.Parse("gt://bob@example.com/bob-town"));
            (await first.FetchAllAsync(cancellationToken: Ct)).ShouldAllBe(r => r.Succeeded);
            (await first.Index.GetChainsAsync(Ct)).ShouldAllBe(c => c.IsAvailable);
        }

        // Bob's tip commit goes bad in the observer's repository (a disk fault, a bad copy).
        var repository = FederationRepository.DefaultPathFor(federation.Observer.Root);
        var tip = GitCli.Run(repository, "rev-parse", "refs/remotes/bob/gt/published").Trim();
        PackedObjects.Corrupt(repository, tip);
        await using var town = federation.OpenObserver();

        // Indexed at that tip already: the index keeps what it read while the commit was whole, and a refresh reads nothing.
        var bobChain = GtUri.Parse("gt://bob@example.com/bob-town");
        var refreshed = (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain == bobChain);
        refreshed.Updated.ShouldBeFalse();
        refreshed.Unavailable.ShouldBeNull();

        // Built again, the index cannot read bob's tip: bob is unavailable, saying why, and alice is indexed as before.
        var rebuilt = await town.Index.RebuildAsync(cancellationToken: Ct);
        var bobRefresh = rebuilt.Chains.Single(c => c.Chain == bobChain);
        bobRefresh.Unavailable.ShouldNotBeNull();
        bobRefresh.Message.ShouldNotBeNull().ShouldContain(tip[..7]);
        bobRefresh.Message.ShouldContain($"The commit {tip} in {repository} cannot be read"); // not libgit2's words alone
        bobRefresh.Message.ShouldContain("git fsck");
        var chains = await town.Index.GetChainsAsync(Ct);
        chains.Single(c => c.RemoteName == "bob").IsAvailable.ShouldBeFalse();
        chains.Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
        // (The index cannot judge a tip whose signature it never read, so this query loads the chains: the same answer.)
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        ready.Ready.Select(u => u.Uri.ChainUri.ToString()).ShouldContain(IndexedFederation.AliceChain);
        ready.Unreachable.ShouldContain(u => u.Target.StartsWith("gt://bob@example.com/bob-town", StringComparison.Ordinal));
        var readyLoaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        ready.Unreachable.ShouldBe(readyLoaded.Unreachable);
        Queries.ShowAssert.SameChains(ready.Chains, readyLoaded.Chains);
    }

    private static async Task PublishAsync(string root, string rig)
    {
        await using var town = Town.Open(root, b => b.AddProvenance(o => o.Actor = "mayor"));
        await town.PublishAsync(new PublishOptions { Rigs = [rig] }, Ct);
    }

    // The publisher would never write a file it cannot read, so the broken file is committed straight onto the published branch.
    [Fact]
    public async Task A_remote_whose_issues_file_became_a_folder_is_refused_saying_so_not_read_as_a_rig_with_no_work()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var work = Path.Combine(federation.Alice.Root, "folder-work");
        GitCli.Run(federation.Alice.Root, "clone", "-q", "-b", FederationRepository.PublishedBranch, federation.AliceGitUrl, work);
        var issues = GitCli.Run(work, "ls-files", "*issues.jsonl").Trim().Split('\n').Single();
        File.Delete(Path.Combine(work, issues));
        Directory.CreateDirectory(Path.Combine(work, issues));
        File.WriteAllText(Path.Combine(work, issues, "inside.txt"), "not an issues file\n");
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a folder where the issues file was");
        GitCli.Run(work, "push", "-q", "origin", "HEAD:" + FederationRepository.PublishedBranch);
        await using var town = federation.OpenObserver();

        var refused = await Should.ThrowAsync<RemoteFetchException>(() => town.FetchAsync("alice", cancellationToken: Ct));

        refused.Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        refused.Message.ShouldContain($"'{issues}' is a folder (a tree) in the git tree where a file should be");
        // Her older snapshot still answers, from the index as from a load: her work is not emptied.
        var list = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        list.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
        list.Items.Select(i => i.Uri).ShouldBe(loaded.Items.Select(i => i.Uri));
        Queries.ShowAssert.SameChains(list.Chains, loaded.Chains);
        list.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Trust.ShouldBe(ChainTrust.OlderSnapshot);
        federation.AssertIndexNeverFailed();
    }

    private static Task CommitInvalidUtf8TownJsonAsync(string root)
    {
        var work = Path.Combine(root, "broken-work");
        GitCli.Run(root, "clone", "-q", "-b", FederationRepository.PublishedBranch, FederationRepository.DefaultPathFor(root), work);
        var townJson = File.ReadAllBytes(Path.Combine(work, "mayor", "town.json"));
        File.WriteAllBytes(Path.Combine(work, "mayor", "town.json"), [.. townJson[..^1], 0xFF, 0xFE, .. townJson[^1..]]);
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "broken");
        GitCli.Run(work, "push", "-q", "origin", "HEAD:" + FederationRepository.PublishedBranch);
        return Task.CompletedTask;
    }
}
