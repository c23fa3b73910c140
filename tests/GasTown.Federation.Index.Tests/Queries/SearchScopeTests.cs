using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>A search over many scopes (an organisation of many chains and members) answers as SQLite could not in one statement.</summary>
public sealed class SearchScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_search_over_more_scopes_or_assignees_than_one_statement_takes_answers_as_one_scope_does()
    {
        // One statement of 1,500 ORed scopes was "Expression tree is too large"; 40,000 assignees were too many parameters.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(400, seed: 11));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using var reader = (await new IndexQuerySource(town.Index, town.Chains).OpenReaderAsync(Ct))!;
        var chain = GtUri.Parse(IndexedFederation.AliceChain);
        var filter = new WorkFilter();

        var one = reader.Search("refinery", [new QueryIndexScope(chain, null)], filter, 0, 30);
        var many = reader.Search("refinery", Enumerable.Repeat(new QueryIndexScope(chain, null), 1_500).ToList(), filter, 0, 30);
        var assignees = Enumerable.Range(0, 40_000).Select(i => EntityId.Parse($"member{i}@example.com")).ToList();
        var crowded = reader.Search("refinery", [new QueryIndexScope(chain, assignees)], filter, 0, 30);

        one.Count.ShouldBe(30);
        many.Select(m => m.Position).ShouldBe(one.Select(m => m.Position));
        // Too many assignees for one statement: the whole chain is asked, and the caller's own rule sorts the rows.
        crowded.Select(m => m.Position).ShouldBe(one.Select(m => m.Position));

        var after = reader.Search("refinery", Enumerable.Repeat(new QueryIndexScope(chain, null), 1_500).ToList(), filter, one[9].Position, 5);
        after.Select(m => m.Position).ShouldBe(one.Skip(10).Take(5).Select(m => m.Position));
    }

    [Fact]
    public async Task A_search_by_organisation_for_text_without_words_is_bad_input_as_a_plain_search_is()
    {
        // It returned an empty page (after loading the whole listing when the index declined), where `search "*"` says why.
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        var error = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.SearchByOrganizationAsync(EntityId.Parse("acme.com"), "* **", cancellationToken: Ct));
        error.Error.ShouldBe(FederationQueryError.BadInput);
        error.Message.ShouldContain("no words");
        (await town.Queries.SearchByOrganizationAsync(EntityId.Parse("acme.com"), "signup", cancellationToken: Ct)).Result.Items.ShouldNotBeEmpty();
    }
}
