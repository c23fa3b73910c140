using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.TestSupport;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// The index's own file found as something else (another application's database) or held by something else (a SQLite
/// write lock taken outside the index's lock): rebuilt, or a typed failure that says what to do, and never a change to a
/// file that is not the index's.
/// </summary>
public sealed class IndexFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_of_another_application_whose_meta_table_is_its_own_is_rebuilt()
    {
        // A meta table is a common name: one without key and value columns failed the schema check with "no such column",
        // an SqliteException every list, search and refresh threw (gtfed: "a bug in gtfed").
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        Directory.CreateDirectory(Path.GetDirectoryName(town.Index.DatabasePath)!);
        using (var foreign = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(foreign, "CREATE TABLE meta(name TEXT, data BLOB); INSERT INTO meta VALUES('owner', x'00');");
        }

        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
        using var connection = IndexFile.Open(town.Index.DatabasePath);
        IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_file_damaged_past_its_first_page_is_built_again_by_the_read_or_refresh_that_meets_it()
    {
        // A header that reads and pages that do not (a disk or a copy tore them): opening works, the first read of such a
        // page fails. It was SQLite's bare "database disk image is malformed" (gtfed: "a bug in gtfed"; GtWeb: a bare 500),
        // then a typed failure that told the reader to rebuild a cache the call could have rebuilt itself.
        using var federation = new IndexedFederation(SyntheticIssues.Generate(2_000, seed: 3));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var path = town.Index.DatabasePath;
        var unit = (await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 1 }, Ct)).Items[0].Uri;
        var resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;

        foreach (var (what, read) in new (string, Func<Task<int>>)[]
        {
            ("search", async () => (await town.Index.SearchAsync("refinery", new IndexQuery { Limit = 5 }, Ct)).Items.Count),
            ("list", async () => (await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 5 }, Ct)).Items.Count),
            ("show", async () => await town.Index.ShowAsync(unit, Ct) is null ? 0 : 1),
            ("changes", async () => (await town.Index.GetChangesAsync(resume, cancellationToken: Ct)).Restarted ? 1 : 0), // a file built again: tokens restart
            ("chains", async () => (await town.Index.GetChainsAsync(Ct)).Count),
        })
        {
            DamageEveryTable(path);
            (await read()).ShouldBeGreaterThan(0, what);
            IndexFile.Text(IndexFile.Open(path), "PRAGMA integrity_check").ShouldBe("ok", what);
        }

        // A federated query whose refresh meets the damage builds the file again too, and answers from it.
        DamageEveryTable(path);
        using (var sources = new QuerySources())
        {
            (await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.Count.ShouldBe(2_000);
            sources.Take().ShouldBe(["index"]);
        }

        DamageEveryTable(path);
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.Replaced.ShouldNotBeNull().ShouldStartWith($"The federation index {path} was damaged (", Case.Sensitive);
        refresh.Replaced.ShouldEndWith("and was built again from the chains. Nothing was lost (the index is a cache).", Case.Sensitive);
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 5 }, Ct)).Items.Count.ShouldBe(5);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_damaged_file_this_process_cannot_build_again_is_a_typed_failure_that_says_to_rebuild_and_queries_still_answer()
    {
        using var federation = new IndexedFederation(SyntheticIssues.Generate(2_000, seed: 3));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var path = town.Index.DatabasePath;
        DamageEveryTable(path);

        // A folder where the index's lock file should be: no process, root included, can take the lock to rebuild it.
        var lockPath = Path.Combine(Path.GetDirectoryName(path)!, "index.lock");
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        var takeTheLock = $"The index's write lock {lockPath} cannot be taken by this process";

        // The pages that read as they are (this process may not bring the index up to date) meet the damage, and say it.
        foreach (var (what, read) in new (string, Func<Task>)[]
        {
            ("search", async () => await town.Index.SearchAsync("refinery", new IndexQuery { Limit = 5 }, Ct)),
            ("list", async () => await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 5 }, Ct)),
            ("changes", async () => await town.Index.GetChangesAsync(cancellationToken: Ct)),
        })
        {
            var error = await Should.ThrowAsync<FederationIndexException>(read, what);
            error.ErrorKind.ShouldBe(FederationErrorKind.RemoteFailure, what);
            error.Message.ShouldStartWith($"The federation index {path} is damaged (", Case.Sensitive, what);
            error.Message.ShouldContain($"and it could not be built again here ({takeTheLock}", Case.Sensitive, what);
            error.Message.ShouldEndWith("Rebuild it, or delete it and its -wal and -shm files: the index is a cache, built again from the chains, and nothing is lost.", Case.Sensitive, what);
        }

        // A refresh, and the list of chains (never read stale), need the lock before they read a damaged page: they say that.
        foreach (var (what, read) in new (string, Func<Task>)[]
        {
            ("chains", async () => await town.Index.GetChainsAsync(Ct)),
            ("refresh", async () => await town.Index.RefreshAsync(cancellationToken: Ct)),
        })
        {
            (await Should.ThrowAsync<FederationIndexException>(read, what)).Message.ShouldStartWith(takeTheLock, Case.Sensitive, what);
        }

        // The queries that can load their chains do, meanwhile; a rebuild mends the file once the lock can be taken.
        (await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.Count.ShouldBe(2_000);
        Directory.Delete(lockPath);
        await town.Index.RebuildAsync(cancellationToken: Ct);
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 5 }, Ct)).Items.Count.ShouldBe(5);
    }

    // Writes an impossible b-tree page type over the root page of every table and index but the schema's and meta's (so
    // the file opens, and its version reads).
    private static void DamageEveryTable(string path)
    {
        SqliteConnection.ClearAllPools();
        List<long> roots = [];
        using (var connection = IndexFile.Open(path))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_schema WHERE rootpage > 1 AND name <> 'meta' AND tbl_name <> 'meta'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                roots.Add(reader.GetInt64(0));
            }

            // Every page in the file itself, none left in the log for a reader to find instead.
            IndexFile.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        SqliteConnection.ClearAllPools();
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        foreach (var root in roots)
        {
            file.Position = (root - 1) * IndexDatabase.NewFilePageSize;
            file.Write([0xFF, 0xFF, 0xFF, 0xFF]);
        }
    }

    [Theory]
    [InlineData("garbage", "it was not a readable database")]
    [InlineData("newer", "it was written by a newer version of the SDK (index schema 99;")]
    [InlineData("foreign", "it was a database of another application")]
    public async Task A_file_the_index_cannot_use_is_built_again_and_the_refresh_says_what_it_was(string file, string says)
    {
        // The file was deleted and built again without a word: a host could not tell why every line was parsed again, nor
        // see a newer SDK sharing the town rebuild it in turn.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var path = town.Index.DatabasePath;
        (await town.Index.RefreshAsync(cancellationToken: Ct)).Replaced.ShouldBeNull(); // no file: nothing replaced
        switch (file)
        {
            case "newer":
                using (var connection = IndexFile.Open(path))
                {
                    IndexFile.Execute(connection, "UPDATE meta SET value = '99' WHERE key = 'schema_version';");
                }

                break;
            default:
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(path + suffix);
                }

                if (file == "garbage")
                {
                    File.WriteAllBytes(path, [.. Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7919 % 251))]);
                }
                else
                {
                    using var foreign = IndexFile.Open(path);
                    IndexFile.Execute(foreign, "CREATE TABLE precious(x INTEGER);");
                }

                break;
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBeGreaterThan(0);
        refresh.Replaced.ShouldNotBeNull().ShouldStartWith($"The federation index {path} was deleted and built again from the chains: {says}");
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
        (await town.Index.RefreshAsync(cancellationToken: Ct)).Replaced.ShouldBeNull();
    }

    [Theory]
    [InlineData("CREATE TABLE precious(x INTEGER); INSERT INTO precious VALUES(42);")]
    [InlineData("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES('schema_version', '3'); CREATE TABLE precious(x INTEGER); INSERT INTO precious VALUES(42);")]
    public async Task A_link_to_another_application_s_database_is_replaced_by_the_index_and_that_database_is_left_byte_for_byte(string schema)
    {
        // index.db a symbolic link to a database that is not an index: the writer opened it (through the link) and set it to
        // WAL before it looked whose it was, rewriting the other application's file header (its journal mode) for good. The
        // second: meta(key, value) holding a schema_version is a common convention, and a number no higher than the index's
        // read as an old index, so the writer also ran the index's migrations on it (failing on its first ALTER).
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var elsewhere = new TempDirectory("index-link");
        var database = elsewhere.Combine("app.db");
        using (var app = IndexFile.Open(database))
        {
            IndexFile.Execute(app, schema);
        }

        var before = File.ReadAllBytes(database);
        Directory.CreateDirectory(Path.GetDirectoryName(town.Index.DatabasePath)!);
        File.CreateSymbolicLink(town.Index.DatabasePath, database);

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);

        refresh.Replaced.ShouldNotBeNull().ShouldContain("it was a database of another application");
        File.ReadAllBytes(database).ShouldBe(before);
        Directory.GetFiles(elsewhere.Path).ShouldBe([database]);
        new FileInfo(town.Index.DatabasePath).LinkTarget.ShouldBeNull(); // the link, the index's own name, became the index
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_link_whose_target_s_folder_is_missing_is_a_typed_failure_that_says_where_it_leads()
    {
        // A dangling link into a folder that is gone (a disk not mounted): SQLite cannot create the file, and the failure
        // told the user to make the index's folder writable, which it was, and which could never help.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var elsewhere = new TempDirectory("index-link");
        var target = elsewhere.Combine("unmounted", "index.db");
        Directory.CreateDirectory(Path.GetDirectoryName(town.Index.DatabasePath)!);
        File.CreateSymbolicLink(town.Index.DatabasePath, target);

        var refused = await Should.ThrowAsync<FederationIndexException>(town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct).AsTask());
        refused.ErrorKind.ShouldBe(FederationErrorKind.RemoteFailure);
        refused.Message.ShouldContain($"{town.Index.DatabasePath} is a symbolic link to {target}");
        refused.Message.ShouldContain("Point the link at a folder that exists, or delete the link");
        Directory.Exists(Path.GetDirectoryName(target)).ShouldBeFalse();
        new FileInfo(town.Index.DatabasePath).LinkTarget.ShouldBe(target); // nothing deleted
    }

    [Theory]
    [InlineData("-wal")]
    [InlineData("-shm")]
    public async Task A_folder_where_the_index_s_log_should_be_is_named_by_refresh_and_rebuild(string suffix)
    {
        // A folder at index.db-wal: the refresh said the disk was full or failing ("disk I/O error ... free space"), and a
        // rebuild that File.Delete could not finish told the user to make files writable; neither helps.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var folder = town.Index.DatabasePath + suffix;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "kept.txt"), "not the index's");

        var says = $"The federation index {folder} is a folder, where the index's file should be";
        (await Should.ThrowAsync<FederationIndexException>(town.Index.RefreshAsync(cancellationToken: Ct).AsTask())).Message.ShouldStartWith(says);
        (await Should.ThrowAsync<FederationIndexException>(town.Index.RebuildAsync(cancellationToken: Ct).AsTask())).Message.ShouldStartWith(says);
        File.ReadAllText(Path.Combine(folder, "kept.txt")).ShouldBe("not the index's");

        Directory.Delete(folder, recursive: true);
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_reader_of_another_process_reads_the_whole_index_while_a_rebuild_is_under_way()
    {
        // A rebuild deleted the index's files and built new ones under the same names, while readers never take the
        // writer's lock: a reader that opened index.db meanwhile (another gtfed's query; a second rebuild's listing of
        // the chains) found no file ('unable to open database file'), or a file holding some of the chains.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var path = town.Index.DatabasePath;
        const string Units = "SELECT count(*) FROM units";
        long expected;
        using (var before = IndexFile.Open(path))
        {
            expected = (long)IndexFile.Scalar(before, Units)!;
        }

        var seen = new List<object?>();
        var rebuilt = await town.Index.RebuildAsync(new ReadWhileIndexing(() =>
        {
            // Read-only, as a query reads.
            using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            reader.Open();
            seen.Add(IndexFile.Scalar(reader, Units));
        }), Ct);

        rebuilt.LinesParsed.ShouldBeGreaterThan(0);
        rebuilt.Replaced.ShouldBeNull();
        seen.ShouldNotBeEmpty();
        seen.ShouldAllBe(count => (long)count! == expected);
        // The rebuild built beside the index and left nothing there.
        Directory.GetFiles(Path.GetDirectoryName(path)!, "index.db.rebuild*").ShouldBeEmpty();
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_rebuild_of_an_index_reached_by_a_link_rebuilds_the_file_the_link_leads_to_and_keeps_the_link()
    {
        // An index kept on another disk through a symbolic link: a rebuild deleted the link and built a file in its place.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var elsewhere = new TempDirectory("index-link");
        var target = elsewhere.Combine("index.db");
        Directory.CreateDirectory(Path.GetDirectoryName(town.Index.DatabasePath)!);
        File.CreateSymbolicLink(town.Index.DatabasePath, target);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        // What a rebuild killed part way leaves beside the index: deleted by the next.
        File.WriteAllText(town.Index.DatabasePath + ".rebuild", "left by a killed rebuild");

        var rebuilt = await town.Index.RebuildAsync(cancellationToken: Ct);

        rebuilt.LinesParsed.ShouldBeGreaterThan(0);
        new FileInfo(town.Index.DatabasePath).LinkTarget.ShouldBe(target);
        File.Exists(town.Index.DatabasePath + ".rebuild").ShouldBeFalse();
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_write_transaction_held_on_the_file_outside_the_index_s_lock_is_a_typed_conflict_naming_the_file()
    {
        // A sqlite3 shell or a backup tool that begins a write on index.db takes SQLite's lock, not the index's: the writer
        // waited SQLite's busy timeout (30 s) and then threw SqliteException "database is locked" (gtfed: "a bug").
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var issues = federation.Observer.IssuesPathOf("web");
        File.SetLastWriteTimeUtc(issues, File.GetLastWriteTimeUtc(issues).AddMinutes(1)); // the local town out of date

        using (var holder = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(holder, "BEGIN IMMEDIATE;");
            var refused = await Should.ThrowAsync<FederationIndexException>(town.Index.RefreshAsync(cancellationToken: Ct).AsTask());
            refused.ErrorKind.ShouldBe(FederationErrorKind.Conflict);
            refused.Message.ShouldContain(town.Index.DatabasePath);
            refused.Message.ShouldContain("End that program's transaction or close it");
            IndexFile.Execute(holder, "ROLLBACK;");
        }

        (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.ShouldContain(c => c.Updated);
    }

    [Fact]
    public async Task A_program_holding_the_whole_file_keeps_a_query_waiting_seconds_not_minutes()
    {
        // A program with index.db in exclusive locking mode (a sqlite3 shell after PRAGMA locking_mode = EXCLUSIVE and a
        // write) holds it from readers too. A query waited SQLite's busy timeout, 30 s a statement with Microsoft.Data.Sqlite's
        // retries, about 91 s in all, before a federated query loaded its chains and an index query failed.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var expected = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);

        using var holder = IndexFile.Open(town.Index.DatabasePath);
        IndexFile.Execute(holder, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE meta SET value = value WHERE key = 'schema_version'; COMMIT;");
        using (var probe = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = town.Index.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 1 }.ToString()))
        {
            // The hold is real: another connection cannot read the file at all.
            probe.Open();
            Should.Throw<SqliteException>(() => IndexFile.Scalar(probe, "SELECT count(*) FROM chains")).SqliteErrorCode.ShouldBe(SQLitePCL.raw.SQLITE_BUSY);
        }

        // Seconds, not minutes: each waits SQLite's busy timeout (5 s) once, at the reader's check, and says so. SQLite's
        // wait does not see a cancellation token, so the bound is measured.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        ready.Ready.Select(u => u.Uri).ShouldBe(expected.Ready.Select(u => u.Uri));
        ready.Ready.ShouldNotBeEmpty();
        var refused = await Should.ThrowAsync<FederationIndexException>(town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct).AsTask());
        waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        refused.ErrorKind.ShouldBe(FederationErrorKind.Conflict);
        refused.Message.ShouldContain($"The federation index {town.Index.DatabasePath} is held by another program");
    }

    // Runs a read each time the indexer reports progress: while a rebuild is under way, in the rebuilding thread.
    private sealed class ReadWhileIndexing(Action read) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => read();
    }
}
