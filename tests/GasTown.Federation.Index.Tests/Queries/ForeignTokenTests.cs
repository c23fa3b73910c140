using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using static GasTown.Federation.Index.Tests.Federations.OrgFederation;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A continuation token continues the list it came from and no other: given to another remote's list, an organisation's
/// list with another filter, another actor's audit, the ready list with another filter or another project's list, it is
/// bad input, from the index and from loaded chains alike, instead of a page of that list started after a position that
/// is not in it.
/// </summary>
public sealed class ForeignTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_given_to_another_list_is_bad_input_and_still_continues_its_own(bool fromIndex)
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        var queries = fromIndex ? town.Queries : town.Queries.WithoutIndex();
        var open = new WorkFilter(new WorkStatus("open"));
        var closed = new WorkFilter(new WorkStatus("closed"));

        var alice = (await queries.ListByRemotePageAsync("alice", 1, cancellationToken: Ct)).Next.ShouldNotBeNull();
        var org = (await queries.ListByOrganizationPageAsync(EntityId.Parse("acme.com"), 1, filter: open, cancellationToken: Ct)).Next.ShouldNotBeNull();
        var ready = (await queries.GetReadyWorkPageAsync(1, filter: open, cancellationToken: Ct)).Next.ShouldNotBeNull();
        var audit = (await queries.AuditPageAsync(ActorPattern.Any, null, 1, cancellationToken: Ct)).Next.ShouldNotBeNull();
        var project = (await queries.ListByProjectPageAsync($"{Acme}/proj-1", false, 1, cancellationToken: Ct)).Next.ShouldNotBeNull();

        foreach (var (what, read) in new (string, Func<Task>)[]
        {
            ("another remote", async () => await queries.ListByRemotePageAsync("bob", 1, alice, cancellationToken: Ct)),
            ("the same remote, another filter", async () => await queries.ListByRemotePageAsync("alice", 1, alice, closed, Ct)),
            ("the same organisation, another filter", async () => await queries.ListByOrganizationPageAsync(EntityId.Parse("acme.com"), 1, org, closed, Ct)),
            ("ready work, another filter", async () => await queries.GetReadyWorkPageAsync(1, ready, new WorkFilter(new WorkStatus("in_progress")), Ct)),
            ("another actor's audit", async () => await queries.AuditPageAsync(ActorPattern.Parse("mayor"), null, 1, audit, Ct)),
            ("the project with its delegated work", async () => await queries.ListByProjectPageAsync($"{Acme}/proj-1", true, 1, project, cancellationToken: Ct)),
        })
        {
            var error = await Should.ThrowAsync<FederationQueryException>(read, what);
            error.Error.ShouldBe(FederationQueryError.BadInput, what);
            error.Message.ShouldContain("other than this one", Case.Sensitive, what);
        }

        // Of another kind, it is no token of this list at all, as before.
        (await Should.ThrowAsync<FederationQueryException>(async () => await queries.GetReadyWorkPageAsync(1, alice, cancellationToken: Ct)))
            .Message.ShouldContain("is not a continuation token of a ready-work list");

        // Each still continues its own list.
        (await queries.ListByRemotePageAsync("alice", 1, alice, cancellationToken: Ct)).Result.Items.ShouldHaveSingleItem();
        (await queries.ListByOrganizationPageAsync(EntityId.Parse("acme.com"), 1, org, open, Ct)).Result.Items.ShouldHaveSingleItem();
        (await queries.GetReadyWorkPageAsync(1, ready, open, Ct)).Items.ShouldHaveSingleItem();
        (await queries.AuditPageAsync(ActorPattern.Any, null, 1, audit, Ct)).Result.Entries.ShouldHaveSingleItem();
        // An audit's token continues it from another `since` (gtfed turns "--since 7d" into a later instant on every page:
        // the position is one in the same newest-first order) and under the pattern in another case (which matches alike).
        (await queries.AuditPageAsync(ActorPattern.Any, DateTimeOffset.UnixEpoch, 1, audit, Ct)).Result.Entries.ShouldHaveSingleItem();
        var crew = (await queries.AuditPageAsync(ActorPattern.Parse("*/crew/*"), null, 1, cancellationToken: Ct)).Next.ShouldNotBeNull();
        (await queries.AuditPageAsync(ActorPattern.Parse("*/CREW/*"), null, 1, crew, Ct)).Result.Entries.ShouldHaveSingleItem();
        (await queries.ListByProjectPageAsync($"{Acme}/proj-1", false, 1, project, cancellationToken: Ct)).Result.Items.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_remote_s_a_project_s_or_a_unit_s_token_continues_it_however_it_is_named(bool fromIndex)
    {
        // A person lists a project by its short form and a host links the next page by its URI (GtWeb does), or the other
        // way round: the token is of the unit the reference resolved to, so every spelling continues the same list.
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        var queries = fromIndex ? town.Queries : town.Queries.WithoutIndex();
        string[] spellings = ["proj-1", $"{Acme}/proj-1", $"{Acme}/projects/proj-1"];

        foreach (var first in spellings)
        {
            var projectPage = await queries.ListByProjectPageAsync(first, false, 1, cancellationToken: Ct);
            var dependentsPage = await queries.GetDependentsPageAsync(first, 1, cancellationToken: Ct);
            foreach (var then in spellings)
            {
                var project = await queries.ListByProjectPageAsync(then, false, 1, projectPage.Next.ShouldNotBeNull(), cancellationToken: Ct);
                project.Result.Items.ShouldHaveSingleItem().Uri.ShouldNotBe(projectPage.Result.Items.Single().Uri, $"{first} then {then}");
                var dependents = await queries.GetDependentsPageAsync(then, 1, dependentsPage.Next.ShouldNotBeNull(), Ct);
                dependents.Result.Dependents.ShouldHaveSingleItem().WorkUnit.Uri.ShouldNotBe(dependentsPage.Result.Dependents.Single().WorkUnit.Uri, $"{first} then {then}");
            }
        }

        // A remote's list by its name and by its chain's URI: the same list.
        var byName = await queries.ListByRemotePageAsync("alice", 1, cancellationToken: Ct);
        (await queries.ListByRemotePageAsync(Alice, 1, byName.Next.ShouldNotBeNull(), cancellationToken: Ct)).Result.Items.ShouldHaveSingleItem().Uri.ShouldNotBe(byName.Result.Items.Single().Uri);
        var byUri = await queries.ListByRemotePageAsync(Alice, 1, cancellationToken: Ct);
        byUri.Next.ShouldBe(byName.Next);

        // Another unit's token is still another list's.
        var other = (await queries.ListByProjectPageAsync("proj-1", true, 1, cancellationToken: Ct)).Next.ShouldNotBeNull();
        (await Should.ThrowAsync<FederationQueryException>(async () => await queries.ListByProjectPageAsync($"{Acme}/proj-1", false, 1, other, cancellationToken: Ct)))
            .Message.ShouldContain("other than this one");
    }

    [Fact]
    public async Task An_index_page_asked_for_by_the_remote_name_continues_by_its_chain_uri_and_refuses_another_filter()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        var first = await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 1 }, Ct);
        var token = first.Next.ShouldNotBeNull();

        // The same chain named by its URI: the same list (the fingerprint is of the chain, not of how it was named).
        var second = await town.Index.ListAsync(new IndexQuery { Remote = Alice, Limit = 1, After = token }, Ct);
        second.Items.ShouldHaveSingleItem().Uri.ShouldNotBe(first.Items.Single().Uri);

        // An empty assignee filters on the empty value, which is not "no filter": another list.
        var error = await Should.ThrowAsync<FederationIndexException>(async () =>
            await town.Index.ListAsync(new IndexQuery { Remote = "alice", Assignee = "", Limit = 1, After = token }, Ct));
        error.Message.ShouldContain("other than this one");
    }
}
