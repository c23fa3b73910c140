using GasTown.Federation.Index.Tests.Federations;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A search pages by the full-text index's rows, which a rebuilt (or deleted and rebuilt) index file numbers afresh: a
/// token from the old file is refused, saying so, where it used to continue at a row of another numbering and skip
/// matches without a word.
/// </summary>
public sealed class SearchTokenAcrossRebuildTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_search_token_continues_the_same_words_in_another_case_and_refuses_other_words()
    {
        // The full-text index folds case (unicode61): "WIDGET" is the same search as "widget", so its token continues it.
        using var federation = new IndexedFederation(gastown: rig =>
        {
            for (var n = 3; n < 12; n++)
            {
                rig.WithIssue($"gt-{n}", $"Widget {n} gear");
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var query = new IndexQuery { Limit = 3 };
        var first = await town.Index.SearchAsync("widget", query, Ct);

        var second = await town.Index.SearchAsync("WIDGET", query with { After = first.Next.ShouldNotBeNull() }, Ct);

        second.Items.Count.ShouldBe(3);
        second.Items.Select(i => i.Uri).ShouldNotContain(first.Items[0].Uri);
        (await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync("gear", query with { After = first.Next }, Ct)))
            .Message.ShouldContain("other than this one");
    }

    [Fact]
    public async Task A_search_token_from_before_a_rebuild_is_refused_and_the_search_starts_again()
    {
        using var federation = new IndexedFederation(gastown: rig =>
        {
            for (var n = 3; n < 12; n++)
            {
                rig.WithIssue($"gt-{n}", $"Widget {n}");
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var query = new IndexQuery { Limit = 3 };
        var first = await town.Index.SearchAsync("widget", query, Ct);
        first.Next.ShouldNotBeNull();
        var second = await town.Index.SearchAsync("widget", query with { After = first.Next }, Ct);
        second.Items.Select(i => i.Uri).ShouldNotContain(first.Items[0].Uri);

        await town.Index.RebuildAsync(cancellationToken: Ct);

        var refused = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync("widget", query with { After = first.Next }, Ct));
        refused.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        refused.Message.ShouldContain("continues a search of an index file since rebuilt (or deleted)");
        // From the first page again, every match once.
        var all = new List<string>();
        string? after = null;
        do
        {
            var page = await town.Index.SearchAsync("widget", query with { After = after }, Ct);
            all.AddRange(page.Items.Select(i => i.Uri.ToString()));
            after = page.Next;
        }
        while (after is not null);

        all.Count.ShouldBe(9);
        all.Distinct().Count().ShouldBe(9);
    }
}
