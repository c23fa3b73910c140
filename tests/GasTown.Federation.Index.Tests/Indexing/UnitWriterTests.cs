using System.Text;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// The writer inserts a row it is told is new with a plain INSERT (the upsert cost eight times as much a row); told so of
/// an id that has a row after all, it must write that row as the upsert would: one row, the line's, and none of the old
/// row's edges, search text or audit rows left beside it.
/// </summary>
public sealed class UnitWriterTests
{
    private const string Rig = "gastown";

    private static readonly GtUri Uri = GtUri.Parse("gt://alice@example.com/town/gastown/gt-1");

    [Fact]
    public void A_new_row_told_new_is_inserted_with_its_edges_text_and_actors()
    {
        using var folder = new TempDirectory("unit-writer");
        using var connection = OpenIndex(folder);
        using var transaction = connection.BeginTransaction();
        WriteNew(connection, fileId: 1, Line("gt-1", "first title", "gt-9", "bob"));

        Rows(connection, transaction).ShouldBe(["gt-1|1"]);
        Edges(connection, transaction).ShouldBe(["gt-9"]);
        Matches(connection, transaction, "first").ShouldBe(1);
        Actors(connection, transaction).ShouldBe(["bob"]);

        // Each is the unit's, by the id the insert gave it.
        Strings(connection, transaction, """
            SELECT u.unit_id FROM deps d JOIN units u ON u.id = d.unit
            UNION ALL SELECT u.unit_id FROM units_fts f JOIN units u ON u.id = f.rowid WHERE units_fts MATCH 'first'
            UNION ALL SELECT u.unit_id FROM unit_actors a JOIN units u ON u.id = a.unit
            """).ShouldBe(["gt-1", "gt-1", "gt-1"]);
    }

    [Fact]
    public void An_id_told_new_that_has_a_row_replaces_it_whole_instead_of_failing()
    {
        using var folder = new TempDirectory("unit-writer");
        using var connection = OpenIndex(folder);
        using var transaction = connection.BeginTransaction();
        WriteNew(connection, fileId: 1, Line("gt-1", "first title", "gt-9", "bob"));

        // Another file's writer, under the same rig, that knows nothing of the row: the same key, told new.
        WriteNew(connection, fileId: 2, Line("gt-1", "second title", "gt-8", "carol"));

        Rows(connection, transaction).ShouldBe(["gt-1|2"]);
        Edges(connection, transaction).ShouldBe(["gt-8"]);
        Matches(connection, transaction, "first").ShouldBe(0);
        Matches(connection, transaction, "second").ShouldBe(1);
        Actors(connection, transaction).ShouldBe(["carol"]);
    }

    private static SqliteConnection OpenIndex(TempDirectory folder)
    {
        var connection = IndexDatabase.Open(folder.Combine("index.db"), readOnly: false);
        IndexSchema.Migrate(connection).ShouldBeTrue();
        return connection;
    }

    private static byte[] Line(string id, string title, string dependsOn, string creator) => Encoding.UTF8.GetBytes(
        $$"""{"id":"{{id}}","title":"{{title}}","status":"open","priority":2,"issue_type":"task","created_at":"2025-01-01T00:00:00Z","created_by":"{{creator}}","updated_at":"2025-01-01T00:00:00Z","dependencies":[{"issue_id":"{{id}}","depends_on_id":"{{dependsOn}}","type":"blocks","created_at":"2025-01-01T00:00:00Z"}]}""");

    // One writer per file, as the indexer has; the caller's transaction is open on the connection.
    private static void WriteNew(SqliteConnection connection, long fileId, byte[] line)
    {
        using var writer = new UnitWriter(connection, chainId: 1, fileId, Rig);
        var unit = WorkUnitDocument.Parse(line).WorkUnits.ShouldHaveSingleItem();
        writer.Upsert(unit, Uri, line, new LineHash(1, 2).Of(line), isNew: true, warned: false);
    }

    private static List<string> Rows(SqliteConnection connection, SqliteTransaction transaction) =>
        Strings(connection, transaction, "SELECT unit_id || '|' || file_id FROM units");

    private static List<string> Edges(SqliteConnection connection, SqliteTransaction transaction) =>
        Strings(connection, transaction, "SELECT depends_on FROM deps");

    private static List<string> Actors(SqliteConnection connection, SqliteTransaction transaction) =>
        Strings(connection, transaction, "SELECT a.name FROM unit_actors u JOIN actors a ON a.id = u.actor");

    private static long Matches(SqliteConnection connection, SqliteTransaction transaction, string word) =>
        (long)IndexDatabase.Scalar(connection, transaction, "SELECT count(*) FROM units_fts WHERE units_fts MATCH $p0", word)!;

    private static List<string> Strings(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = IndexDatabase.Command(connection, transaction, sql);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
