using Microsoft.Data.Sqlite;
using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Index.Tests.Federations;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>Indexing is incremental by content, and the index is a cache that rebuilds itself.</summary>
public sealed class IncrementalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_changed_line_is_the_only_line_parsed_again_and_the_answers_and_the_feed_show_it()
    {
        using var federation = new IndexedFederation(SyntheticIssues.Generate(5_000, seed: 7));
        await federation.ConnectAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            var first = await town.Index.RefreshAsync(cancellationToken: Ct);
            first.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).LinesParsed.ShouldBe(5_000);
            var again = await town.Index.RefreshAsync(cancellationToken: Ct);
            again.LinesParsed.ShouldBe(0); // nothing changed: no line read, no line parsed
        }

        // Close one open issue upstream, publish, fetch.
        var path = federation.Alice.IssuesPathOf("gastown");
        var lines = File.ReadAllLines(path);
        var target = Array.FindIndex(lines, l => l.Contains("\"status\":\"open\"", StringComparison.Ordinal));
        var id = WorkUnitJson.Read(lines[target]).Id;
        lines[target] = lines[target].Replace("\"status\":\"open\"", "\"status\":\"closed\"", StringComparison.Ordinal);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        await federation.PublishAliceAsync(Ct);
        await federation.FetchAsync(Ct);

        await using (var town = federation.OpenObserver())
        {
            var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
            var alice = refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain);
            alice.Updated.ShouldBeTrue();
            alice.LinesParsed.ShouldBe(1);

            var shown = await town.Index.ShowAsync(GtUri.Parse($"{IndexedFederation.AliceChain}/gastown/{id}"), Ct);
            shown!.Status.ShouldBe(WorkStatus.Closed);
            Encoding.UTF8.GetString(shown.UpstreamLine.Span).ShouldBe(lines[target]);
            var direct = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
            IndexAnswerTests.AssertSame(await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Limit = 1_000 }, Ct), direct.Items);

            var changes = await town.Index.GetChangesAsync(cancellationToken: Ct);
            var change = changes.Items.ShouldHaveSingleItem();
            change.Kind.ShouldBe("closed");
            change.Uri.WorkId.ShouldBe(id);
            change.OldStatus.ShouldBe("open");
            (await town.Index.GetChangesAsync(changes.Resume, cancellationToken: Ct)).Items.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Changes_past_a_page_s_limit_are_on_older_pages_of_its_window_and_later_changes_come_from_its_resume_token()
    {
        using var federation = new IndexedFederation(SyntheticIssues.Generate(50, seed: 13));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var start = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        var closed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // One refresh each: the feed's order is the order the index saw them.
            closed.Add(await CloseOneOpenIssueAsync(federation));
            await town.Index.RefreshAsync(cancellationToken: Ct);
        }

        var first = await town.Index.GetChangesAsync(start, 2, Ct);
        first.Items.Select(c => c.Uri.WorkId).ShouldBe([closed[4], closed[3]]);
        (first.Truncated, first.Older is null).ShouldBe((true, false));

        // A change after the first page belongs to the next read from its resume token, never to an older page.
        var later = await CloseOneOpenIssueAsync(federation);
        var seen = first.Items.Select(c => c.Uri.WorkId).ToList();
        var older = first.Older;
        while (older is not null)
        {
            var page = await town.Index.GetChangesAsync(older, 2, Ct);
            page.Resume.ShouldBe(first.Resume);
            page.Truncated.ShouldBe(page.Older is not null);
            seen.AddRange(page.Items.Select(c => c.Uri.WorkId));
            older = page.Older;
        }

        seen.ShouldBe(Enumerable.Reverse(closed));
        (await town.Index.GetChangesAsync(first.Resume, cancellationToken: Ct)).Items.ShouldHaveSingleItem().Uri.WorkId.ShouldBe(later);

        // A window that is no window (empty, reversed, its top below its end) is bad input, not a page.
        foreach (var forged in new[] { "0.5.5.9", "0.5.3.9", "0.1.5.4", "0.1.5", "0.x.5.9" })
        {
            var epoch = PageToken.Decode('c', first.Resume, "the change feed").Split('.')[0];
            var error = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.GetChangesAsync(PageToken.Encode('c', epoch + forged[1..]), cancellationToken: Ct), forged);
            error.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput, forged);
        }
    }

    [Fact]
    public async Task A_change_token_from_an_index_since_rebuilt_reads_as_none_and_the_answer_says_so()
    {
        // A rebuilt file counts its changes from one again: a token from the old file (here at three) must not hide the
        // new file's first changes, as a bare sequence number did.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(50, seed: 11));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        for (var i = 0; i < 3; i++)
        {
            await CloseOneOpenIssueAsync(federation);
        }

        var before = await town.Index.GetChangesAsync(cancellationToken: Ct);
        before.Items.Count.ShouldBe(3);
        before.Restarted.ShouldBeFalse();

        await town.Index.RebuildAsync(cancellationToken: Ct);
        var closed = await CloseOneOpenIssueAsync(federation);
        var after = await town.Index.GetChangesAsync(before.Resume, cancellationToken: Ct);
        after.Restarted.ShouldBeTrue();
        after.Items.ShouldHaveSingleItem().Uri.WorkId.ShouldBe(closed);

        // Its resume token is the new file's: read with it, nothing new and nothing restarted.
        var again = await town.Index.GetChangesAsync(after.Resume, cancellationToken: Ct);
        (again.Items.Count, again.Restarted).ShouldBe((0, false));

        // A token of an SDK before the epoch (a bare sequence number) counts in the current file while the file has
        // counted that far (at one: nothing after it), and reads as none past the file's count (the old file counted to three).
        var legacy = await town.Index.GetChangesAsync(PageToken.Encode('c', "1"), cancellationToken: Ct);
        (legacy.Items.Count, legacy.Restarted).ShouldBe((0, false));
        var legacyPast = await town.Index.GetChangesAsync(PageToken.Encode('c', "3"), cancellationToken: Ct);
        (legacyPast.Items.Count, legacyPast.Restarted).ShouldBe((1, true));

        // A token whose epoch is not one this SDK writes is bad input, not a restart.
        var forged = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.GetChangesAsync(PageToken.Encode('c', "garbage.5"), cancellationToken: Ct));
        forged.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
    }

    // A folder where the index's lock file should be: no process, root included, can take the write lock, so the index
    // reads but cannot be brought up to date (as for a town shared read-only). Returns the lock's path.
    private static string MakeWriteLockUntakeable(GasTown.Federation.Hosting.Town town)
    {
        var lockPath = Path.Combine(town.Root, "federation", "index.lock");
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        return lockPath;
    }

    // Closes the first open issue of alice's file, publishes and fetches; returns its id.
    private static async Task<string> CloseOneOpenIssueAsync(IndexedFederation federation)
    {
        const string Open = "\"status\":\"open\"";
        var line = await federation.EditAliceLineAsync(l => l.Contains(Open, StringComparison.Ordinal), l => l.Replace(Open, "\"status\":\"closed\"", StringComparison.Ordinal), Ct);
        return WorkUnitJson.Read(line).Id;
    }

    [Fact]
    public async Task A_file_a_route_moves_records_no_change_and_a_withdrawn_rig_records_its_units_removed()
    {
        // The feed recorded every unit of a moved file as created (its new path had no rows), and nothing for the units
        // of a file that left the chain.
        using var federation = new IndexedFederation(alice: town => town.WithRig("api", "ap-", rig => rig.WithIssue("ap-1", "One").WithIssue("ap-2", "Two", i => i.Closed("2026-01-01T00:00:00Z", "done"))))
        {
            AliceRigs = ["gastown", "api"],
        };
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(4);
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        // api's beads move from api/mayor/rig to api: the same rig, the same units, the same URIs.
        var root = federation.Alice.Root;
        var routes = Path.Combine(root, ".beads", "routes.jsonl");
        File.WriteAllText(routes, File.ReadAllText(routes).Replace("\"api/mayor/rig\"", "\"api\"", StringComparison.Ordinal));
        Directory.Move(Path.Combine(root, "api", "mayor", "rig", ".beads"), Path.Combine(root, "api", ".beads"));
        await federation.PublishAliceAsync(Ct);
        await federation.FetchAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
            refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeTrue();
            (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(4);
            var moved = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            moved.Items.ShouldBeEmpty();
            resume = moved.Resume;
        }

        // api withdrawn: its file leaves the chain, and each of its units is removed, with the status it had.
        await using (var alice = GasTown.Federation.Hosting.Town.Open(root, b => b.AddProvenance(o => o.Actor = "gastown/crew/alice")))
        {
            await alice.WithdrawAsync("api", cancellationToken: Ct);
        }

        await federation.FetchAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
            var removed = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            removed.Items.Select(c => (c.Kind, c.Uri.ToString(), c.OldStatus)).OrderBy(c => c.Item2, StringComparer.Ordinal).ShouldBe(
            [
                ("removed", IndexedFederation.AliceChain + "/api/ap-1", "open"),
                ("removed", IndexedFederation.AliceChain + "/api/ap-2", "closed"),
            ]);
        }
    }

    [Fact]
    public async Task An_id_written_twice_in_a_pass_keeps_its_last_line_though_that_line_is_unchanged()
    {
        // The last line of an id wins, as a load takes it. A line whose bytes the index already holds is not parsed again,
        // unless this very pass wrote other bytes for its id first: then it is parsed, so the row ends with it.
        const string Stamp = "2026-01-02T03:04:05Z";
        static string Unit(string id, string title) => $$"""{"id":"{{id}}","title":"{{title}}","status":"open","priority":2,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}"}""";
        var a1 = Unit("gt-a", "First");
        var a2 = Unit("gt-a", "Second");
        var b = Unit("gt-b", "Other");
        using var federation = new IndexedFederation(Encoding.UTF8.GetBytes(a1 + "\n" + b + "\n"));
        await federation.ConnectAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).LinesParsed.ShouldBe(2);
        }

        var uri = GtUri.Parse($"{IndexedFederation.AliceChain}/gastown/gt-a");
        foreach (var (file, parsed, last, dups) in new[]
        {
            (a2 + "\n" + b + "\n" + a1 + "\n", 2, a1, 1), // a2 is new; a1 then is the old bytes, but gt-a was just rewritten
            (a1 + "\n" + b + "\n" + a1 + "\n", 0, a1, 1), // the same unchanged line twice: nothing to parse
            (a1 + "\n" + a2 + "\n", 1, a2, 1),            // b removed; gt-a ends with new bytes
            (a2 + "\n", 0, a2, 0),                        // one line an id again: the chain is exact again
        })
        {
            File.WriteAllText(federation.Alice.IssuesPathOf("gastown"), file);
            await federation.PublishAliceAsync(Ct);
            await federation.FetchAsync(Ct);
            await using var town = federation.OpenObserver();
            var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
            refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).LinesParsed.ShouldBe(parsed);
            Encoding.UTF8.GetString((await town.Index.ShowAsync(uri, Ct))!.UpstreamLine.Span).ShouldBe(last);
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={town.Index.DatabasePath};Pooling=False"))
            {
                // A repeated id is counted, and the chain is still described exactly: a load reads the last line too, and
                // what it says of the earlier one is stored with the chain.
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT f.dups, c.exact FROM files f JOIN chains c ON c.id = f.chain_id WHERE c.remote = 'alice' AND f.path LIKE 'gastown/%'";
                using var reader = command.ExecuteReader();
                reader.Read().ShouldBeTrue();
                reader.GetInt64(0).ShouldBe(dups);
                reader.GetInt64(1).ShouldBe(1);
            }

            // A load lists a repeated id once, its last line (and warns of the earlier one), as the index's row holds it.
            var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
            loaded.Items.Select(i => i.Id).ShouldBeUnique();
            IndexAnswerTests.AssertSame(await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Limit = 100 }, Ct), loaded.Items);
        }
    }

    [Fact]
    public async Task A_repeated_id_s_change_is_recorded_from_its_row_before_to_its_last_line_only()
    {
        // gt-a is open. Then the file says it twice, closed first and open last: the unit is open (the last line), so the
        // feed records nothing for it; the earlier line's "closed" was recorded before and never undone. Then closed last.
        const string Stamp = "2026-01-02T03:04:05Z";
        static string Unit(string id, string status) => $$"""{"id":"{{id}}","title":"Unit {{id}}","status":"{{status}}","priority":2,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}"{{(status == "closed" ? $",\"closed_at\":\"{Stamp}\"" : "")}}}""";
        using var federation = new IndexedFederation(Encoding.UTF8.GetBytes(Unit("gt-a", "open") + "\n" + Unit("gt-b", "open") + "\n"));
        await federation.ConnectAsync(Ct);
        string? resume;
        await using (var town = federation.OpenObserver())
        {
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        foreach (var (file, expected) in new[]
        {
            (Unit("gt-a", "closed") + "\n" + Unit("gt-b", "in_progress") + "\n" + Unit("gt-a", "open") + "\n", new[] { "gt-b status_changed" }),
            (Unit("gt-a", "open") + "\n" + Unit("gt-b", "in_progress") + "\n" + Unit("gt-a", "closed") + "\n", ["gt-a closed"]),
            (Unit("gt-c", "open") + "\n" + Unit("gt-c", "closed") + "\n", ["gt-c created", "gt-a removed", "gt-b removed"]),
        })
        {
            File.WriteAllText(federation.Alice.IssuesPathOf("gastown"), file);
            await federation.PublishAliceAsync(Ct);
            await federation.FetchAsync(Ct);
            await using var town = federation.OpenObserver();
            await town.Index.RefreshAsync(cancellationToken: Ct);
            var changes = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            changes.Items.Select(c => $"{c.Uri.WorkId} {c.Kind}").Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal), file);
            if (changes.Items.SingleOrDefault(c => c.Kind == "created") is { } created)
            {
                // A unit created with a repeated id is created as its last line says.
                created.NewStatus.ShouldBe("closed");
            }

            resume = changes.Resume;
        }
    }

    [Fact]
    public async Task A_one_rig_remote_registered_again_under_another_rig_name_answers_under_the_new_name()
    {
        // The same commit, so the same blob: the blob alone said "unchanged" and the units kept the old rig's URIs.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var repository = federation.CommitOneRigRepository("one-rig");
        var chain = GtUri.Parse("gt://steve@example.com/beads");
        var id = WorkUnitJson.Read(File.ReadLines(Fixtures.BeadsSyncIssues).First()).Id;

        await using (var town = federation.OpenObserver())
        {
            town.Remotes.Add("beads", repository, chain, rig: "old");
            (await town.FetchAsync("beads", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
            (await town.Index.ShowAsync(GtUri.Parse($"{chain}/old/{id}"), Ct)).ShouldNotBeNull();
        }

        await using (var town = federation.OpenObserver())
        {
            town.Remotes.Remove("beads");
            town.Remotes.Add("beads", repository, chain, rig: "fresh");
            (await town.FetchAsync("beads", cancellationToken: Ct)).Succeeded.ShouldBeTrue();

            (await town.Index.ShowAsync(GtUri.Parse($"{chain}/fresh/{id}"), Ct))!.Rig.ShouldBe("fresh");
            (await town.Index.ShowAsync(GtUri.Parse($"{chain}/old/{id}"), Ct)).ShouldBeNull();
            var page = await town.Index.ListAsync(new IndexQuery { Remote = "beads", Limit = 10_000 }, Ct);
            page.Items.ShouldNotBeEmpty();
            page.Items.ShouldAllBe(i => i.Rig == "fresh" && i.Uri.Rig == "fresh");
            var direct = await town.Queries.ListByRemoteAsync("beads", cancellationToken: Ct);
            IndexAnswerTests.AssertSame(await Paging.AllAsync(town.Index, new IndexQuery { Remote = "beads", Limit = 1_000 }, Ct), direct.Items);
            (await town.Index.GetChangesAsync(cancellationToken: Ct)).Items.ShouldBeEmpty(); // new names, no new work
        }

        // Registered again as a whole town, same tip: the tree is read as a town's now, and the old names answer nothing.
        await using (var town = federation.OpenObserver())
        {
            town.Remotes.Remove("beads");
            town.Remotes.Add("beads", repository, chain);
            (await town.Index.ShowAsync(GtUri.Parse($"{chain}/fresh/{id}"), Ct)).ShouldBeNull();
            var direct = await town.Queries.ListByRemoteAsync("beads", cancellationToken: Ct);
            IndexAnswerTests.AssertSame(await Paging.AllAsync(town.Index, new IndexQuery { Remote = "beads", Limit = 1_000 }, Ct), direct.Items);
        }
    }

    [Fact]
    public async Task A_first_index_cancelled_for_a_remote_removed_since_leaves_no_row_and_the_index_answering()
    {
        // Enough lines for a progress report within the file (one each 16,384 lines).
        using var federation = new IndexedFederation(SyntheticIssues.Generate(20_000, seed: 5));
        await federation.ConnectAsync(Ct);

        // The observer's files older than the window in which a stamp is not trusted: its chain is then current once
        // indexed, so that a query finds the index current but for the pending row (a fresh town's racy stamps would send
        // every query to the writer, which forgets the row, and hide whether a current index does).
        var old = DateTime.UtcNow.AddHours(-1);
        foreach (var entry in Directory.EnumerateFileSystemEntries(federation.Observer.Root, "*", SearchOption.AllDirectories).Append(federation.Observer.Root))
        {
            if (File.Exists(entry))
            {
                File.SetLastWriteTimeUtc(entry, old);
            }
            else
            {
                Directory.SetLastWriteTimeUtc(entry, old);
            }
        }

        await using var town = federation.OpenObserver();

        // Cancelled while alice's issues file is read: her chain's row, written 'pending' before its transaction, stays.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new CancelOnChain(IndexedFederation.AliceChain, cancel);
        await Should.ThrowAsync<OperationCanceledException>(async () => await town.Index.RefreshAsync(progress, cancel.Token));
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, $"SELECT state FROM chains WHERE uri = '{IndexedFederation.AliceChain}'").ShouldBe("pending");
        }

        // The next query, with alice's remote gone, answers for the chains there are: the row is forgotten first.
        town.Remotes.Remove("alice");
        var page = await town.Index.ListAsync(new IndexQuery(), Ct);
        page.Unavailable.ShouldBeEmpty();
        page.Items.Select(i => i.Uri.ChainUri.ToString()).Distinct().ShouldBe([IndexedFederation.ObserverChain]);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT count(*) FROM chains").ShouldBe("1");
        }

        (await town.Index.GetChainsAsync(Ct)).Select(c => c.Uri.ToString()).ShouldBe([IndexedFederation.ObserverChain]);
    }

    [Fact]
    public async Task A_re_index_cancelled_part_way_through_a_changed_file_leaves_the_chain_as_it_was_and_the_next_refresh_records_each_change_once()
    {
        // Enough lines for a progress report within the file (one each 16,384 lines), where the refresh is cancelled.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(20_000, seed: 5));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        string Read(string sql)
        {
            using var connection = IndexFile.Open(town.Index.DatabasePath);
            return IndexFile.Text(connection, sql)!;
        }

        var chainRow = $"SELECT revision || ' ' || units || ' ' || state FROM chains WHERE uri = '{IndexedFederation.AliceChain}'";
        var before = Read(chainRow);
        var unitsBefore = Read("SELECT count(*) FROM units");

        File.WriteAllBytes(federation.Alice.IssuesPathOf("gastown"), SyntheticIssues.Generate(20_050, seed: 6));
        await federation.PublishAliceAsync(Ct);
        await federation.FetchAsync(Ct);
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            await Should.ThrowAsync<OperationCanceledException>(async () => await town.Index.RefreshAsync(new CancelOnChain(IndexedFederation.AliceChain, cancel), cancel.Token));
        }

        // Whole, not half: the chain's row and units are those of the last finished index, and no change was recorded.
        Read(chainRow).ShouldBe(before);
        Read("SELECT count(*) FROM units").ShouldBe(unitsBefore);
        Read("SELECT count(*) FROM changes").ShouldBe("0");

        // The next refresh indexes the new tip whole: the index answers as a load does, each change once.
        var indexed = await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Limit = 1_000 }, Ct);
        IndexAnswerTests.AssertSame(indexed, (await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct)).Items);
        Read("SELECT count(*) FROM changes").ShouldNotBe("0");
        Read("SELECT count(*) FROM (SELECT uri, kind FROM changes GROUP BY uri, kind HAVING count(*) > 1)").ShouldBe("0");
        federation.AssertIndexNeverFailed();
    }

    // Cancels the refresh at the first progress of one chain, synchronously (Progress<T> would report later, elsewhere).
    private sealed class CancelOnChain(string chain, CancellationTokenSource cancel) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value)
        {
            if (value.Chain.ToString() == chain)
            {
                cancel.Cancel();
            }
        }
    }

    [Fact]
    public async Task A_local_edit_is_seen_by_the_next_query_through_the_file_stamp()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var local = town.Chain!.Value.ToString();
        (await town.Index.ListAsync(new IndexQuery { Remote = local }, Ct)).Items.Count.ShouldBe(2);

        var created = await town.Writer.CreateWorkUnitAsync("web", new WorkUnitDraft { Title = "Written after indexing" }, "web/crew/obs", Ct);

        var page = await town.Index.ListAsync(new IndexQuery { Remote = local }, Ct);
        page.Items.Count.ShouldBe(3);
        page.Items.ShouldContain(i => i.Id == created.WorkUnit.Id && i.Title == "Written after indexing");
    }

    [Fact]
    public async Task Deleting_the_index_file_loses_nothing_the_next_query_rebuilds_it()
    {
        using var federation = new IndexedFederation(SyntheticIssues.Generate(300, seed: 3));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var before = await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Limit = 64 }, Ct);
        File.Exists(town.Index.DatabasePath).ShouldBeTrue();
        town.Index.DatabasePath.ShouldBe(Path.Combine(town.Root, "federation", "index.db"));

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(town.Index.DatabasePath + suffix);
        }

        var after = await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Limit = 64 }, Ct);
        File.Exists(town.Index.DatabasePath).ShouldBeTrue();
        after.Count.ShouldBe(300);
        IndexAnswerTests.AssertSame(after, before);

        var rebuilt = await town.Index.RebuildAsync(cancellationToken: Ct);
        rebuilt.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).LinesParsed.ShouldBe(300);
    }

    [Fact]
    public async Task An_index_this_process_cannot_write_is_a_typed_failure_naming_it_and_queries_still_answer_by_loading()
    {
        // A folder where index.db should be: SQLite cannot open it for writing, whoever runs the test (root included). The
        // refresh, a list and a search used to end in a bare SqliteException (gtfed: "failed unexpectedly … a bug"); then
        // said to make the files writable (a rebuild, that it could not delete them), which no permission fixes.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(50, seed: 5));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        Directory.CreateDirectory(town.Index.DatabasePath);

        foreach (var read in new Func<Task>[]
        {
            async () => await town.Index.RefreshAsync(cancellationToken: Ct),
            async () => await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct),
            async () => await town.Index.SearchAsync("issue", new IndexQuery(), Ct),
            async () => await town.Index.GetChangesAsync(cancellationToken: Ct),
            async () => await town.Index.RebuildAsync(cancellationToken: Ct),
        })
        {
            var error = await Should.ThrowAsync<FederationIndexException>(read);
            error.ErrorKind.ShouldBe(FederationErrorKind.RemoteFailure);
            error.Message.ShouldBe($"The federation index {town.Index.DatabasePath} is a folder, where the index's file should be, so the index could not be read or written. Move or delete that folder; the index is then built again (it is a cache).");
        }

        // The queries that can load their chains do, as when the index is busy or damaged.
        var loaded = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        loaded.Items.Count.ShouldBe(50);
    }

    [Fact]
    public async Task On_a_read_only_mount_search_answers_at_once_from_the_index_as_it_is()
    {
        // The town's federation folder mounted read-only: the index's lock file is there but can never be opened for
        // writing (EROFS). It was taken for a lock another writer held, so search waited the whole lock timeout (two
        // minutes) before failing; it now answers from the index as it is, saying why, at once.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(50, seed: 5));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        await CloseOneOpenIssueAsync(federation); // the index is behind alice's tip: a refresh must write
        var folder = Path.Combine(town.Root, "federation");
        using var mount = ReadOnlyMount.TryBind(folder);
        if (mount is null)
        {
            Assert.Skip("Bind-mounting a folder read-only needs root (mount --bind, remount ro); this process may not.");
        }

        var found = await town.Index.SearchAsync("refinery", new IndexQuery(), Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        found.Items.Select(i => i.Uri.ToString()).ShouldContain(IndexedFederation.ObserverChain + "/web/wb-2");
        found.Stale.ShouldNotBeNull().ShouldContain("cannot be taken by this process");
        found.Stale.ShouldContain("Read-only file system");
    }

    [Fact]
    public async Task An_index_this_process_can_read_but_not_write_answers_search_list_and_the_change_feed_as_it_is_saying_they_may_be_stale()
    {
        // A town shared read-only (a web server's account, a read-only mount): the index is there and reads, but this
        // process cannot take its write lock (here a folder where the lock file should be, which stops root too). Search
        // and the change feed, which have no chains to load instead, failed outright although the index held an answer.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(50, seed: 5));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var first = await CloseOneOpenIssueAsync(federation);
        var before = await town.Index.GetChangesAsync(cancellationToken: Ct);
        before.Items.ShouldHaveSingleItem().Uri.WorkId.ShouldBe(first);
        before.Stale.ShouldBeNull();

        // Alice closes another; the index has not seen it, and now cannot be brought up to date.
        var second = await CloseOneOpenIssueAsync(federation);
        var lockPath = MakeWriteLockUntakeable(town);

        var found = await town.Index.SearchAsync("refinery", new IndexQuery { Remote = IndexedFederation.ObserverChain }, Ct);
        found.Items.Select(i => i.Uri.ToString()).ShouldBe([IndexedFederation.ObserverChain + "/web/wb-2"]);
        found.Stale.ShouldNotBeNull();
        found.Stale.ShouldContain($"The index's write lock {lockPath} cannot be taken by this process");
        found.Stale.ShouldContain("this answer is the index as it was last written, and may miss what changed since", Case.Insensitive);

        var closed = await town.Index.ListAsync(new IndexQuery { Remote = "alice", Status = WorkStatus.Closed, Limit = 1_000 }, Ct);
        closed.Items.Select(i => i.Id).ShouldContain(first);
        closed.Items.Select(i => i.Id).ShouldNotContain(second); // as the index last held it
        closed.Stale.ShouldBe(found.Stale);

        var feed = await town.Index.GetChangesAsync(cancellationToken: Ct);
        feed.Items.ShouldHaveSingleItem().Uri.WorkId.ShouldBe(first);
        feed.Stale.ShouldBe(found.Stale);
        var since = await town.Index.GetChangesAsync(before.Resume, cancellationToken: Ct);
        since.Items.ShouldBeEmpty();
        since.Resume.ShouldBe(before.Resume);
        since.Stale.ShouldBe(found.Stale);

        // An answer with no place to say so still fails: a unit shown from a stale index would pass as current.
        (await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.ShowAsync(GtUri.Parse($"{IndexedFederation.AliceChain}/gastown/{second}"), Ct)))
            .Message.ShouldContain("cannot be taken by this process");

        // Writable again: the next answer is current, and the feed goes on from the same token.
        Directory.Delete(lockPath);
        var after = await town.Index.GetChangesAsync(before.Resume, cancellationToken: Ct);
        after.Items.ShouldHaveSingleItem().Uri.WorkId.ShouldBe(second);
        after.Stale.ShouldBeNull();
        (await town.Index.SearchAsync("refinery", new IndexQuery(), Ct)).Stale.ShouldBeNull();

        // An index file that does not read (here not a database) cannot answer either: the failure stays.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(town.Index.DatabasePath + suffix);
        }

        await File.WriteAllBytesAsync(town.Index.DatabasePath, new byte[4096], Ct);
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        foreach (var read in new Func<Task>[]
        {
            async () => await town.Index.SearchAsync("refinery", new IndexQuery(), Ct),
            async () => await town.Index.GetChangesAsync(cancellationToken: Ct),
        })
        {
            var error = await Should.ThrowAsync<FederationIndexException>(read);
            error.ErrorKind.ShouldBe(FederationErrorKind.RemoteFailure);
            error.Message.ShouldContain("cannot be taken by this process");
        }
    }

    [Fact]
    public async Task An_answer_read_from_an_index_this_process_cannot_write_leaves_out_a_remote_removed_since()
    {
        // The refresh that would forget a removed remote's rows is what cannot run: a read-only frontend kept showing the
        // units, search hits and changes of a remote its owner had removed (often because its content was unwanted).
        using var federation = new IndexedFederation(SyntheticIssues.Generate(50, seed: 5));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var closed = await CloseOneOpenIssueAsync(federation);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var everything = await town.Index.ListAsync(new IndexQuery { Limit = 1_000 }, Ct);
        everything.Items.ShouldContain(i => i.Uri.ToString().StartsWith(IndexedFederation.AliceChain + "/", StringComparison.Ordinal));

        MakeWriteLockUntakeable(town);
        town.Remotes.Remove("alice");

        var listed = await town.Index.ListAsync(new IndexQuery { Limit = 1_000 }, Ct);
        listed.Stale.ShouldNotBeNull();
        listed.Items.ShouldNotBeEmpty(); // the observer's own units
        listed.Items.ShouldAllBe(i => i.Uri.ToString().StartsWith(IndexedFederation.ObserverChain + "/", StringComparison.Ordinal));
        listed.Items.Count.ShouldBe(everything.Items.Count(i => i.Uri.ToString().StartsWith(IndexedFederation.ObserverChain + "/", StringComparison.Ordinal)));

        var found = await town.Index.SearchAsync("refinery", new IndexQuery { Limit = 1_000 }, Ct);
        found.Stale.ShouldNotBeNull();
        found.Items.Select(i => i.Uri.ToString()).ShouldBe([IndexedFederation.ObserverChain + "/web/wb-2"]);

        var feed = await town.Index.GetChangesAsync(cancellationToken: Ct);
        feed.Stale.ShouldNotBeNull();
        feed.Items.ShouldNotContain(c => c.Uri.WorkId == closed);
        feed.Items.ShouldAllBe(c => c.Chain.ToString() == IndexedFederation.ObserverChain);

        // By its URI the removed chain is no longer in any answer's scope either.
        var byUri = await town.Index.ListAsync(new IndexQuery { Remote = IndexedFederation.AliceChain, Limit = 1_000 }, Ct);
        byUri.Items.ShouldBeEmpty();
        byUri.Unavailable.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_town_without_remotes_answers_from_an_index_it_cannot_write_without_making_a_federation_repository()
    {
        // Leaving out removed remotes listed the registered ones, which made the federation repository where there was
        // none: a write, where this process may write nothing (a file in its place threw an IOException instead).
        using var temp = new TempDirectory("index-solo-stale");
        var root = TownBuilder.At(temp.Combine("solo")).Named("solo").OwnedBy("solo@example.com")
            .WithRig("web", "wb-", rig => rig.WithIssue("wb-1", "Refinery page"))
            .Build().Root;
        await using var town = GasTown.Federation.Hosting.Town.Open(root);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var git = Path.Combine(root, "federation", "git");
        Directory.Exists(git).ShouldBeFalse();
        MakeWriteLockUntakeable(town);

        var found = await town.Index.SearchAsync("refinery", new IndexQuery(), Ct);
        found.Stale.ShouldNotBeNull();
        found.Items.Select(i => i.Id).ShouldBe(["wb-1"]);
        Directory.Exists(git).ShouldBeFalse();
    }

    [Fact]
    public async Task A_write_lock_another_process_holds_too_long_is_still_a_conflict_not_a_stale_answer()
    {
        // Only an index this process cannot write answers as it is: a lock held by another writer means the index is being
        // brought up to date, and the query says so as before (Conflict) rather than answer from what that writer replaces.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        await CloseOneOpenIssueAsync(federation);
        var index = new FederationIndex(town.Root, town.Remotes, lockTimeout: TimeSpan.FromMilliseconds(200));

        using (new FileStream(Path.Combine(town.Root, "federation", "index.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            (await Should.ThrowAsync<FederationIndexException>(async () => await index.SearchAsync("refinery", new IndexQuery(), Ct))).ErrorKind.ShouldBe(FederationErrorKind.Conflict);
            (await Should.ThrowAsync<FederationIndexException>(async () => await index.GetChangesAsync(cancellationToken: Ct))).ErrorKind.ShouldBe(FederationErrorKind.Conflict);
        }

        (await index.GetChangesAsync(cancellationToken: Ct)).Items.ShouldHaveSingleItem().Kind.ShouldBe("closed");
    }

    [Theory]
    [InlineData("random bytes")]
    [InlineData("a truncated header")]
    public async Task An_index_file_that_is_not_a_database_is_rebuilt_by_the_next_call(string damage)
    {
        // Overwritten with garbage: SQLite fails on the first statement ("file is not a database"), which reached every
        // caller as a bare SqliteException (gtfed: "failed unexpectedly … a bug") where the file is a cache to rebuild.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(50, seed: 6));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;

        foreach (var read in new Func<Task<int>>[]
        {
            async () => (await town.Index.SearchAsync("refinery", new IndexQuery(), Ct)).Items.Count,
            async () => (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count,
            // A first index records no changes: that the feed read a new file is what its token says (Restarted).
            async () => (await town.Index.GetChangesAsync(resume, cancellationToken: Ct)).Restarted ? 1 : 0,
        })
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                File.Delete(town.Index.DatabasePath + suffix);
            }

            var bytes = damage == "random bytes" ? new byte[100_000] : "SQLite format 3\0"u8.ToArray().Concat(new byte[84]).ToArray();
            if (damage == "random bytes")
            {
                new Random(7).NextBytes(bytes);
            }

            await File.WriteAllBytesAsync(town.Index.DatabasePath, bytes, Ct);
            (await read()).ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task Paging_a_ten_thousand_unit_list_returns_each_unit_once()
    {
        using var federation = new IndexedFederation(SyntheticIssues.Generate(10_000, seed: 11));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();

        var pages = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        string? last = null;
        do
        {
            var page = await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 333, After = after }, Ct);
            foreach (var item in page.Items)
            {
                seen.Add(item.Uri.ToString()).ShouldBeTrue();
                if (last is not null)
                {
                    string.CompareOrdinal(last, item.Uri.ToString()).ShouldBeLessThan(0);
                }

                last = item.Uri.ToString();
            }

            pages++;
            after = page.Next;
        }
        while (after is not null);

        seen.Count.ShouldBe(10_000);
        pages.ShouldBe(31);
        await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.ListAsync(new IndexQuery { Remote = "alice", After = "not-a-token" }, Ct));
    }

    [Fact]
    public async Task Search_finds_words_in_titles_descriptions_and_comments_with_the_list_filters()
    {
        using var federation = new IndexedFederation(alice: t => t.WithRig("docs", "dc-", rig => rig
            .WithIssue("dc-1", "Plain title", i => i.Description("the zeppelin is in the description"))
            .WithIssue("dc-2", "Zeppelin in the title", i => i.Status("closed"))));
        await using (var alice = GasTown.Federation.Hosting.Town.Open(federation.Alice.Root, b => b.AddProvenance(o => o.Actor = "gastown/crew/alice")))
        {
            await alice.PublishAsync(new GasTown.Federation.GitTransport.PublishOptions { Rigs = ["gastown", "docs"] }, Ct);
        }

        await using var town = federation.OpenObserver();
        town.Remotes.Add("alice", federation.AliceGitUrl, GtUri.Parse(IndexedFederation.AliceChain));
        await town.FetchAsync("alice", cancellationToken: Ct);

        var all = await town.Index.SearchAsync("zeppelin", new IndexQuery(), Ct);
        all.Items.Select(i => i.Id).ShouldBe(["dc-1", "dc-2"]);
        (await town.Index.SearchAsync("zeppelin", new IndexQuery { Status = WorkStatus.Closed }, Ct)).Items.Select(i => i.Id).ShouldBe(["dc-2"]);
        // Pages continue from the full-text index's rows: each match once, the last page without a token, and a
        // list's token is not a search's.
        var first = await town.Index.SearchAsync("zepp*", new IndexQuery { Limit = 1 }, Ct);
        var second = await town.Index.SearchAsync("zepp*", new IndexQuery { Limit = 1, After = first.Next.ShouldNotBeNull() }, Ct);
        first.Items.Concat(second.Items).Select(i => i.Id).ShouldBe(["dc-1", "dc-2"]);
        second.Next.ShouldBeNull();
        var listToken = (await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 1 }, Ct)).Next.ShouldNotBeNull();
        (await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync("zepp*", new IndexQuery { After = listToken }, Ct)))
            .ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        (await town.Index.SearchAsync("refinery", new IndexQuery(), Ct)).Items.Select(i => i.Id).ShouldBe(["wb-2"]); // the local town too
        (await town.Index.SearchAsync("\"unbalanced", new IndexQuery(), Ct)).Items.ShouldBeEmpty(); // user text is never FTS syntax
    }
}
