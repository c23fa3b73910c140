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

    [Fact]
    public async Task A_search_holds_each_word_once_and_at_most_32_words_of_at_most_256_characters_in_16k()
    {
        // Each word is merged whole before the first row: 2,000 repeats of a* took 4.2 s and 445 MB at 100k units.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(400, seed: 11));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var query = new IndexQuery { Remote = "alice", Limit = 10 };
        var once = await town.Index.SearchAsync("refinery", query, Ct);
        once.Items.ShouldNotBeEmpty();
        SearchText.ToFtsMatch(string.Join(' ', Enumerable.Repeat("a*", 2_000)) + " refinery a*", out _).ShouldBe("\"a\"* \"refinery\"");
        (await town.Index.SearchAsync(string.Join(' ', Enumerable.Repeat("refinery", 1_000)), query, Ct)).Items.Select(i => i.Uri).ShouldBe(once.Items.Select(i => i.Uri));
        (await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync(string.Join(' ', Enumerable.Repeat("refinery", 2_000)), query, Ct)))
            .Message.ShouldBe("A search text is at most 16384 characters long; this one is 17999.");

        var words = string.Join(' ', Enumerable.Range(0, 33).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var tooMany = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync(words, query, Ct));
        (tooMany.ErrorKind, tooMany.Message).ShouldBe((FederationErrorKind.InvalidInput, "A search holds at most 32 different words; leave some out."));
        var tooLong = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync(new string('x', 257) + "*", query, Ct));
        tooLong.Message.ShouldBe("A search word is at most 256 characters long; one is 257.");
        (await town.Index.SearchAsync(new string('x', 256), query, Ct)).Items.ShouldBeEmpty();

        // Control characters separate words, as the tokenizer reads indexed text: a NUL inside a word made SQLite throw.
        (await town.Index.SearchAsync("refinery\0", query, Ct)).Items.Select(i => i.Uri).ShouldBe(once.Items.Select(i => i.Uri));
        foreach (var text in new[] { "refinery\0", "\0refinery", "refin\0ery refinery", "refinery\u0001\u009B" })
        {
            (await town.Index.SearchAsync(text, query, Ct)).Items.Select(i => i.Uri).ShouldBe(
                (await town.Index.SearchAsync(text.Replace('\0', ' ').Replace('\u0001', ' ').Replace('\u009B', ' '), query, Ct)).Items.Select(i => i.Uri), text);
        }

        (await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync("\0", query, Ct))).Message.ShouldContain("no words");

        // The town's queries, when they search through the index, say the same as bad input.
        using var reader = (await new IndexQuerySource(town.Index, town.Chains).OpenReaderAsync(Ct))!;
        var error = Should.Throw<FederationQueryException>(() => reader.Search(words, [new QueryIndexScope(GtUri.Parse(IndexedFederation.AliceChain), null)], new WorkFilter(), 0, 10));
        (error.Error, error.Message).ShouldBe((FederationQueryError.BadInput, "A search holds at most 32 different words; leave some out."));
    }
}
