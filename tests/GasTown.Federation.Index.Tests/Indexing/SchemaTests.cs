using GasTown.Federation.Index.Tests.Federations;
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

        using var connection = Open(town.Index.DatabasePath);
        Scalar(connection, "PRAGMA journal_mode").ShouldBe("wal");
        Scalar(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_version_1_file_is_migrated_and_its_chains_indexed_again()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        // Back to version 1's shape: none of the columns and tables of versions 2, 3, 5, 6 and 7, version 1 recorded.
        using (var connection = Open(town.Index.DatabasePath))
        {
            Execute(connection, """
                DROP INDEX units_delegating; DROP TABLE delegations; DROP TABLE portions; DROP TABLE cascade_pending;
                ALTER TABLE changes DROP COLUMN portion; ALTER TABLE changes DROP COLUMN caused_by; ALTER TABLE chains DROP COLUMN single_rig;
                ALTER TABLE files DROP COLUMN warned; ALTER TABLE units DROP COLUMN line; ALTER TABLE units DROP COLUMN warn; ALTER TABLE units DROP COLUMN delegates; ALTER TABLE files DROP COLUMN dups; ALTER TABLE chains DROP COLUMN delegates;
                ALTER TABLE chains DROP COLUMN exact; ALTER TABLE chains DROP COLUMN routes; DROP TABLE chain_notes; DROP INDEX units_chain_id; DROP TABLE employments;
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
        using (var connection = Open(town.Index.DatabasePath))
        {
            Execute(connection, "DROP TABLE employments; UPDATE meta SET value = '5' WHERE key = 'schema_version';");
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.Chains.ShouldAllBe(c => c.Updated);
        // Version 6 alone would read only the skeletons again; version 7 forgets the rows (delegation claims were never
        // kept), so every line is parsed again.
        refresh.LinesParsed.ShouldBeGreaterThan(0);

        using var sources = new Queries.QuerySources();
        var organization = EntityId.Parse("acme.com");
        var indexed = await town.Queries.ListByOrganizationAsync(organization, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().ListByOrganizationAsync(organization, cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        indexed.Members.Select(m => m.Entity.Value).ShouldBe(["alice@example.com", "bob@example.com"]);
        indexed.Items.Count.ShouldBe(10);
        Queries.OrgAssert.Same(indexed, loaded);
    }

    [Fact]
    public async Task A_file_from_a_newer_sdk_or_not_an_index_is_rebuilt()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using (var connection = Open(town.Index.DatabasePath))
        {
            Execute(connection, "UPDATE meta SET value = '99' WHERE key = 'schema_version';");
        }

        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);

        SqliteConnection.ClearAllPools();
        File.Delete(town.Index.DatabasePath);
        using (var foreign = Open(town.Index.DatabasePath))
        {
            Execute(foreign, "CREATE TABLE something_else(x INTEGER);");
        }

        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.Count.ShouldBe(2);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
