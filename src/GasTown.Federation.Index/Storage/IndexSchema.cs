using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The index's tables, versioned. <see cref="CurrentVersion"/> is stored in <c>meta</c>; an older file is migrated
/// step by step, and a file from a newer SDK (or one that is not an index at all) is dropped and rebuilt: the index
/// is a cache, so rebuilding loses nothing.
/// </summary>
internal static class IndexSchema
{
    /// <summary>The schema this SDK writes.</summary>
    public const int CurrentVersion = 30;

    // Version 1. Every statement is idempotent so a crash between two steps is harmless.
    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS chains(
            id INTEGER PRIMARY KEY,
            uri TEXT NOT NULL UNIQUE,
            remote TEXT,
            is_local INTEGER NOT NULL,
            revision TEXT,
            state TEXT NOT NULL,
            reason TEXT,
            message TEXT,
            identity TEXT,
            layout TEXT,
            fetched_at TEXT,
            units INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0,
            dropped INTEGER NOT NULL DEFAULT 0,
            indexed_at TEXT,
            lines_parsed INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS files(
            id INTEGER PRIMARY KEY,
            chain_id INTEGER NOT NULL,
            path TEXT NOT NULL,
            rig TEXT NOT NULL,
            uri_rig TEXT,
            content_id TEXT,
            stamp TEXT,
            size INTEGER NOT NULL DEFAULT 0,
            lines INTEGER NOT NULL DEFAULT 0,
            dropped INTEGER NOT NULL DEFAULT 0,
            UNIQUE(chain_id, path));
        CREATE TABLE IF NOT EXISTS units(
            id INTEGER PRIMARY KEY,
            chain_id INTEGER NOT NULL,
            file_id INTEGER NOT NULL,
            rig TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            uri TEXT NOT NULL,
            line_no INTEGER NOT NULL,
            offset INTEGER NOT NULL,
            length INTEGER NOT NULL,
            hash INTEGER NOT NULL,
            status TEXT NOT NULL,
            issue_type TEXT NOT NULL,
            priority INTEGER NOT NULL,
            assignee TEXT,
            created_by TEXT,
            created_at TEXT,
            updated_at TEXT,
            closed_at TEXT,
            title TEXT NOT NULL,
            UNIQUE(chain_id, rig, unit_id));
        CREATE INDEX IF NOT EXISTS units_chain_uri ON units(chain_id, uri);
        CREATE INDEX IF NOT EXISTS units_uri ON units(uri);
        CREATE INDEX IF NOT EXISTS units_file ON units(file_id);
        CREATE INDEX IF NOT EXISTS units_status_uri ON units(status, uri);
        CREATE TABLE IF NOT EXISTS deps(
            unit INTEGER NOT NULL,
            depends_on TEXT NOT NULL,
            type TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS deps_unit ON deps(unit);
        CREATE INDEX IF NOT EXISTS deps_target ON deps(depends_on);
        CREATE TABLE IF NOT EXISTS relationships(
            chain_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            description TEXT NOT NULL,
            trust TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS relationships_chain ON relationships(chain_id);
        CREATE TABLE IF NOT EXISTS changes(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            chain_id INTEGER NOT NULL,
            uri TEXT NOT NULL,
            kind TEXT NOT NULL,
            old_status TEXT,
            new_status TEXT,
            title TEXT,
            at TEXT NOT NULL);
        CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(title, body, content='', contentless_delete=1, tokenize='unicode61');
        """;

    // Version 2: each unit keeps its exact line, so an answer never inflates the blob it came from (a 47 MB blob cost a
    // show 2.6 s in version 1). Rows of version 1 have no line: the chains are forgotten and indexed again.
    private const string Version2 = """
        ALTER TABLE units ADD COLUMN line BLOB;
        DELETE FROM units_fts;
        DELETE FROM deps;
        DELETE FROM units;
        DELETE FROM files;
        DELETE FROM relationships;
        DELETE FROM chains;
        """;

    // Version 3: what a query needs to answer show without loading the chain exactly as loading it would: each chain's
    // routes, its problems (warning or worse) and whether its state is one the index can describe ("exact": no dropped
    // lines, no line read with a warning, no duplicate ids, no unresolvable cross-reference); and for walks over the
    // whole federation, whether a chain holds delegations (which only loaded claims judge). The chains are indexed again.
    private const string Version3 = """
        ALTER TABLE units ADD COLUMN warn INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE units ADD COLUMN delegates INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chains ADD COLUMN delegates INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE files ADD COLUMN dups INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chains ADD COLUMN exact INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chains ADD COLUMN routes BLOB;
        CREATE TABLE IF NOT EXISTS chain_notes(chain_id INTEGER NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY(chain_id, seq));
        CREATE INDEX IF NOT EXISTS units_chain_id ON units(chain_id, unit_id);
        DELETE FROM units_fts;
        DELETE FROM deps;
        DELETE FROM units;
        DELETE FROM files;
        DELETE FROM relationships;
        DELETE FROM chains;
        """;

    // Version 4 (the size of the index, issue 16: at most 1.5 times the JSONL): the line is stored as StoredLine encodes it
    // (lines of version 3 read back unchanged, so they stay); the copies of line fields no query reads (title, created_by,
    // the three timestamps: the line holds them) are dropped, and so is where the line sat in its file (line_no, offset,
    // length: the row holds the line itself, and keeping positions made one inserted line rewrite every row after it);
    // units_uri is dropped too (a unit's URI names its chain, so units_chain_uri finds it), and units_file (a file's rows
    // are found among its chain's, through units_chain_id). Dropping a column that an older step never made is skipped (see Version4(connection)).
    private static readonly string[] Version4Dropped = ["title", "created_by", "created_at", "updated_at", "closed_at", "line_no", "offset", "length"];

    // Version 5: each file counts its lines read with a warning that hold no unit (a line of an export type this SDK does
    // not know): a load reports each as a chain warning, so such a chain is not one the index describes exactly; and the
    // units' delegates flag is now Query's own rule over the parsed unit. The chains are indexed again.
    private const string Version5 = """
        ALTER TABLE files ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
        DELETE FROM units_fts;
        DELETE FROM deps;
        DELETE FROM units;
        DELETE FROM files;
        DELETE FROM relationships;
        DELETE FROM chain_notes;
        DELETE FROM chains;
        """;

    // Version 6: each chain's employment claims as the exact lines of its relationships.jsonl (parsed at query time by
    // Model's parser), so an organisation's members are judged from the index as from loaded chains. The rows of version 5
    // are kept; every chain's revision is forgotten so the next refresh reads each skeleton again (an unchanged issues file
    // is still not read: its blob id or stamp matches).
    private const string Version6 = """
        CREATE TABLE IF NOT EXISTS employments(chain_id INTEGER NOT NULL, seq INTEGER NOT NULL, organization TEXT NOT NULL, line BLOB NOT NULL, PRIMARY KEY(chain_id, seq));
        CREATE INDEX IF NOT EXISTS employments_org ON employments(organization, chain_id, seq);
        UPDATE chains SET revision = NULL;
        """;

    // Version 7: the completion feed of delegated portions. Each chain's delegation claims (relationships.jsonl and both
    // beads forms, as Query reads them) with what the trust rule needs (the asserting chain's verified identity, the
    // claim order within the chain), and a partial index that finds a chain's delegating units without reading its other
    // rows; the last completeness seen of each portion (parent key, portion), so a transition is recorded once, across
    // processes; and the parents a chain's pass touched, queued in that chain's transaction and judged after the
    // refresh's chains are written. The changes carry the portion and what caused them. The chains are indexed again
    // (their claims were not kept), and the changes of the forgotten chains go too (chain ids are reused).
    private const string Version7Tables = """
        CREATE TABLE IF NOT EXISTS delegations(
            chain_id INTEGER NOT NULL,
            ord INTEGER NOT NULL,
            parent_key TEXT NOT NULL,
            child_key TEXT NOT NULL,
            child_chain TEXT NOT NULL,
            parent_uri TEXT NOT NULL,
            child_uri TEXT NOT NULL,
            portion TEXT,
            verified INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS units_delegating ON units(chain_id) WHERE delegates <> 0;
        CREATE INDEX IF NOT EXISTS delegations_chain ON delegations(chain_id);
        CREATE INDEX IF NOT EXISTS delegations_parent ON delegations(parent_key);
        CREATE INDEX IF NOT EXISTS delegations_child ON delegations(child_key);
        CREATE INDEX IF NOT EXISTS delegations_child_chain ON delegations(child_chain);
        CREATE TABLE IF NOT EXISTS portions(
            parent_key TEXT NOT NULL,
            portion_key TEXT NOT NULL,
            complete INTEGER NOT NULL,
            PRIMARY KEY(parent_key, portion_key));
        CREATE TABLE IF NOT EXISTS cascade_pending(parent_key TEXT NOT NULL, child_key TEXT, cause TEXT);
        DELETE FROM units_fts;
        DELETE FROM deps;
        DELETE FROM units;
        DELETE FROM files;
        DELETE FROM relationships;
        DELETE FROM chain_notes;
        DELETE FROM employments;
        DELETE FROM delegations;
        DELETE FROM portions;
        DELETE FROM cascade_pending;
        DELETE FROM changes;
        DELETE FROM chains;
        """;

    // Version 8: pages of ready work walk the candidates (open or in progress, not pinned, not deferred) in the ready list's
    // order (priority, then URI) without reading their lines: each unit's pinned flag and defer_until (UTC ticks) are
    // columns, and a partial index over the candidate statuses, without pinned work, keeps that order. The columns are filled only by parsing
    // each line, so the chains are indexed again, as version 7 does (and its changes go for the same reason).
    private const string Version8Tables = """
        CREATE INDEX IF NOT EXISTS units_ready ON units(priority, uri) WHERE status IN ('open', 'in_progress') AND pinned = 0;
        """;

    // Version 9 (project lists from the index): each parent-child edge keeps the work id its depends_on_id names, however
    // it is spelled (a bare id, rig/id, external:rig:id, a gt:// or hop:// URI; NamedWorkIds reads it), with a partial index
    // over those rows only, so a walk from a unit to its children reads the edge rows that name its id and no others. The
    // rows of earlier versions have no such id: the chains are forgotten and indexed again, as version 7 does.
    private const string Version9 = """
        CREATE INDEX IF NOT EXISTS deps_parent ON deps(parent_id) WHERE parent_id IS NOT NULL;
        """;

    // Version 10 (audit from the index): the facts an audit matches, narrow. Actor names once each (actors); per work unit,
    // each actor its line names as creator, closing assignee, comment author or dependency creator, with the latest such
    // instant (Unix seconds, floored: a superset for `since`), and no copied text: the entries are derived at query time
    // from the unit's stored line, for the matching units only. Per chain, its .events.jsonl's identity (blob id or local
    // stamp, so an unchanged log is not read again; for a local log, the bytes read and a hash of all of them, so an
    // appended log is read from where it ended; rows that hashed only the last 4 KiB, as first written, never match and
    // the log is read again whole), whether any line carries a signature, and whether the index can
    // describe it exactly; and each event line with its actor and instant, the line stored as StoredLine encodes it (its
    // signature is judged at query time, for the matching lines only). The rows of version 9 have none of this: every
    // chain is forgotten and indexed again.
    private const string Version10Tables = """
        CREATE TABLE IF NOT EXISTS actors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS unit_actors(unit INTEGER NOT NULL, actor INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY(unit, actor)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS unit_actors_actor ON unit_actors(actor, last);
        CREATE TABLE IF NOT EXISTS event_logs(chain_id INTEGER PRIMARY KEY, content_id TEXT, stamp TEXT, signed INTEGER NOT NULL, exact INTEGER NOT NULL, size INTEGER NOT NULL DEFAULT 0, tail INTEGER);
        CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, chain_id INTEGER NOT NULL, actor INTEGER NOT NULL, at INTEGER NOT NULL, line BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS events_chain_actor ON events(chain_id, actor, at);
        DELETE FROM unit_actors;
        DELETE FROM events;
        DELETE FROM event_logs;
        DELETE FROM actors;
        """;

    // Version 11: a parent-child edge row keeps its unit's chain, and deps_parent leads with it, so a walk from a unit to
    // its children reads the edge rows of its own chain that name its id and no others (before, it read every chain's
    // rows naming the id and then dropped the other chains': a remote writing a million edges that name a common id
    // slowed every other chain's project walks). Likewise a page of ready work reads a parent's delegation claims by its own
    // chain and key (delegations_chain_parent), not every chain's claims naming it. The rows of version 10 have no chain:
    // every chain is indexed again.
    private const string Version11 = """
        DROP INDEX IF EXISTS deps_parent;
        CREATE INDEX IF NOT EXISTS deps_parent ON deps(chain_id, parent_id) WHERE parent_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS delegations_chain_parent ON delegations(chain_id, parent_key);
        """;

    // Version 12: lines are stored as zstd frames compressed with the dictionary trained on upstream lines (StoredLine's
    // tag 0x02): rows of 11 (Brotli, tag 0x00) still read back, and each line written from now on is stored the new way
    // (an SDK of 11, which cannot read the new tag, rebuilds the file instead of reporting every new row as damaged).
    // Actor names keep their folded form (ActorFolding), indexed, so an audit seeks the names it can match instead of
    // reading every one; events are indexed by actor, so a refresh can forget the names no row uses any more.
    private const string Version12 = """
        CREATE INDEX IF NOT EXISTS actors_folded ON actors(folded);
        CREATE INDEX IF NOT EXISTS events_actor ON events(actor);
        """;

    /// <summary>
    /// The secondary indexes over units and deps (every one but the unique key that upserts need). A first build of a
    /// file that brings more rows than the index holds drops them and creates them again after its rows are in, in the
    /// same transaction: one sort instead of a B-tree insert per row and index, and full pages instead of split ones.
    /// Readers see the indexes throughout (they read the last committed state). <c>deps_unit</c> is not among them: a
    /// file that repeats an id deletes the earlier row's edges by unit, and without that index each repeat would scan
    /// every edge, so a hostile file of repeated ids would make its own build quadratic.
    /// </summary>
    public static readonly (string Name, string Create)[] SecondaryIndexes =
    [
        ("units_chain_uri", "CREATE INDEX IF NOT EXISTS units_chain_uri ON units(chain_id, uri)"),
        ("units_status_uri", "CREATE INDEX IF NOT EXISTS units_status_uri ON units(status, uri)"),
        ("deps_target", "CREATE INDEX IF NOT EXISTS deps_target ON deps(chain_id, target_id) WHERE target_id IS NOT NULL"),
        ("deps_target_key", "CREATE INDEX IF NOT EXISTS deps_target_key ON deps(target_key) WHERE target_key IS NOT NULL"),
        ("units_ready", "CREATE INDEX IF NOT EXISTS units_ready ON units(priority, uri) WHERE status IN ('open', 'in_progress') AND pinned = 0"),
        ("deps_parent", "CREATE INDEX IF NOT EXISTS deps_parent ON deps(chain_id, parent_id) WHERE parent_id IS NOT NULL"),
        ("unit_actors_actor", "CREATE INDEX IF NOT EXISTS unit_actors_actor ON unit_actors(actor, at)"),
    ];

    /// <summary>
    /// The indexes over tables most towns leave empty (no relationship claims, no published event log, no delegations):
    /// <see cref="EnsureIndexes"/> creates them in the write that puts the first row in their table, since an empty index
    /// still takes a page of the file (a town of a thousand issues held 29 empty B-trees, a seventh of its index).
    /// A table without its indexes is empty, so no query is slower for their absence.
    /// </summary>
    public static readonly (string Table, string Name, string Create)[] IndexesOfRows =
    [
        ("relationships", "relationships_chain", "CREATE INDEX IF NOT EXISTS relationships_chain ON relationships(chain_id)"),
        ("employments", "employments_org", "CREATE INDEX IF NOT EXISTS employments_org ON employments(organization, chain_id, seq)"),
        ("delegations", "delegations_chain_parent", "CREATE INDEX IF NOT EXISTS delegations_chain_parent ON delegations(chain_id, parent_key)"),
        ("delegations", "delegations_parent", "CREATE INDEX IF NOT EXISTS delegations_parent ON delegations(parent_key)"),
        ("delegations", "delegations_child", "CREATE INDEX IF NOT EXISTS delegations_child ON delegations(child_key)"),
        ("delegations", "delegations_child_chain", "CREATE INDEX IF NOT EXISTS delegations_child_chain ON delegations(child_chain)"),
        ("events", "events_chain_actor", "CREATE INDEX IF NOT EXISTS events_chain_actor ON events(chain_id, actor, at)"),
        ("events", "events_actor", "CREATE INDEX IF NOT EXISTS events_actor ON events(actor)"),
    ];

    /// <summary>Creates the <see cref="IndexesOfRows"/> of each table that holds a row; every write transaction ends with it.</summary>
    public static void EnsureIndexes(SqliteConnection connection, SqliteTransaction transaction)
    {
        string? table = null;
        var holdsRows = false;
        foreach (var (name, _, create) in IndexesOfRows)
        {
            if (name != table)
            {
                table = name;
                holdsRows = HoldsRows(connection, name, transaction);
            }

            if (holdsRows)
            {
                Execute(connection, transaction, create);
            }
        }
    }

    // Each version's step, in order; a step's SQL may depend on what the file already has (columns added only when missing).
    private static readonly (int Version, Func<SqliteConnection, string> Sql)[] Steps =
    [
        (1, _ => Version1), (2, _ => Version2), (3, _ => Version3), (4, Version4), (5, _ => Version5), (6, _ => Version6), (7, Version7), (8, Version8),
        (9, Version9Step), (10, _ => Version10Tables + ForgetEveryChain), (11, Version11Step), (12, Version12Step), (13, Version13Step), (14, Version14Step), (15, Version15Step),
        (16, Version16Step), (17, _ => Version17), (18, Version18Step), (19, Version19Step), (20, Version20Step), (21, Version21Step), (22, Version22Step), (23, Version23Step), (24, _ => Version24), (25, _ => Version25), (26, Version26Step), (27, _ => Version27), (28, Version28Step), (29, Version29Step), (30, _ => Version30),
    ];

    /// <summary>Creates or migrates the schema; returns false when the file holds a schema this SDK cannot migrate.</summary>
    public static bool Migrate(SqliteConnection connection)
    {
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            return false;
        }

        foreach (var (target, sql) in Steps)
        {
            if (version < target)
            {
                Step(connection, sql(connection), target);
            }
        }

        VacuumIfPending(connection);
        return true;
    }

    /// <summary>The <c>meta</c> key a step sets when it freed many pages (version 23 copied the units table).</summary>
    private const string VacuumPendingKey = "vacuum_pending";

    // A file never gives free pages back (at 1 x 100k, version 23's copy of the units table grew 60.7 MB to 92.1 MB): written
    // again without them (WAL readers keep their snapshot), through a temporary file, not memory (the writer's temp_store),
    // since the copy is as large as the index, and the log truncated after (it holds the whole file). The flag is cleared
    // only when it worked, so a process that dies here, or a full disk, has the next writer try again; a failure is not the
    // refresh's (the index is whole, only larger).
    private static void VacuumIfPending(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM meta WHERE key = '{VacuumPendingKey}'";
        if (command.ExecuteScalar() is null)
        {
            return;
        }

        try
        {
            command.CommandText = $"PRAGMA temp_store = FILE; VACUUM; DELETE FROM meta WHERE key = '{VacuumPendingKey}'; PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Tried again by the next writer that opens the file.
        }
        finally
        {
            command.CommandText = "PRAGMA temp_store = MEMORY;";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The stored schema version; 0 for an empty file, <see cref="int.MaxValue"/> for a file that is not an index (no usable version, or another application's tables).</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
        if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var any = connection.CreateCommand();
            any.CommandText = "SELECT count(*) FROM sqlite_master";
            return Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0 ? 0 : int.MaxValue;
        }

        // Another application's meta table (a common name) need not have our columns: read as foreign, not as a failure of
        // the statement below ("no such column"), which every refresh would throw.
        using var shape = connection.CreateCommand();
        shape.CommandText = "SELECT count(*) FROM pragma_table_info('meta') WHERE name IN ('key', 'value')";
        if (Convert.ToInt64(shape.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 2)
        {
            return int.MaxValue;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        if (command.ExecuteScalar() is not string text || !int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return int.MaxValue;
        }

        // A schema_version in a meta table is a common convention too: another application's number no higher than ours
        // would be migrated as an old index (its file set to WAL, our tables written into it). Every index from version 1
        // on has a chains table, written in the same step as its version.
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'chains'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0 ? int.MaxValue : value;
    }

    // A column added by an earlier run of this step (a file set back to an older version) is not added twice.
    private static string Version7(SqliteConnection connection)
    {
        var columns = Columns(connection, "changes");
        var sql = new System.Text.StringBuilder();
        foreach (var column in new[] { "portion", "caused_by" }.Where(c => !columns.Contains(c)))
        {
            sql.Append("ALTER TABLE changes ADD COLUMN ").Append(column).Append(" TEXT;\n");
        }

        // The rig a one-rig remote was indexed under: registered again under another (or as a town), it is indexed again.
        if (!Columns(connection, "chains").Contains("single_rig"))
        {
            sql.Append("ALTER TABLE chains ADD COLUMN single_rig TEXT;\n");
        }

        return sql.Append(Version7Tables).ToString();
    }

    // The columns are added only when missing (a file set back to an older version keeps them); the rows are forgotten as
    // in version 7 (after its tables exist) so every chain is indexed again and fills them.
    private static string Version8(SqliteConnection connection)
    {
        var columns = Columns(connection, "units");
        var sql = new System.Text.StringBuilder();
        if (!columns.Contains("pinned"))
        {
            sql.Append("ALTER TABLE units ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;\n");
        }

        if (!columns.Contains("defer_until"))
        {
            sql.Append("ALTER TABLE units ADD COLUMN defer_until INTEGER;\n");
        }

        return sql.Append(Version8Tables).Append(ForgetEveryChain).ToString();
    }

    // The column is added once, even by a step run again on a file set back to an older version; the rows are forgotten
    // as in version 7, so every chain is indexed again and fills it.
    private static string Version9Step(SqliteConnection connection)
    {
        var add = Columns(connection, "deps").Contains("parent_id") ? "" : "ALTER TABLE deps ADD COLUMN parent_id TEXT;\n";
        return add + Version9 + ForgetEveryChain;
    }

    // The column is added once, as version 9's; every chain is forgotten, its audit rows with it (chain and unit ids are
    // reused, so a chain indexed again must not find another's events or actors under its id).
    private static string Version11Step(SqliteConnection connection)
    {
        var add = Columns(connection, "deps").Contains("chain_id") ? "" : "ALTER TABLE deps ADD COLUMN chain_id INTEGER;\n";
        return add + Version11 + ForgetEveryChain + ForgetEveryAuditRow;
    }

    // The folded names are computed here, as ActorFolding computes them (SQLite's lower() folds ASCII only). Run again
    // after a crash before the step's commit, it folds every name again: the same result.
    private static string Version12Step(SqliteConnection connection)
    {
        if (!Columns(connection, "actors").Contains("folded"))
        {
            using var add = connection.CreateCommand();
            add.CommandText = "ALTER TABLE actors ADD COLUMN folded TEXT";
            add.ExecuteNonQuery();
        }

        var names = new List<(long Id, string Name)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT id, name FROM actors";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                names.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        using (var transaction = connection.BeginTransaction())
        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE actors SET folded = $folded WHERE id = $id";
            var folded = update.Parameters.Add("$folded", SqliteType.Text);
            var id = update.Parameters.Add("$id", SqliteType.Integer);
            foreach (var (actor, name) in names)
            {
                folded.Value = ActorFolding.Fold(name);
                id.Value = actor;
                update.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Version12;
    }

    // Version 13: each remote chain keeps its tip's signature as checked when indexed (StoredSignatureCheck, naming its
    // commit), so a query judges trust against the keys kept now without looking the commit up again. Rows of 12 have
    // none, and their queries verify the commit as before until the chain is indexed again.
    private static string Version13Step(SqliteConnection connection)
        => Columns(connection, "chains").Contains("tip_check") ? "" : "ALTER TABLE chains ADD COLUMN tip_check TEXT;";

    // Version 14: a chain whose only irregularities are lines (dropped, or read with a warning) keeps what a whole load
    // says of it (LoadedChainNotes): its notices in chain_notes, with their kind (a problem has none). Such chains indexed
    // by 13 are not exact; their revision is forgotten so the next refresh indexes each again (its unchanged files are
    // not read again) and stores their notes.
    private static string Version14Step(SqliteConnection connection)
        => (Columns(connection, "chain_notes").Contains("kind") ? "" : "ALTER TABLE chain_notes ADD COLUMN kind TEXT;\n")
           + "UPDATE chains SET revision = NULL WHERE exact = 0 AND state = 'available';";

    // Version 15: notes a whole load gave keep the limits it read within (chains.notes_limits), so a process reading
    // within others loads the chain instead. The notes of 14 do not say theirs: the revision of each chain 14 described
    // from a whole load (exact, with irregular lines) is forgotten, and the next refresh indexes it again (an unchanged
    // issues file is not read); no other chain is.
    private static string Version15Step(SqliteConnection connection)
        => (Columns(connection, "chains").Contains("notes_limits") ? "" : "ALTER TABLE chains ADD COLUMN notes_limits TEXT;\n")
           + """
             UPDATE chains SET revision = NULL WHERE state = 'available' AND exact = 1 AND (dropped > 0
                 OR id IN (SELECT chain_id FROM files WHERE warned > 0) OR id IN (SELECT chain_id FROM units WHERE warn <> 0)
                 OR id IN (SELECT chain_id FROM chain_notes WHERE kind IS NOT NULL));
             """;

    // Version 16 (audit pages and dependents from the index). A unit's audit rows are one per actor and whole second at
    // which its line names that actor (as creator, closing assignee, comment author or dependency creator), not one per
    // actor with the latest such second: a page of an audit then reads the rows of the newest seconds only
    // (unit_actors_actor in order) and parses the units they name, however deep the page (with the latest second alone, a
    // unit created long ago and commented on yesterday had to be read for every page in between). And every edge keeps the
    // work id it names (deps.target_id, as parent_id does for parent-child edges; NamedWorkIds reads it), indexed by
    // deps_target instead of the reference as written (which no query searched): the units that depend on a unit are
    // found by its id. The audit rows are written again from each unit's stored line and the ids from each edge's
    // reference, in one transaction, and nothing else changes: no chain is indexed again (at 10M issues that is the
    // difference between parsing the lines once and a 16-minute rebuild). Run again after a crash before its commit,
    // it drops and writes the same rows.
    private static string Version16Step(SqliteConnection connection)
    {
        var addTarget = !Columns(connection, "deps").Contains("target_id");
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"""
            DROP TABLE IF EXISTS unit_actors;
            CREATE TABLE unit_actors(unit INTEGER NOT NULL, actor INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(unit, actor, at)) WITHOUT ROWID;
            DROP INDEX IF EXISTS deps_target;
            {(addTarget ? "ALTER TABLE deps ADD COLUMN target_id TEXT;" : "")}
            """);
        UnitActorRows.WriteAllFromStoredLines(connection, transaction);
        WriteTargetIds(connection, transaction);
        // The version with the rows, in the same transaction: a file never holds these rows under version 15's number (an
        // SDK of 15 would trust it and fail on every chain's rows). Step writes it again, to the same value.
        Execute(connection, transaction, """
            CREATE INDEX unit_actors_actor ON unit_actors(actor, at);
            CREATE INDEX deps_target ON deps(target_id) WHERE target_id IS NOT NULL;
            INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '16');
            """);
        transaction.Commit();
        return "";
    }

    // Version 17: an id repeated in a file, an id no gt:// URI can name and a cross-reference no route resolves are lines
    // a load warns of (ChainShape.IrregularLines), no longer what only a load describes: a chain 16 left not exact for one
    // of them is indexed again by the next refresh (its unchanged files are not read again; it is loaded once, whole, for
    // its notes), and then answered from the index. The rows do not change.
    private const string Version17 = "UPDATE chains SET revision = NULL WHERE exact = 0 AND state = 'available';";

    // Version 18: an id in two rigs of a chain is its owner rig's unit; the other rigs' rows are left out (IdsInTwoRigs),
    // and each file counts how many of its rows were, to be read again next time. Such a chain is no longer one only a
    // load describes: a chain 17 left not exact is indexed again by the next refresh, as 17's step did.
    private static string Version18Step(SqliteConnection connection)
        => (Columns(connection, "files").Contains("left_out") ? "" : "ALTER TABLE files ADD COLUMN left_out INTEGER NOT NULL DEFAULT 0;") + Version17;

    /// <summary>
    /// An edge whose target is written as a cross-reference (a URI or an external reference): <c>deps_cross</c> indexes the
    /// edges it holds, and a query finds them through it only when its own condition is this same text. Changing it needs a
    /// new version with a new index.
    /// </summary>
    public const string CrossReferenceEdge = "(depends_on LIKE 'gt://%' OR depends_on LIKE 'hop://%' OR depends_on LIKE 'external:%')";

    /// <summary>
    /// The <c>meta</c> key of the change feed's epoch: a random name this file's change sequence numbers are counted in. A
    /// new file (rebuilt, deleted, replaced) starts counting again under a new epoch, so a token from the old file is not
    /// taken for a position in the new one.
    /// </summary>
    public const string FeedEpochKey = "feed_epoch";

    // Version 19: what ChainFacts counts after every pass over a chain is found through two small partial indexes, where it
    // read every unit row (the lines' pages included) and every edge of the chain: about a seventh of a re-index after
    // one changed line in a 100k-line file. Lines read with a warning and cross-reference edges are rare, so the indexes
    // are small and cheap to keep. The change feed's epoch (FeedEpochKey). And each issues file's longest line that holds
    // a unit (files.longest), so that a process whose MaxLineBytes is smaller loads a chain with a line over it (its own
    // load drops that line) rather than answer the index's unit; measured from the stored lines (each decoded: ~2 µs a
    // line), in one transaction with the version, so no chain is indexed again but one whose file repeats an id or left
    // rows out for another rig's (its longest line may be one no stored line shows).
    private const string Version19 = $"""
        CREATE INDEX IF NOT EXISTS units_warned ON units(chain_id) WHERE warn <> 0;
        CREATE INDEX IF NOT EXISTS deps_cross ON deps(chain_id) WHERE {CrossReferenceEdge};
        INSERT OR IGNORE INTO meta(key, value) VALUES('{FeedEpochKey}', lower(hex(randomblob(8))));
        """;

    private static string Version19Step(SqliteConnection connection)
    {
        var addLongest = !Columns(connection, "files").Contains("longest");
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, (addLongest ? "ALTER TABLE files ADD COLUMN longest INTEGER NOT NULL DEFAULT 0;\n" : "") + Version19);
        WriteLongestLines(connection, transaction);

        // A file that repeats an id, or whose rows were left out for another rig's, had lines that hold a unit the stored
        // lines no longer show (an earlier line of the id, a left-out row): it is read again, with its chain, to measure them.
        Execute(connection, transaction, """
            UPDATE chains SET revision = NULL WHERE state = 'available' AND id IN (SELECT chain_id FROM files WHERE dups > 0 OR left_out > 0);
            UPDATE files SET content_id = NULL, stamp = NULL WHERE dups > 0 OR left_out > 0;
            INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '19');
            """);
        transaction.Commit();
        return "";
    }

    // Version 20: the units that depend on a unit are found in its own chain by chain and id (deps_target now leads with
    // the chain), and in other chains by the unit a URI names (deps.target_key, the named unit's key, as NamedWorkIds reads
    // it from an absolute reference: the only way another chain can name it). Version 16 found both by the id alone, so a
    // dependents query of gt-1 read every edge naming any gt-1 in the federation: a remote of a million edges naming its
    // own gt-1 made every chain's dependents of gt-1 slow. The keys are written from each cross-reference edge's text (no
    // line is read) and the index is built again. And a line's hash is SipHash-2-4 under a random key kept in the file
    // (LineHash), no longer the first 8 bytes of SHA-256: every row's hash is computed again from its stored line (each
    // decoded: 0.65 s for 100k rows, about a minute at 10M units, under the write lock). All in one transaction with the
    // version; no chain is indexed again.
    private static string Version20Step(SqliteConnection connection)
    {
        var addKey = !Columns(connection, "deps").Contains("target_key");
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"""
            DROP INDEX IF EXISTS deps_target;
            {(addKey ? "ALTER TABLE deps ADD COLUMN target_key TEXT;" : "")}
            """);
        using (var update = IndexDatabase.Command(connection, transaction, "UPDATE deps SET target_key = $p0 WHERE rowid = $p1", null, null))
        using (var read = IndexDatabase.Command(connection, transaction, $"SELECT rowid, depends_on FROM deps WHERE {CrossReferenceEdge}"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                if (NamedWorkIds.Of(reader.GetString(1), out var key) is not null && key is not null)
                {
                    update.Parameters[0].Value = key;
                    update.Parameters[1].Value = reader.GetInt64(0);
                    update.ExecuteNonQuery();
                }
            }
        }

        Execute(connection, transaction, """
            CREATE INDEX IF NOT EXISTS deps_target ON deps(chain_id, target_id) WHERE target_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS deps_target_key ON deps(target_key) WHERE target_key IS NOT NULL;
            """);

        // The key from the operating system's generator, as a key whose secrecy the hash's claim rests on should be.
        IndexDatabase.Execute(connection, transaction, "INSERT OR IGNORE INTO meta(key, value) VALUES($p0, $p1)", LineHash.MetaKey, RandomNumberGenerator.GetHexString(32, lowercase: true));
        HashStoredLinesAgain(connection, transaction);
        Execute(connection, transaction, "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '20');");
        transaction.Commit();
        return "";
    }

    // Every unit row's hash, under the file's key, from its stored line (decoded, hashed and written: ~6.5 µs a row here).
    private static void HashStoredLinesAgain(SqliteConnection connection, SqliteTransaction transaction)
    {
        var lineHash = LineHash.For(connection, transaction);
        using var update = IndexDatabase.Command(connection, transaction, "UPDATE units SET hash = $p0 WHERE id = $p1", null, null);
        using var read = IndexDatabase.Command(connection, transaction, "SELECT id, line FROM units");
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            update.Parameters[0].Value = lineHash.Of(StoredLine.Read(reader, 1));
            update.Parameters[1].Value = reader.GetInt64(0);
            update.ExecuteNonQuery();
        }
    }

    // Each file's longest stored line, as the indexer measures it for the lines that hold a unit.
    private static void WriteLongestLines(SqliteConnection connection, SqliteTransaction transaction)
    {
        var longest = new Dictionary<long, long>();
        using (var read = IndexDatabase.Command(connection, transaction, "SELECT file_id, line FROM units WHERE line IS NOT NULL"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var fileId = reader.GetInt64(0);
                var length = (long)StoredLine.Read(reader, 1).Length;
                longest[fileId] = Math.Max(length, longest.GetValueOrDefault(fileId));
            }
        }

        using var update = IndexDatabase.Command(connection, transaction, "UPDATE files SET longest = $p0 WHERE id = $p1", null, null);
        foreach (var (fileId, length) in longest)
        {
            update.Parameters[0].Value = length;
            update.Parameters[1].Value = fileId;
            update.ExecuteNonQuery();
        }
    }

    // Each edge's named work id, from its reference as written (the line is not needed).
    private static void WriteTargetIds(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var update = IndexDatabase.Command(connection, transaction, "UPDATE deps SET target_id = $p0 WHERE rowid = $p1", null, null);
        using var read = IndexDatabase.Command(connection, transaction, "SELECT rowid, depends_on FROM deps");
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            if (NamedWorkIds.Of(reader.GetString(1)) is { } id)
            {
                update.Parameters[0].Value = id;
                update.Parameters[1].Value = reader.GetInt64(0);
                update.ExecuteNonQuery();
            }
        }
    }

    // Version 7's closing statements: every chain's rows and changes forgotten, so the next refresh indexes each again.
    private static string ForgetEveryChain => Version7Tables[Version7Tables.IndexOf("DELETE FROM", StringComparison.Ordinal)..];

    // Version 10's closing statements: the audit rows, which a step after version 10 forgets with the chains.
    private static string ForgetEveryAuditRow => Version10Tables[Version10Tables.IndexOf("DELETE FROM", StringComparison.Ordinal)..];

    private static HashSet<string> Columns(SqliteConnection connection, string table)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static string Version4(SqliteConnection connection)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('units')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var sql = new System.Text.StringBuilder("DROP INDEX IF EXISTS units_uri;\nDROP INDEX IF EXISTS units_file;\n");
        foreach (var column in Version4Dropped.Where(columns.Contains))
        {
            sql.Append("ALTER TABLE units DROP COLUMN ").Append(column).Append(";\n");
        }

        return sql.ToString();
    }

    /// <summary>One migration step and its version number, in one transaction.</summary>
    private static void Step(SqliteConnection connection, string sql, int version)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, sql);
        Execute(connection, transaction, $"INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '{version}')");
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Version 21: each chain keeps how many lines its relationships.jsonl holds (chains.claim_lines, counted as the loader
    // counts them against ChainLimits.MaxRelationships), so a process reading within a smaller limit loads (and refuses)
    // a chain the index holds. Rows of 20 have none: every available chain with relationship rows is indexed again by the
    // next refresh (its unchanged issues files are not read again), which also refuses one over this process's limit.
    private static string Version21Step(SqliteConnection connection)
        => (Columns(connection, "chains").Contains("claim_lines") ? "" : "ALTER TABLE chains ADD COLUMN claim_lines INTEGER NOT NULL DEFAULT 0;\n")
           + "UPDATE chains SET revision = NULL WHERE state = 'available' AND id IN (SELECT chain_id FROM relationships);";

    // Version 22: a remote whose newest snapshot is refused while an older one passed keeps the older one's rows, as the
    // provider answers from it (chains.answered_from, the commit the rows are of; chains.revision stays the refused tip,
    // so the chain is current while that tip is; reason and message say the refusal, refused_check keeps the tip's
    // signature as checked and refused_limits the limits it was refused within). Before, such a chain was unavailable in
    // the index and every query over it loaded the older snapshot whole. Rows of 21 are indexed again when unavailable.
    private static string Version22Step(SqliteConnection connection)
    {
        var columns = Columns(connection, "chains");
        var sql = new System.Text.StringBuilder();
        foreach (var column in new[] { "answered_from", "refused_check", "refused_limits" }.Where(c => !columns.Contains(c)))
        {
            sql.Append("ALTER TABLE chains ADD COLUMN ").Append(column).Append(" TEXT;\n");
        }

        return sql.Append("UPDATE chains SET revision = NULL WHERE state = 'unavailable' AND is_local = 0;").ToString();
    }

    // Version 27: the units (URI and status) a chain had when it was marked unavailable, kept while it is, so that the index
    // that reads it again records what changed meanwhile as any re-index does (ChainIndexer: created, closed, status
    // changes, removals), where it recorded nothing and the feed missed those changes. Its rows are dropped when the chain
    // is indexed again or removed. A chain unavailable when the file is migrated has none (its rows were forgotten then).
    private const string Version27 = """
        CREATE TABLE IF NOT EXISTS unseen_units(chain_id INTEGER NOT NULL, uri TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY(chain_id, uri)) WITHOUT ROWID;
        """;

    // Version 26: an event log with a complete line that is no event keeps its rows again, with the count of such lines
    // and the first one's diagnostic (event_logs.dropped, dropped_first), and a local log the number of lines read (lines,
    // so an appended log's new lines are numbered as a load numbers them). Under 25 such a log kept no rows: every audit
    // read it whole and a local one was read again from its start at each append. Every log kept without rows is read
    // again once (the index cannot tell such a log from one over a limit or not UTF-8, which stay without rows), as
    // version 25 read the others: a remote's by indexing it once more (its unchanged issues files are not read), the local
    // town's by its stamp. A remote answered from an older snapshot keeps its rows until its tip changes, as in 25.
    private static string Version26Step(SqliteConnection connection)
    {
        var columns = Columns(connection, "event_logs");
        var sql = new System.Text.StringBuilder();
        foreach (var (column, type) in new[] { ("lines", "INTEGER"), ("dropped", "INTEGER NOT NULL DEFAULT 0"), ("dropped_first", "TEXT") }.Where(c => !columns.Contains(c.Item1)))
        {
            sql.Append("ALTER TABLE event_logs ADD COLUMN ").Append(column).Append(' ').Append(type).Append(";\n");
        }

        return sql.Append("""
            UPDATE event_logs SET content_id = NULL, stamp = NULL, tail = NULL
                WHERE exact = 0 AND chain_id IN (SELECT id FROM chains WHERE state = 'available' AND (is_local = 1 OR answered_from IS NULL));
            UPDATE chains SET revision = NULL
                WHERE state = 'available' AND is_local = 0 AND answered_from IS NULL
                AND id IN (SELECT chain_id FROM event_logs WHERE exact = 0);
            """).ToString();
    }

    // Version 25: an event log with a complete line that is no event is no longer kept as rows (EventRows: the audit reads
    // it as a load does, and counts the line among its chain's dropped lines, where before it was left out unsaid). A log
    // kept as rows by an earlier version may hold such a line, which the rows cannot tell: each is read again by the next
    // refresh, a remote's by indexing it once more (its unchanged issues files are not read), the local town's by its stamp
    // (and from its start: without the tail's hash its old bytes are not taken as read). A remote answered from an older
    // snapshot keeps its rows until its tip changes (indexing it again is not free: version 24 left those out too).
    private const string Version25 = """
        UPDATE event_logs SET content_id = NULL, stamp = NULL, tail = NULL
            WHERE exact = 1 AND size > 0 AND chain_id IN (SELECT id FROM chains WHERE state = 'available' AND (is_local = 1 OR answered_from IS NULL));
        UPDATE chains SET revision = NULL
            WHERE state = 'available' AND is_local = 0 AND answered_from IS NULL
            AND id IN (SELECT chain_id FROM event_logs WHERE exact = 1 AND size > 0 AND content_id IS NULL);
        """;

    // Version 24: a remote whose tip the kept keys refused for its signature, indexed at that tip by a version before 23
    // (the refusal was judged at query time), had every query load its last verified snapshot whole; version 22 indexed
    // again only the unavailable remotes, 23 none, and the index cannot tell such a tip from one that passed without
    // judging it against keys it does not hold. So every available remote answered from its own tip is indexed once more:
    // its unchanged issues files are not read (1 x 100k: about half a second, no line parsed; a chain with irregular lines
    // is loaded once more to write its notes, as any index of it does), and a refused tip's older snapshot takes its place.
    private const string Version24 = "UPDATE chains SET revision = NULL WHERE state = 'available' AND is_local = 0 AND answered_from IS NULL;";

    // Version 23 (the size of a small town's index, issue 16: at most 1.5 times its JSONL): fewer B-trees, each of at
    // least a page. The unique key of units leads with (chain_id, unit_id), so units_chain_id, which only repeated it,
    // is gone (a lookup by id and the upsert both use the key); meta, chain_notes, employments and portions are clustered
    // on their primary keys (WITHOUT ROWID: one B-tree each instead of two); delegations_chain repeated the prefix of
    // delegations_chain_parent; and the indexes of tables most towns leave empty are created with their first row
    // (IndexesOfRows). New files also take 2 KiB pages (IndexDatabase.Open). The units rows are copied, not indexed again
    // (ids kept: deps, unit_actors and the full-text rows name them).
    private static string Version23Step(SqliteConnection connection)
    {
        // And chains.refused_keys: the keys kept when a tip answered from an older snapshot was judged (FederationIndex.IsCurrent).
        var sql = new System.Text.StringBuilder(Columns(connection, "chains").Contains("refused_keys") ? "" : "ALTER TABLE chains ADD COLUMN refused_keys TEXT;\n");
        sql.Append("""
            CREATE TABLE units_next(
                id INTEGER PRIMARY KEY,
                chain_id INTEGER NOT NULL,
                file_id INTEGER NOT NULL,
                rig TEXT NOT NULL,
                unit_id TEXT NOT NULL,
                uri TEXT NOT NULL,
                hash INTEGER NOT NULL,
                status TEXT NOT NULL,
                issue_type TEXT NOT NULL,
                priority INTEGER NOT NULL,
                assignee TEXT,
                line BLOB,
                warn INTEGER NOT NULL DEFAULT 0,
                delegates INTEGER NOT NULL DEFAULT 0,
                pinned INTEGER NOT NULL DEFAULT 0,
                defer_until INTEGER,
                UNIQUE(chain_id, unit_id, rig));
            INSERT INTO units_next(id, chain_id, file_id, rig, unit_id, uri, hash, status, issue_type, priority, assignee, line, warn, delegates, pinned, defer_until)
                SELECT id, chain_id, file_id, rig, unit_id, uri, hash, status, issue_type, priority, assignee, line, warn, delegates, pinned, defer_until FROM units;
            DROP TABLE units;
            ALTER TABLE units_next RENAME TO units;
            CREATE INDEX units_delegating ON units(chain_id) WHERE delegates <> 0;
            CREATE INDEX units_warned ON units(chain_id) WHERE warn <> 0;

            CREATE TABLE meta_next(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            INSERT INTO meta_next(key, value) SELECT key, value FROM meta;
            DROP TABLE meta;
            ALTER TABLE meta_next RENAME TO meta;

            CREATE TABLE chain_notes_next(chain_id INTEGER NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT, PRIMARY KEY(chain_id, seq)) WITHOUT ROWID;
            INSERT INTO chain_notes_next(chain_id, seq, text, kind) SELECT chain_id, seq, text, kind FROM chain_notes;
            DROP TABLE chain_notes;
            ALTER TABLE chain_notes_next RENAME TO chain_notes;

            CREATE TABLE employments_next(chain_id INTEGER NOT NULL, seq INTEGER NOT NULL, organization TEXT NOT NULL, line BLOB NOT NULL, PRIMARY KEY(chain_id, seq)) WITHOUT ROWID;
            INSERT INTO employments_next(chain_id, seq, organization, line) SELECT chain_id, seq, organization, line FROM employments;
            DROP TABLE employments;
            ALTER TABLE employments_next RENAME TO employments;

            CREATE TABLE portions_next(parent_key TEXT NOT NULL, portion_key TEXT NOT NULL, complete INTEGER NOT NULL, PRIMARY KEY(parent_key, portion_key)) WITHOUT ROWID;
            INSERT INTO portions_next(parent_key, portion_key, complete) SELECT parent_key, portion_key, complete FROM portions;
            DROP TABLE portions;
            ALTER TABLE portions_next RENAME TO portions;

            DROP INDEX IF EXISTS delegations_chain;

            """);
        foreach (var (_, create) in SecondaryIndexes.Where(i => i.Name.StartsWith("units_", StringComparison.Ordinal)))
        {
            sql.Append(create).Append(";\n");
        }

        // The indexes of a table without rows go (the first write of a row makes them); a table with rows keeps its own,
        // decided here, in the step's transaction, so a process that dies after it never leaves them missing.
        foreach (var (table, name, create) in IndexesOfRows)
        {
            sql.Append(HoldsRows(connection, table) ? create : "DROP INDEX IF EXISTS " + name).Append(";\n");
        }

        if (HoldsRows(connection, "units"))
        {
            // The copy frees the old table's pages (VacuumIfPending). No chain is indexed again here (version 24 indexes
            // again the remotes answered from their own tips).
            sql.Append($"INSERT OR REPLACE INTO meta(key, value) VALUES('{VacuumPendingKey}', '1');\n");
        }

        return sql.ToString();
    }

    // Version 28: each chain keeps how many lines its routes.jsonl holds (chains.route_lines, counted as the loader counts
    // them against ChainLimits.MaxRigs, new in this version) and how many dependency edges its units hold (chains.dep_edges,
    // against ChainLimits.MaxDependencies, new too), so a process reading within a smaller limit loads (and
    // refuses) a chain the index holds. Rows of 27 have none, and the limits a refusal was judged within now name the rig
    // limit too: every chain is indexed again by the next refresh (its unchanged issues files are not read again), which
    // also refuses one over this process's limit.
    private static string Version28Step(SqliteConnection connection)
        => (Columns(connection, "chains").Contains("route_lines") ? "" : "ALTER TABLE chains ADD COLUMN route_lines INTEGER NOT NULL DEFAULT 0;\n")
           + (Columns(connection, "chains").Contains("dep_edges") ? "" : "ALTER TABLE chains ADD COLUMN dep_edges INTEGER NOT NULL DEFAULT 0;\n")
           + "UPDATE chains SET revision = NULL;";

    // Version 29: each issues file keeps the dependency edges of its lines that hold no unit row (files.dep_extra: a line
    // the reader drops, or an earlier line of an id the file repeats), counted as a load counts them, so that the chain's
    // edges against ChainLimits.MaxDependencies are its rows' and these, the load's own count. Only a file with such lines
    // (dropped or repeated ids) can have any: it is read again, with its chain, by the next refresh.
    private static string Version29Step(SqliteConnection connection)
        => (Columns(connection, "files").Contains("dep_extra") ? "" : "ALTER TABLE files ADD COLUMN dep_extra INTEGER NOT NULL DEFAULT 0;\n")
           + """
             UPDATE chains SET revision = NULL WHERE state = 'available' AND id IN (SELECT chain_id FROM files WHERE dropped > 0 OR dups > 0 OR warned > 0);
             UPDATE files SET content_id = NULL, stamp = NULL WHERE dropped > 0 OR dups > 0 OR warned > 0;
             """;

    // Version 30: a chain's dropped lines count, as a load does, the earlier lines of an id its file repeats and the rows
    // another rig owns (files.dups, files.left_out), and its stored notes say so: a chain with such lines is indexed
    // again by the next refresh (its unchanged files are not read again), which counts them and writes the load's notes.
    // So is a remote answered from an older snapshot (its newest refused): its rows are as of the last fetch that found
    // that snapshot the tip (RegisteredRemote.VerifiedFetchedAt), where they were as of the fetch of the refused one.
    private const string Version30 = """
        UPDATE chains SET revision = NULL WHERE state = 'available' AND id IN (SELECT chain_id FROM files WHERE dups > 0 OR left_out > 0);
        UPDATE chains SET revision = NULL WHERE answered_from IS NOT NULL;
        """;

    private static bool HoldsRows(SqliteConnection connection, string table, SqliteTransaction? transaction = null)
        => IndexDatabase.Scalar(connection, transaction, $"SELECT 1 FROM {table} LIMIT 1") is not null;
}
