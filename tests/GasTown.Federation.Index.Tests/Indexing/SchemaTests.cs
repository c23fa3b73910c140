using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.TestSupport;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>The index file's schema is versioned: an older or foreign file is migrated or rebuilt, never a failure.</summary>
public sealed class SchemaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_index_is_in_wal_mode_at_the_current_schema_version()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        using var connection = IndexFile.Open(town.Index.DatabasePath);
        IndexFile.Text(connection, "PRAGMA journal_mode").ShouldBe("wal");
        IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        IndexFile.Text(connection, "PRAGMA page_size").ShouldBe("2048");

        // No chain claims a relationship or publishes events: the indexes of those tables are not made (a page each).
        IndexFile.Text(connection, $"SELECT count(*) FROM sqlite_master WHERE name IN ({string.Join(", ", IndexSchema.IndexesOfRows.Select(i => $"'{i.Name}'"))})").ShouldBe("0");
    }

    [Fact]
    public async Task A_version_24_file_reads_each_event_log_it_kept_as_rows_again_so_a_line_that_is_no_event_is_counted()
    {
        // Version 24 kept a log with a line that is no event as rows, and the audit left the line out unsaid; the rows
        // cannot tell such a log from a clean one, so version 25 reads each kept log again (alice's by indexing her once
        // more, her issues file unread; the local town's by its stamp).
        using var federation = new IndexedFederation(
            alice: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", "mayor"),
            observer: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", "mayor").WithEventLine("not json"))
        { PublishFeedEvents = true };
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        // As version 24 left it: the local log kept as exact rows, read to its end, with the hash of every byte as its tail
        // (so that an append is read from there on), the line that is no event not said (no count: version 26's columns).
        var bytes = await File.ReadAllBytesAsync(federation.Observer.PathOf(".events.jsonl"), Ct);
        var tail = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(System.Security.Cryptography.SHA256.HashData(bytes));
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, $"UPDATE event_logs SET exact = 1, size = {bytes.Length}, tail = {tail} WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1); UPDATE event_logs SET exact = 1, dropped = 0, dropped_first = NULL, lines = NULL WHERE size > 0; UPDATE meta SET value = '24' WHERE key = 'schema_version';");
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeTrue();
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT dropped FROM event_logs WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1)").ShouldBe("1");
            IndexFile.Text(connection, "SELECT exact FROM event_logs WHERE chain_id = (SELECT id FROM chains WHERE remote = 'alice')").ShouldBe("1");
        }

        var audit = await town.Queries.AuditAsync(GasTown.Federation.Provenance.ActorPattern.Parse("mayor"), cancellationToken: Ct);
        audit.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain).DroppedLines.ShouldBe(1);
        audit.Entries.Count(e => e.Source == GasTown.Federation.Query.AuditSources.Events).ShouldBe(2);
        (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeFalse(); // once
    }

    [Fact]
    public async Task A_version_25_file_reads_each_event_log_it_kept_without_rows_again_so_its_events_are_rows()
    {
        // Version 25 kept a log with a line that is no event without rows (every audit read it whole; a local one was read
        // from its start at each append); version 26 keeps its events as rows with the count, so each log kept without
        // rows is read again: alice's by indexing her once more (her issues file unread), the local town's by its stamp.
        // (Publishing leaves a line that is no event out, so alice's log is clean: the index cannot tell why a log was
        // kept without rows, and reads each again.)
        using var federation = new IndexedFederation(
            alice: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", "mayor"),
            observer: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", "mayor").WithEventLine("not json"))
        { PublishFeedEvents = true };
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var mayor = GasTown.Federation.Provenance.ActorPattern.Parse("mayor");
        var before = await town.Queries.AuditAsync(mayor, cancellationToken: Ct);

        // As version 25 left them: no rows, inexact, no count.
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT group_concat(dropped, ' ') FROM (SELECT dropped FROM event_logs WHERE exact = 1 ORDER BY dropped)").ShouldBe("0 1");
            IndexFile.Execute(connection, "DELETE FROM events; UPDATE event_logs SET exact = 0, size = 0, tail = NULL, lines = NULL, dropped = 0, dropped_first = NULL; UPDATE meta SET value = '25' WHERE key = 'schema_version';");
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeTrue();
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT count(*) FROM event_logs WHERE exact = 1").ShouldBe("2");
            IndexFile.Text(connection, "SELECT dropped_first FROM event_logs WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1)")!.ShouldStartWith("line 2 (byte ");
            IndexFile.Text(connection, "SELECT count(*) FROM events").ShouldBe("2");
        }

        var audit = await town.Queries.AuditAsync(mayor, cancellationToken: Ct);
        Queries.AuditAssert.Same(audit, before);
        audit.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain).DroppedLines.ShouldBe(1);
        (await town.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeFalse(); // once
    }

    [Fact]
    public async Task The_first_rows_of_a_table_come_with_its_indexes()
    {
        using var federation = new IndexedFederation(alice: b => b
            .WithEmployment("alice@example.com", "acme.com")
            .WithDelegation($"{IndexedFederation.AliceChain}/gastown/gt-1", "gt://bob@example.com/b/web/bb-1"));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        using var connection = IndexFile.Open(town.Index.DatabasePath);
        IndexFile.Text(connection, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE name LIKE 'delegations_%' OR name LIKE 'relationships_%' OR name LIKE 'employments_%' OR name LIKE 'events_%' ORDER BY name)")!
            .Split(' ').ShouldBe(["delegations_chain_parent", "delegations_child", "delegations_child_chain", "delegations_parent", "employments_org", "relationships_chain"]);
    }

    [Fact]
    public async Task A_version_1_file_is_migrated_and_its_chains_indexed_again()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        // Back to version 1's shape: none of the columns and tables of versions 2, 3, 5, 6, 7 and 8, version 1 recorded.
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, """
                DROP INDEX units_ready; DROP INDEX units_warned; DROP INDEX deps_cross; ALTER TABLE units DROP COLUMN pinned; ALTER TABLE units DROP COLUMN defer_until;
                DROP INDEX units_delegating; DROP TABLE delegations; DROP TABLE portions; DROP TABLE cascade_pending;
                ALTER TABLE changes DROP COLUMN portion; ALTER TABLE changes DROP COLUMN caused_by; ALTER TABLE chains DROP COLUMN single_rig;
                ALTER TABLE files DROP COLUMN warned; ALTER TABLE units DROP COLUMN line; ALTER TABLE units DROP COLUMN warn; ALTER TABLE units DROP COLUMN delegates; ALTER TABLE files DROP COLUMN dups; ALTER TABLE chains DROP COLUMN delegates;
                ALTER TABLE chains DROP COLUMN exact; ALTER TABLE chains DROP COLUMN routes; DROP TABLE chain_notes; DROP INDEX IF EXISTS units_chain_id; DROP TABLE employments;
                UPDATE meta SET value = '1' WHERE key = 'schema_version';
                """);
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.Chains.ShouldAllBe(c => c.Updated);
        refresh.LinesParsed.ShouldBe(4); // alice's two lines and the observer's two, parsed again
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
    }

    [Fact]
    public async Task A_version_5_file_is_migrated_through_versions_6_and_7_and_answers_organisations_from_the_index()
    {
        // acme.com (the local town) employs alice and bob, whose own chains are fetched remotes.
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, "DROP TABLE employments; UPDATE meta SET value = '5' WHERE key = 'schema_version';");
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.Chains.ShouldAllBe(c => c.Updated);
        // Version 6 alone would read only the skeletons again; version 7 forgets the rows (delegation claims were never
        // kept), so every line is parsed again.
        refresh.LinesParsed.ShouldBeGreaterThan(0);

        using var sources = new QuerySources();
        var organization = EntityId.Parse("acme.com");
        var indexed = await town.Queries.ListByOrganizationAsync(organization, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByOrganizationAsync(organization, cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        indexed.Members.Select(m => m.Entity.Value).ShouldBe(["alice@example.com", "bob@example.com"]);
        indexed.Items.Count.ShouldBe(10);
        Queries.OrgAssert.Same(indexed, loaded);
    }

    [Fact]
    public async Task A_version_7_file_is_migrated_through_version_8_and_its_ready_pages_know_pinned_and_deferred_work()
    {
        const string Stamp = "2025-12-30T10:00:00Z";
        using var federation = new IndexedFederation(gastown: rig => rig
            .WithIssueLine($$"""{"id":"gt-3","title":"Pinned","status":"open","priority":0,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}","pinned":true}""")
            .WithIssueLine($$"""{"id":"gt-4","title":"Deferred","status":"open","priority":0,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}","defer_until":"2099-01-01T00:00:00Z"}"""));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, "DROP INDEX units_ready; ALTER TABLE units DROP COLUMN pinned; ALTER TABLE units DROP COLUMN defer_until; DROP INDEX deps_parent; ALTER TABLE deps DROP COLUMN parent_id; UPDATE meta SET value = '7' WHERE key = 'schema_version';");
        }

        // The new columns are filled only by parsing: every line is parsed again.
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(6);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'units_ready'").ShouldBe("1");
            IndexFile.Text(connection, "SELECT group_concat(unit_id) FROM units WHERE pinned = 1").ShouldBe("gt-3");
            IndexFile.Text(connection, "SELECT group_concat(unit_id) FROM units WHERE defer_until IS NOT NULL").ShouldBe("gt-4");
        }

        using var sources = new QuerySources();
        var page = await town.Queries.GetReadyWorkPageAsync(10, cancellationToken: Ct);
        sources.Take().ShouldBe(["index"]);
        page.Items.Select(u => u.Id).ShouldBe((await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct)).Ready.Select(u => u.Id));
        page.Items.Select(u => u.Id).ShouldNotContain("gt-3");
        page.Items.Select(u => u.Id).ShouldNotContain("gt-4");
    }

    [Fact]
    public async Task A_version_8_file_is_migrated_to_version_9_and_its_parent_child_rows_name_their_parents()
    {
        const string Stamp = "2025-12-30T10:00:00Z";
        using var federation = new IndexedFederation(gastown: rig => rig
            .WithIssueLine($$"""{"id":"gt-3","title":"Child","status":"open","priority":2,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}","dependencies":[{"issue_id":"gt-3","depends_on_id":"gt-1","type":"parent-child","created_at":"{{Stamp}}","created_by":"mayor"}]}"""));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, "DROP INDEX deps_parent; ALTER TABLE deps DROP COLUMN parent_id; UPDATE meta SET value = '8' WHERE key = 'schema_version';");
        }

        // parent_id is filled only by parsing: every line is parsed again.
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBeGreaterThan(0);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'deps_parent'").ShouldBe("1");
            IndexFile.Text(connection, "SELECT group_concat(parent_id) FROM deps WHERE type = 'parent-child'").ShouldBe("gt-1");
        }
    }

    [Fact]
    public async Task A_version_9_file_is_migrated_to_version_10_and_its_chains_indexed_again_with_their_audit_rows()
    {
        using var federation = new IndexedFederation(
            alice: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", "gastown/crew/joe", """{"bead":"gt-1"}"""),
            gastown: rig => rig.WithIssue("gt-3", "Made by joe", i => i.CreatedBy("gastown/crew/joe").CreatedAt("2025-12-30T10:00:00Z")))
        { PublishFeedEvents = true };
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        // Back to version 9's shape: no audit tables, version 9 recorded.
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, "DROP TABLE unit_actors; DROP TABLE events; DROP TABLE event_logs; DROP TABLE actors; UPDATE meta SET value = '9' WHERE key = 'schema_version';");
        }

        // Version 10 forgets every chain: every line is parsed again, and the audit rows are filled.
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.Chains.ShouldAllBe(c => c.Updated);
        refresh.LinesParsed.ShouldBe(5);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT count(*) FROM unit_actors a JOIN actors n ON n.id = a.actor WHERE n.name = 'gastown/crew/joe'").ShouldBe("1");
            IndexFile.Text(connection, "SELECT count(*) FROM events e JOIN actors n ON n.id = e.actor WHERE n.name = 'gastown/crew/joe'").ShouldBe("1");
        }

        using var sources = new QuerySources();
        var joe = Provenance.ActorPattern.Parse("gastown/crew/joe");
        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        indexed.Entries.Select(e => e.Type).ShouldBe(["sling", "bead_created"]);
        Queries.AuditAssert.Same(indexed, loaded);
    }

    [Fact]
    public async Task A_version_10_file_is_migrated_to_version_11_and_its_edges_keep_their_chain_without_doubling_audit_rows()
    {
        const string Stamp = "2025-12-30T10:00:00Z";
        using var federation = new IndexedFederation(
            alice: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", "gastown/crew/joe", """{"bead":"gt-1"}"""),
            gastown: rig => rig.WithIssueLine($$"""{"id":"gt-3","title":"Child","status":"open","priority":2,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}","created_by":"gastown/crew/joe","dependencies":[{"issue_id":"gt-3","depends_on_id":"gt-1","type":"parent-child","created_at":"{{Stamp}}","created_by":"mayor"}]}"""))
        { PublishFeedEvents = true };
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, """
                DROP INDEX deps_parent; DROP INDEX deps_cross; DROP INDEX deps_target; ALTER TABLE deps DROP COLUMN chain_id;
                CREATE INDEX deps_parent ON deps(parent_id) WHERE parent_id IS NOT NULL; CREATE INDEX deps_target ON deps(target_id) WHERE target_id IS NOT NULL;
                UPDATE meta SET value = '10' WHERE key = 'schema_version';
                """);
        }

        // chain_id is filled only by indexing: every line is parsed again, and the audit rows are forgotten with the chains
        // (chain and unit ids are reused), not kept beside the new ones.
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBeGreaterThan(0);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT count(*) FROM deps d JOIN units u ON u.id = d.unit WHERE d.type = 'parent-child' AND d.chain_id = u.chain_id").ShouldBe("1");
            IndexFile.Text(connection, "SELECT count(*) FROM events e JOIN actors n ON n.id = e.actor WHERE n.name = 'gastown/crew/joe'").ShouldBe("1");
            IndexFile.Text(connection, "SELECT count(*) FROM unit_actors a JOIN actors n ON n.id = a.actor WHERE n.name = 'gastown/crew/joe'").ShouldBe("1");
        }

        var project = await town.Queries.ListByProjectAsync(IndexedFederation.AliceChain + "/gastown/gt-1", includeDelegated: false, cancellationToken: Ct);
        project.Items.Select(i => i.Id).ShouldContain("gt-3");
    }

    [Fact]
    public async Task A_version_11_file_keeps_its_brotli_lines_readable_folds_its_actor_names_and_stores_new_lines_with_zstd()
    {
        const string Stamp = "2025-12-30T10:00:00Z";
        var old = $$"""{"id":"gt-3","title":"Stored by schema 11","description":"{{string.Concat(Enumerable.Repeat("Brotli was the codec then; ", 12))}}","status":"open","priority":2,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}"}""";
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssueLine(old).WithIssue("gt-4", "By Joe", i => i.CreatedBy("Gastown/Crew/Joe")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        // Back to version 11: the row as schema 11 wrote it (tag 0, Brotli), version 11 recorded.
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                UPDATE units SET line = $line WHERE unit_id = 'gt-3';
                DROP INDEX actors_folded; DROP INDEX IF EXISTS events_actor; ALTER TABLE actors DROP COLUMN folded;
                UPDATE meta SET value = '11' WHERE key = 'schema_version';
                """;
            command.Parameters.AddWithValue("$line", StoredLineTests.LegacyBrotli(System.Text.Encoding.UTF8.GetBytes(old)));
            command.ExecuteNonQuery();
        }

        // Version 12 has nothing to migrate: no line is parsed again, and the old row still shows its exact bytes.
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        var uri = GtUri.Parse(IndexedFederation.AliceChain + "/gastown/gt-3");
        System.Text.Encoding.UTF8.GetString((await town.Index.ShowAsync(uri, Ct))!.UpstreamLine.Span).ShouldBe(old);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT hex(substr(line, 1, 1)) FROM units WHERE unit_id = 'gt-3'").ShouldBe("00");
            IndexFile.Text(connection, "SELECT folded FROM actors WHERE name = 'Gastown/Crew/Joe'").ShouldBe("gastown/crew/joe");
        }

        var joe = Provenance.ActorPattern.Parse("gastown/crew/joe");
        (await town.Queries.AuditAsync(joe, cancellationToken: Ct)).Entries.Select(e => e.Uri?.ToString()).ShouldContain(IndexedFederation.AliceChain + "/gastown/gt-4");

        // Rebuilt, the line is written the new way.
        await town.Index.RebuildAsync(cancellationToken: Ct);
        System.Text.Encoding.UTF8.GetString((await town.Index.ShowAsync(uri, Ct))!.UpstreamLine.Span).ShouldBe(old);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT hex(substr(line, 1, 1)) FROM units WHERE unit_id = 'gt-3'").ShouldBe("02");
        }
    }

    [Fact]
    public async Task A_version_12_file_keeps_its_rows_and_a_row_without_a_kept_check_is_judged_by_looking_its_tip_up()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var uri = IndexedFederation.AliceChain + "/gastown/gt-1";
        var before = await town.Queries.ShowAsync(uri, Ct);

        // Back to version 12: no tip signature kept, version 12 recorded.
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, "ALTER TABLE chains DROP COLUMN tip_check; UPDATE meta SET value = '12' WHERE key = 'schema_version';");
        }

        // No line is parsed again (version 24 reads each remote's tip once more, not its unchanged issues files); a chain
        // without a kept check, as every row of version 12, is judged by looking its tip up, as version 12 did.
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Execute(connection, "UPDATE chains SET tip_check = NULL");
        }

        var after = await town.Queries.ShowAsync(uri, Ct);
        after.Chains.Select(c => (c.Chain, c.Trust, c.Proof)).ShouldBe(before.Chains.Select(c => (c.Chain, c.Trust, c.Proof)));

        // Indexed again, each remote keeps its tip's check (alice's tip is unsigned); the local town has no tip to check.
        await town.Index.RebuildAsync(cancellationToken: Ct);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT tip_check FROM chains WHERE remote = 'alice'").ShouldBe($"v1 {IndexFile.Text(connection, "SELECT revision FROM chains WHERE remote = 'alice'")} unsigned");
            IndexFile.Text(connection, "SELECT count(*) FROM chains WHERE is_local = 1 AND tip_check IS NOT NULL").ShouldBe("0");
        }

        (await town.Queries.ShowAsync(uri, Ct)).Chains.Select(c => (c.Chain, c.Trust, c.Proof)).ShouldBe(before.Chains.Select(c => (c.Chain, c.Trust, c.Proof)));
    }

    [Fact]
    public async Task A_version_15_file_writes_its_audit_rows_and_named_ids_again_and_parses_no_line_again()
    {
        // Units joe created and commented on an hour later: two seconds of one actor on one unit, of which 15 kept one.
        using var federation = new IndexedFederation(gastown: rig =>
        {
            for (var n = 1; n <= 4; n++)
            {
                rig.WithIssueLine($$"""{"id":"gt-{{n + 10}}","title":"Unit {{n}}","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-0{{n}}T08:00:00Z","created_by":"gastown/crew/joe","updated_at":"2026-01-0{{n}}T08:00:00Z","comments":[{"id":{{n}},"issue_id":"gt-{{n + 10}}","author":"gastown/crew/joe","text":"later","created_at":"2026-01-0{{n}}T09:00:00Z"}]}""");
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var any = GasTown.Federation.Provenance.ActorPattern.Any;
        var whole = await town.Queries.AuditAsync(any, cancellationToken: Ct);
        whole.Entries.Count.ShouldBeGreaterThan(8);
        string? rows;
        string? targets;
        const string Targets = "SELECT group_concat(rowid || ' ' || coalesce(target_id, '-'), ',') FROM (SELECT rowid, target_id FROM deps ORDER BY rowid)";

        // Back to version 15: one row per unit and actor, with the latest second; no edge keeps the id it names.
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            rows = IndexFile.Text(connection, "SELECT group_concat(unit || ' ' || actor || ' ' || at, ',') FROM (SELECT * FROM unit_actors ORDER BY unit, actor, at)");
            targets = IndexFile.Text(connection, Targets);
            targets.ShouldNotBeNull().ShouldContain(" gt-1,");
            IndexFile.Execute(connection, """
                DROP INDEX deps_target;
                ALTER TABLE deps DROP COLUMN target_id;
                CREATE INDEX deps_target ON deps(depends_on);
                CREATE TABLE seconds AS SELECT unit, actor, max(at) AS last FROM unit_actors GROUP BY unit, actor;
                DROP TABLE unit_actors;
                CREATE TABLE unit_actors(unit INTEGER NOT NULL, actor INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY(unit, actor)) WITHOUT ROWID;
                INSERT INTO unit_actors SELECT unit, actor, last FROM seconds;
                DROP TABLE seconds;
                CREATE INDEX unit_actors_actor ON unit_actors(actor, last);
                UPDATE meta SET value = '15' WHERE key = 'schema_version';
                """);
        }

        // The rows are written again from the stored lines, as indexing wrote them; no line is parsed again (version 24
        // reads each remote's tip once more, not its unchanged issues files).
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT group_concat(unit || ' ' || actor || ' ' || at, ',') FROM (SELECT * FROM unit_actors ORDER BY unit, actor, at)").ShouldBe(rows);
            IndexFile.Text(connection, Targets).ShouldBe(targets);
        }

        using (var sources = new QuerySources())
        {
            (await town.Queries.GetDependentsAsync(IndexedFederation.AliceChain + "/gastown/gt-1", Ct)).Dependents.Select(d => d.WorkUnit.Uri.WorkId).ShouldBe(["gt-2", "wb-1"]);
            sources.Take().ShouldBe(["index"]);
        }

        await Queries.AuditAssert.PagesAreTheWholeAsync(town, any, null, 2, whole, "after the migration");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public void A_walk_to_children_reads_its_own_chains_edge_rows_by_the_index()
    {
        // A remote writing a million edges that name a common id must not slow another chain's walk: the search is by
        // (chain, parent id), not by the id across every chain and then filtered.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        IndexSchema.Migrate(connection).ShouldBeTrue();
        var plan = Plan(connection, IndexQueryReader.ChildEdgesSql("$p1, $p2"), 1L, "gt-1", "gt-2");
        plan.ShouldContain(step => step.Contains("USING INDEX deps_parent (chain_id=? AND parent_id=?)", StringComparison.Ordinal), string.Join(" | ", plan));
    }

    [Fact]
    public void The_units_that_depend_on_a_unit_are_read_by_its_chain_and_id_and_elsewhere_by_the_unit_a_uri_names()
    {
        // Found by the id alone, every edge naming any gt-1 in the federation was read: a remote writing a million edges
        // that name its own gt-1 made every chain's dependents of gt-1 slow.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        IndexSchema.Migrate(connection).ShouldBeTrue();
        var plan = Plan(connection, IndexQueryReader.EdgesNamingSql, "gt-1", IndexedFederation.AliceChain, IndexedFederation.AliceChain + "/gt-1");
        plan.ShouldContain(step => step.Contains("USING INDEX deps_target (chain_id=? AND target_id=?)", StringComparison.Ordinal), string.Join(" | ", plan));
        plan.ShouldContain(step => step.Contains("USING INDEX deps_target_key (target_key=?)", StringComparison.Ordinal), string.Join(" | ", plan));
    }

    [Fact]
    public async Task A_version_19_file_keys_its_uri_edges_and_answers_dependents_from_the_index_without_parsing_a_line_again()
    {
        using var federation = new IndexedFederation(web: rig => rig.WithIssue("wb-3", "Depends on alice by hop", i => i.DependsOn("hop://alice@example.com/alice-town/gastown/gt-1")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        const string Keys = "SELECT group_concat(depends_on || ' ' || target_key, ',') FROM (SELECT depends_on, target_key FROM deps WHERE target_key IS NOT NULL ORDER BY rowid)";
        string? keys;
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            keys = IndexFile.Text(connection, Keys);
            keys.ShouldBe(string.Join(',',
                $"{IndexedFederation.AliceChain}/gastown/gt-1 {IndexedFederation.AliceChain}/gt-1",
                $"hop://alice@example.com/alice-town/gastown/gt-1 {IndexedFederation.AliceChain}/gt-1"));

            // Back to version 19: no unit key, deps_target by the id alone, no line hash key (and other hashes).
            IndexFile.Execute(connection, $"""
                DROP INDEX deps_target; DROP INDEX deps_target_key; ALTER TABLE deps DROP COLUMN target_key;
                CREATE INDEX deps_target ON deps(target_id) WHERE target_id IS NOT NULL;
                DELETE FROM meta WHERE key = '{LineHash.MetaKey}'; UPDATE units SET hash = id;
                UPDATE meta SET value = '19' WHERE key = 'schema_version';
                """);
        }

        // No line is parsed again (version 24 reads each remote's tip once more, not its unchanged issues files).
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, Keys).ShouldBe(keys);
            IndexFile.Text(connection, "SELECT sql FROM sqlite_schema WHERE name = 'deps_target'").ShouldNotBeNull().ShouldContain("(chain_id, target_id)");
            IndexFile.Text(connection, "SELECT count(*) FROM sqlite_schema WHERE name = 'deps_target_key'").ShouldBe("1");

            // Every row's hash is its stored line's, under the file's new key.
            var lineHash = LineHash.For(connection, null);
            using var rows = connection.CreateCommand();
            rows.CommandText = "SELECT line, hash FROM units";
            using var reader = rows.ExecuteReader();
            var count = 0;
            while (reader.Read())
            {
                reader.GetInt64(1).ShouldBe(lineHash.Of(StoredLine.Read(reader, 0)));
                count++;
            }

            count.ShouldBe(5, "alice's two units and the observer's three");
        }

        // The hashes are the indexer's: after one of alice's lines changes, a refresh parses that line alone.
        await federation.EditAliceLineAsync(l => l.Contains("\"gt-2\"", StringComparison.Ordinal), l => l.Replace("Needs gt-1", "Still needs gt-1", StringComparison.Ordinal), Ct);
        (await town.Index.RefreshAsync(cancellationToken: Ct)).LinesParsed.ShouldBe(1);

        using var sources = new QuerySources();
        (await town.Queries.GetDependentsAsync(IndexedFederation.AliceChain + "/gastown/gt-1", Ct)).Dependents.Select(d => d.WorkUnit.Uri.WorkId).ShouldBe(["gt-2", "wb-1", "wb-3"]);
        sources.Take().ShouldBe(["index"]);
        federation.AssertIndexNeverFailed();
    }

    [Theory]
    [InlineData(ChainFacts.WarnedUnitsSql, "USING INDEX units_warned (chain_id=?)")]
    [InlineData(ChainFacts.CrossReferenceEdgesSql, "USING INDEX deps_cross (chain_id=?)")]
    public void What_a_pass_counts_after_each_chain_is_read_through_a_partial_index(string sql, string expected)
    {
        // Read every unit row (lines included) or every edge of the chain, these cost a re-index of a 100k-line file after
        // one changed line about a seventh of its time.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        IndexSchema.Migrate(connection).ShouldBeTrue();
        var plan = Plan(connection, sql, 1L);
        plan.ShouldContain(step => step.Contains(expected, StringComparison.Ordinal), string.Join(" | ", plan));
    }

    [Fact]
    public async Task A_version_18_file_gains_the_partial_indexes_the_feed_epoch_and_its_files_longest_lines_and_answers_as_before()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, $"""
                DROP INDEX units_warned; DROP INDEX deps_cross; ALTER TABLE files DROP COLUMN longest;
                DELETE FROM meta WHERE key = '{IndexSchema.FeedEpochKey}'; UPDATE meta SET value = '18' WHERE key = 'schema_version';
                """);
        }

        // The longest lines are measured from the stored ones: no line is parsed again (version 24 reads each remote's
        // tip once more, not its unchanged issues files).
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('units_warned', 'deps_cross')").ShouldBe("2");
            IndexFile.Text(connection, $"SELECT length(value) FROM meta WHERE key = '{IndexSchema.FeedEpochKey}'").ShouldBe("16");
            var longest = File.ReadAllLines(federation.Alice.IssuesPathOf("gastown")).Max(l => System.Text.Encoding.UTF8.GetByteCount(l));
            IndexFile.Text(connection, $"SELECT max(longest) FROM files WHERE chain_id = (SELECT id FROM chains WHERE uri = '{IndexedFederation.AliceChain}')")
                .ShouldBe(longest.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]);
    }

    // The steps SQLite plans for sql, its parameters $p0, $p1, … bound to values.
    private static List<string> Plan(SqliteConnection connection, string sql, params object[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), values[i]);
        }

        var plan = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    [Fact]
    public async Task A_version_22_file_keeps_its_rows_drops_its_repeated_key_and_empty_indexes_and_answers_as_before()
    {
        // acme.com employs alice and bob, who delegate (relationships, employment and delegation rows); no chain publishes
        // events, so the events indexes go with the migration and the others stay.
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var organization = EntityId.Parse("acme.com");
        var before = await town.Queries.ListByOrganizationAsync(organization, cancellationToken: Ct);

        // Back to version 22's shape: units keyed (chain_id, rig, unit_id) with units_chain_id beside it, the four small
        // tables with rowids, delegations_chain and every index of a table whatever its rows, version 22 recorded.
        string? units;
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            units = IndexFile.Text(connection, "SELECT count(*) || ':' || sum(length(line)) || ':' || max(id) FROM units");
            var columns = "id, chain_id, file_id, rig, unit_id, uri, hash, status, issue_type, priority, assignee, line, warn, delegates, pinned, defer_until";
            IndexFile.Execute(connection, $"""
                CREATE TABLE units_old(id INTEGER PRIMARY KEY, chain_id INTEGER NOT NULL, file_id INTEGER NOT NULL, rig TEXT NOT NULL, unit_id TEXT NOT NULL,
                    uri TEXT NOT NULL, hash INTEGER NOT NULL, status TEXT NOT NULL, issue_type TEXT NOT NULL, priority INTEGER NOT NULL, assignee TEXT,
                    line BLOB, warn INTEGER NOT NULL DEFAULT 0, delegates INTEGER NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0, defer_until INTEGER,
                    UNIQUE(chain_id, rig, unit_id));
                INSERT INTO units_old({columns}) SELECT {columns} FROM units;
                DROP TABLE units; ALTER TABLE units_old RENAME TO units;
                CREATE INDEX units_chain_uri ON units(chain_id, uri); CREATE INDEX units_status_uri ON units(status, uri);
                CREATE INDEX units_chain_id ON units(chain_id, unit_id);
                CREATE INDEX units_ready ON units(priority, uri) WHERE status IN ('open', 'in_progress') AND pinned = 0;
                CREATE INDEX units_delegating ON units(chain_id) WHERE delegates <> 0; CREATE INDEX units_warned ON units(chain_id) WHERE warn <> 0;
                CREATE TABLE meta_old(key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta_old SELECT key, value FROM meta; DROP TABLE meta; ALTER TABLE meta_old RENAME TO meta;
                CREATE TABLE employments_old(chain_id INTEGER NOT NULL, seq INTEGER NOT NULL, organization TEXT NOT NULL, line BLOB NOT NULL, PRIMARY KEY(chain_id, seq));
                INSERT INTO employments_old SELECT chain_id, seq, organization, line FROM employments; DROP TABLE employments; ALTER TABLE employments_old RENAME TO employments;
                CREATE INDEX delegations_chain ON delegations(chain_id); CREATE INDEX IF NOT EXISTS events_actor ON events(actor); CREATE INDEX IF NOT EXISTS events_chain_actor ON events(chain_id, actor, at);
                UPDATE meta SET value = '22' WHERE key = 'schema_version';
                """);
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0); // the rows are copied, not indexed again
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IndexFile.Text(connection, "SELECT count(*) || ':' || sum(length(line)) || ':' || max(id) FROM units").ShouldBe(units);
            var names = IndexFile.Text(connection, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name)");
            names!.Split(' ').ShouldBe(["actors_folded", "delegations_chain_parent", "delegations_child", "delegations_child_chain", "delegations_parent", "deps_cross", "deps_parent", "deps_target", "deps_target_key", "deps_unit", "employments_org",
                "relationships_chain", "unit_actors_actor", "units_chain_uri", "units_delegating", "units_ready", "units_status_uri", "units_warned"]);
            IndexFile.Text(connection, "SELECT group_concat(name) FROM sqlite_master WHERE name IN ('meta', 'employments', 'chain_notes', 'portions') AND sql LIKE '%WITHOUT ROWID'")
                !.Split(',').ShouldBe(["chain_notes", "employments", "meta", "portions"], ignoreOrder: true);
            IndexFile.Text(connection, "SELECT sql FROM sqlite_master WHERE name = 'units'")!.ShouldContain("UNIQUE(chain_id, unit_id, rig)");

            // The old units table's pages are given back (VACUUM), once.
            IndexFile.Text(connection, "PRAGMA freelist_count").ShouldBe("0");
            IndexFile.Text(connection, "SELECT count(*) FROM meta WHERE key = 'vacuum_pending'").ShouldBe("0");
        }

        using var sources = new QuerySources();
        var indexed = await town.Queries.ListByOrganizationAsync(organization, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByOrganizationAsync(organization, cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        Queries.OrgAssert.Same(indexed, loaded);
        Queries.OrgAssert.Same(indexed, before);
        (await town.Index.ShowAsync(indexed.Items[0].WorkUnit.Uri, Ct)).ShouldNotBeNull();

        // The full-text rows still name their units (ids kept by the copy).
        var word = indexed.Items[0].WorkUnit.Title.Split(' ')[0];
        var found = await town.Index.SearchAsync(word, new IndexQuery { Limit = 100 }, Ct);
        found.Items.Select(i => i.Uri).ShouldContain(indexed.Items[0].WorkUnit.Uri);
        found.Items.ShouldAllBe(i => i.Title.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_file_from_a_newer_sdk_or_not_an_index_is_rebuilt()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, "UPDATE meta SET value = '99' WHERE key = 'schema_version';");
        }

        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);

        SqliteConnection.ClearAllPools();
        File.Delete(town.Index.DatabasePath);
        using (var foreign = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(foreign, "CREATE TABLE something_else(x INTEGER);");
        }

        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
    }
}
