using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Delegations;

/// <summary>
/// The change feed records a delegated portion that became complete (or stopped being complete) once, under the parent's
/// chain, by Query's own trust and completion rules, across refreshes and processes.
/// </summary>
public sealed class DelegationFeedTests
{
    private const string Bb1 = DelegatingFederation.BobChain + "/web/bb-1";
    private const string Ca1 = DelegatingFederation.CarolChain + "/work/ca-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Closing_the_last_child_records_one_completion_for_the_parent_and_reopening_records_one_reopening()
    {
        using var federation = new DelegatingFederation();
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            var first = await town.Index.GetChangesAsync(cancellationToken: Ct);
            first.Items.ShouldBeEmpty(); // a first indexing is not news, and neither is the portion's state
            resume = first.Resume;
        }

        // One child closed: the portion is not complete yet, so only the child's own change is recorded.
        await federation.SetStatusAsync("bob", "bb-1", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => (c.Kind, c.Uri.ToString())).ShouldBe([("closed", Bb1)]);
            resume = page.Resume;
        }

        // The second child closed: exactly one completion, in the parent's chain, with the portion and its cause.
        await federation.SetStatusAsync("carol", "ca-1", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => (c.Kind, c.Uri.ToString())).ShouldBe(
                [(IndexChange.DelegationCompleted, DelegatingFederation.Parent), ("closed", Ca1)]); // newest first
            var completed = page.Items[0];
            completed.Chain.ShouldBe(GtUri.Parse(DelegatingFederation.AcmeChain));
            completed.Portion.ShouldBe("backend");
            completed.CausedBy.ShouldBe(GtUri.Parse(Ca1));
            completed.Title.ShouldBe("Launch the platform");
            page.Items[1].Portion.ShouldBeNull();
            page.Items[1].CausedBy.ShouldBeNull();

            // The loaded path (Query's own walk) agrees that the portion is complete.
            var project = await town.Queries.ListByProjectAsync(DelegatingFederation.Parent, includeDelegated: true, cancellationToken: Ct);
            project.Delegations.Select(d => (d.Parent.ToString(), d.Portion, d.IsComplete)).ShouldBe([(DelegatingFederation.Parent, "backend", true)]);

            // Refreshing again records nothing more.
            (await town.Index.RefreshAsync(cancellationToken: Ct)).LinesParsed.ShouldBe(0);
            (await town.Index.GetChangesAsync(page.Resume, cancellationToken: Ct)).Items.ShouldBeEmpty();
            resume = page.Resume;
        }

        // A new process over the same file, then a change that makes the parent be judged again while it stays
        // complete (a closed child becomes a tombstone, which is closed too): no second completion.
        await federation.SetStatusAsync("bob", "bb-1", "tombstone", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => (c.Kind, c.Uri.ToString(), c.NewStatus)).ShouldBe([("closed", Bb1, "tombstone")]);
            (await town.Index.GetChangesAsync(page.Resume, cancellationToken: Ct)).Items.ShouldBeEmpty();
            resume = page.Resume;
        }

        // Reopening a child in yet another process: the stored state says the portion was complete, so it is reopened.
        await federation.SetStatusAsync("carol", "ca-1", "open", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => (c.Kind, c.Uri.ToString())).ShouldBe(
                [(IndexChange.DelegationReopened, DelegatingFederation.Parent), ("status_changed", Ca1)]);
            page.Items[0].Chain.ShouldBe(GtUri.Parse(DelegatingFederation.AcmeChain));
            page.Items[0].Portion.ShouldBe("backend");
            page.Items[0].CausedBy.ShouldBe(GtUri.Parse(Ca1));
            (await town.Index.GetChangesAsync(page.Resume, cancellationToken: Ct)).Items.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Parents_queued_by_a_process_that_died_before_judging_them_are_judged_by_the_next_refresh()
    {
        using var federation = new DelegatingFederation();
        await federation.ConnectAsync(Ct);
        federation.Observer.BackdateOwnFiles(); // so that the index can be current

        foreach (var (remote, id) in new[] { ("bob", "bb-1"), ("carol", "ca-1") })
        {
            // Indexed before and after each close, as in the main sequence (a portion first seen complete is not news).
            await using (var before = federation.OpenObserver())
            {
                await before.Index.GetChangesAsync(cancellationToken: Ct);
            }

            await federation.SetStatusAsync(remote, id, "closed", Ct);
        }

        string path;
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.GetChangesAsync(cancellationToken: Ct)).Items.ShouldContain(c => c.Kind == IndexChange.DelegationCompleted);
            path = town.Index.DatabasePath;
        }

        // The state a process leaves when it dies after carol's chain committed and before the parents were judged: the
        // portion still incomplete, the completion not recorded, the parent queued.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE portions SET complete = 0;
                DELETE FROM changes WHERE kind = '{IndexChange.DelegationCompleted}';
                INSERT INTO cascade_pending(parent_key, child_key, cause) SELECT parent_key, child_key, child_uri FROM delegations WHERE child_uri = '{Ca1}';
                """;
            command.ExecuteNonQuery();
        }

        // Every chain is current; the queue alone makes the next refresh write (it used to return at once and leave it).
        await using (var town = federation.OpenObserver())
        {
            var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
            refresh.Chains.ShouldAllBe(c => !c.Updated);
            var completed = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Items.Where(c => c.Kind == IndexChange.DelegationCompleted).ToList();
            completed.ShouldHaveSingleItem().CausedBy.ShouldBe(GtUri.Parse(Ca1));
        }
    }

    [Fact]
    public async Task A_child_added_to_a_complete_portion_reopens_it_caused_by_the_parents_chain()
    {
        using var federation = new DelegatingFederation();
        await federation.ConnectAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct); // the first build: the portion is open
        }

        await federation.SetStatusAsync("bob", "bb-1", "closed", Ct);
        await federation.SetStatusAsync("carol", "ca-1", "closed", Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(cancellationToken: Ct);
            page.Items.Count(c => c.Kind == IndexChange.DelegationCompleted).ShouldBe(1);
            resume = page.Resume;
        }

        // acme delegates more of the same portion, to bob's open bb-2: the portion is not complete any more.
        await federation.AddDelegationAsync("acme", DelegatingFederation.Parent, DelegatingFederation.BobChain + "/web/bb-2", "backend", Ct);
        await using (var town = federation.OpenObserver())
        {
            var change = (await town.Index.GetChangesAsync(resume, cancellationToken: Ct)).Items.ShouldHaveSingleItem();
            (change.Kind, change.Uri.ToString(), change.Portion, change.CausedBy).ShouldBe(
                (IndexChange.DelegationReopened, DelegatingFederation.Parent, "backend", GtUri.Parse(DelegatingFederation.AcmeChain)));
            var project = await town.Queries.ListByProjectAsync(DelegatingFederation.Parent, includeDelegated: true, cancellationToken: Ct);
            project.Delegations.Single().IsComplete.ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_reopening_whose_claims_changed_in_two_chains_at_once_is_caused_by_the_parents_chain()
    {
        // The observer (indexed first, as the local town) asserts a claim about pr-1 in the same refresh as acme adds a
        // child: only acme's claim counts, so acme caused the reopening. The cause was the first queued: the observer's.
        using var federation = new DelegatingFederation();
        await federation.ConnectAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct);
        }

        await federation.SetStatusAsync("bob", "bb-1", "closed", Ct);
        await federation.SetStatusAsync("carol", "ca-1", "closed", Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        File.AppendAllText(federation.Observer.PathOf("federation/relationships.jsonl"),
            $"{{\"type\":\"delegation\",\"parent\":\"{DelegatingFederation.Parent}\",\"child\":\"{DelegatingFederation.BobChain}/web/bb-3\",\"terms\":{{\"portion\":\"backend\"}}}}\n");
        await federation.AddDelegationAsync("acme", DelegatingFederation.Parent, DelegatingFederation.BobChain + "/web/bb-2", "backend", Ct);
        await using (var town = federation.OpenObserver())
        {
            var change = (await town.Index.GetChangesAsync(resume, cancellationToken: Ct)).Items.ShouldHaveSingleItem();
            (change.Kind, change.CausedBy).ShouldBe((IndexChange.DelegationReopened, GtUri.Parse(DelegatingFederation.AcmeChain)));
        }
    }

    [Fact]
    public async Task A_refresh_judges_only_the_parents_whose_children_changed()
    {
        using var federation = new DelegatingFederation(acme: a => a
            .WithDelegation(DelegatingFederation.AcmeChain + "/proj/pr-2", DelegatingFederation.BobChain + "/web/bb-2", portion: "guide"));
        await federation.ConnectAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct);
            town.Index.ParentsJudged.ShouldBe(2); // the first build judges every parent once
        }

        // bb-3 is delegated by nobody: its change judges no parent.
        await federation.SetStatusAsync("bob", "bb-3", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == DelegatingFederation.BobChain).Updated.ShouldBeTrue();
            town.Index.ParentsJudged.ShouldBe(0);
        }

        // bb-2's change judges pr-2 alone (and completes its portion); pr-1 is not read.
        await federation.SetStatusAsync("bob", "bb-2", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(cancellationToken: Ct);
            town.Index.ParentsJudged.ShouldBe(1);
            page.Items.Where(c => c.Kind == IndexChange.DelegationCompleted).Select(c => c.Uri.ToString()).ShouldBe([DelegatingFederation.AcmeChain + "/proj/pr-2"]);
        }
    }

    [Fact]
    public async Task A_delegation_the_parents_chain_does_not_assert_never_records_a_completion()
    {
        // pr-2 → bb-2 is asserted only by mallory, a third party; pr-3 → bb-3 only by bob, the child's chain.
        using var federation = new DelegatingFederation(
            bob: b => b.WithDelegation(DelegatingFederation.AcmeChain + "/proj/pr-3", DelegatingFederation.BobChain + "/web/bb-3", portion: "translation"),
            mallory: m => m.WithDelegation(DelegatingFederation.AcmeChain + "/proj/pr-2", DelegatingFederation.BobChain + "/web/bb-2", portion: "guide"));
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        await federation.SetStatusAsync("bob", "bb-2", "closed", Ct);
        await federation.SetStatusAsync("bob", "bb-3", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => c.Kind).ShouldBe(["closed", "closed"]);

            // Query's walk follows neither: no portion.
            foreach (var parent in new[] { "pr-2", "pr-3" })
            {
                var project = await town.Queries.ListByProjectAsync(DelegatingFederation.AcmeChain + "/proj/" + parent, includeDelegated: true, cancellationToken: Ct);
                project.Delegations.ShouldBeEmpty();
            }
        }

        // The same children under a delegation acme does assert would have completed (the test sees a real transition).
        await federation.SetStatusAsync("bob", "bb-1", "closed", Ct);
        await federation.SetStatusAsync("carol", "ca-1", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Where(c => c.Kind.StartsWith("delegation_", StringComparison.Ordinal))
                .Select(c => (c.Uri.ToString(), c.Portion)).ShouldBe([(DelegatingFederation.Parent, "backend")]);
        }
    }

    [Fact]
    public async Task A_parents_chain_without_a_verified_identity_never_records_a_completion()
    {
        // acme's town.json names no owner: the chain registered as gt://acme.com/acme-hq cannot speak for acme.com.
        using var federation = new DelegatingFederation(acme: a => a.OwnedBy(null));
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.GetChainsAsync(Ct)).Single(c => c.Uri.ToString() == DelegatingFederation.AcmeChain).Identity.ShouldBe("NoOwner");
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        await federation.SetStatusAsync("bob", "bb-1", "closed", Ct);
        await federation.SetStatusAsync("carol", "ca-1", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.GetChangesAsync(resume, cancellationToken: Ct)).Items.Select(c => c.Kind).ShouldBe(["closed", "closed"]);
            var project = await town.Queries.ListByProjectAsync(DelegatingFederation.Parent, includeDelegated: true, cancellationToken: Ct);
            project.Delegations.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_child_delegated_in_beads_form_completes_its_parent_in_the_same_chain()
    {
        // delegated-from written in acme's own beads: dc-2 is delegated from dc-1 (parent and child in one chain).
        using var federation = new DelegatingFederation(acme: a => a.WithRig("docs", "dc-", rig => rig
            .WithIssue("dc-1", "Docs parent")
            .WithIssue("dc-2", "Docs child", i => i.DependsOn("dc-1", "delegated-from"))), acmeRigs: ["proj", "docs"]);
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        await federation.SetStatusAsync("acme", "dc-2", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => (c.Kind, c.Uri.ToString(), c.Portion, c.CausedBy?.ToString())).ShouldBe(
            [
                (IndexChange.DelegationCompleted, DelegatingFederation.AcmeChain + "/docs/dc-1", null, DelegatingFederation.AcmeChain + "/docs/dc-2"),
                ("closed", DelegatingFederation.AcmeChain + "/docs/dc-2", null, null),
            ]);
            var project = await town.Queries.ListByProjectAsync(DelegatingFederation.AcmeChain + "/docs/dc-1", includeDelegated: true, cancellationToken: Ct);
            project.Delegations.Single().IsComplete.ShouldBeTrue();
        }
    }
}
