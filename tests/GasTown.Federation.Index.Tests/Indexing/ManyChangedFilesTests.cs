using GasTown.Federation.Index.Tests.Federations;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// A re-index that reads several changed issues files of one chain reads the chain's old rows once for all of them (from the
/// second changed file on), not once per file: each file's changes are still recorded from its own rows, exactly.
/// </summary>
public sealed class ManyChangedFilesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_changed_file_records_its_own_changes_from_its_own_rows()
    {
        using var federation = new IndexedFederation(alice: b => b
            .WithRig("tools", "tl-", r => r.WithIssue("tl-1", "A tool").WithIssue("tl-2", "Another tool"))
            .WithRig("docs", "dc-", r => r.WithIssue("dc-1", "A page").WithIssue("dc-2", "Another page")))
        {
            AliceRigs = ["gastown", "tools", "docs"],
        };
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        // Three files change at once: a unit closed in gastown, one removed from tools, one added to docs and one reworded.
        Edit(federation.Alice.IssuesPathOf("gastown"), lines => [.. lines.Select(l => l.Contains("\"id\":\"gt-1\"", StringComparison.Ordinal) ? l.Replace("\"status\":\"open\"", "\"status\":\"closed\"", StringComparison.Ordinal) : l)]);
        Edit(federation.Alice.IssuesPathOf("tools"), lines => [.. lines.Where(l => !l.Contains("\"id\":\"tl-1\"", StringComparison.Ordinal))]);
        Edit(federation.Alice.IssuesPathOf("docs"), lines =>
        [
            .. lines.Select(l => l.Contains("\"id\":\"dc-2\"", StringComparison.Ordinal) ? l.Replace("Another page", "A page, reworded", StringComparison.Ordinal) : l),
            lines[0].Replace("dc-1", "dc-3", StringComparison.Ordinal),
        ]);
        await federation.PublishAliceAsync(Ct);
        await federation.FetchAsync(Ct);

        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.Select(c => (c.Kind, c.Uri.ToString())).Order().ShouldBe(
            [
                ("closed", IndexedFederation.AliceChain + "/gastown/gt-1"),
                ("created", IndexedFederation.AliceChain + "/docs/dc-3"),
                ("removed", IndexedFederation.AliceChain + "/tools/tl-1"),
            ]);
            var alice = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
            alice.Items.Select(u => u.Uri.WorkId).Order(StringComparer.Ordinal).ShouldBe(["dc-1", "dc-2", "dc-3", "gt-1", "gt-2", "tl-2"]);
            alice.Items.Single(u => u.Uri.WorkId == "dc-2").WorkUnit.Title.ShouldBe("A page, reworded");
        }

        federation.AssertIndexNeverFailed();
    }

    private static void Edit(string path, Func<string[], string[]> edit)
        => File.WriteAllText(path, string.Join('\n', edit(File.ReadAllLines(path).Where(l => l.Length > 0).ToArray())) + "\n");
}
