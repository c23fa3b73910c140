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

    [Fact]
    public async Task Only_the_rows_of_the_files_read_again_are_read_back_not_those_of_an_unchanged_large_file()
    {
        // Two small rigs change beside an unchanged one of 300 units: the old rows read back are the small rigs' alone (the
        // whole chain's were read and kept once a second changed file was met: 500,000 unchanged units cost about 65 MB).
        using var federation = new IndexedFederation(alice: b => b
            .WithRig("tools", "tl-", r => r.WithIssue("tl-1", "A tool").WithIssue("tl-2", "Another tool"))
            .WithRig("big", "bg-", r =>
            {
                for (var i = 1; i <= 300; i++)
                {
                    r.WithIssue($"bg-{i}", $"Unchanged work {i}");
                }
            }))
        {
            AliceRigs = ["gastown", "tools", "big"],
        };
        await federation.ConnectAsync(Ct);
        // The observer's own file, written just now, would be read again at each refresh (its stamp is racily clean).
        File.SetLastWriteTimeUtc(federation.Observer.IssuesPathOf("web"), DateTime.UtcNow.AddHours(-1));
        await using (var first = federation.OpenObserver())
        {
            (await first.Index.RefreshAsync(cancellationToken: Ct)).LinesParsed.ShouldBeGreaterThan(300);
        }

        Edit(federation.Alice.IssuesPathOf("gastown"), lines => [.. lines.Select(l => l.Replace("Ship the index", "Ship the index, reworded", StringComparison.Ordinal))]);
        Edit(federation.Alice.IssuesPathOf("tools"), lines => [.. lines.Select(l => l.Replace("Another tool", "Another tool, reworded", StringComparison.Ordinal))]);
        await federation.PublishAliceAsync(Ct);
        await using var town = federation.OpenObserver();
        (await town.FetchAsync("alice", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        (await town.Index.RefreshAsync(cancellationToken: Ct)).LinesParsed.ShouldBe(2, "one changed line in each of two files");

        town.Index.OldRowsRead.ShouldBe(4, "gastown's two rows and tools' two, not big's 300");
        var alice = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        alice.Items.Count.ShouldBe(304);
        alice.Items.Single(u => u.Uri.WorkId == "tl-2").WorkUnit.Title.ShouldBe("Another tool, reworded");
        federation.AssertIndexNeverFailed();
    }

    private static void Edit(string path, Func<string[], string[]> edit)
        => File.WriteAllText(path, string.Join('\n', edit(File.ReadAllLines(path).Where(l => l.Length > 0).ToArray())) + "\n");
}
