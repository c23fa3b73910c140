using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Indexing;

public sealed class PreparedStatementsTests
{
    [Fact]
    public void A_statement_is_compiled_once_and_runs_with_each_calls_values()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, NULL);";
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var statements = new PreparedStatements(connection, transaction);
        const string Sql = "SELECT name FROM t WHERE id = $p0";

        var first = statements.For(Sql, 1L);
        first.ExecuteScalar().ShouldBe("one");
        var second = statements.For(Sql, 2L);
        second.ShouldBeSameAs(first);
        second.ExecuteScalar().ShouldBe("two");
        statements.For("SELECT count(*) FROM t WHERE name IS $p0", [null]).ExecuteScalar().ShouldBe(1L);

        // Read to its end and disposed, a reader leaves the command ready for the next call with the same text.
        using (var reader = statements.For(Sql, 3L).ExecuteReader())
        {
            reader.Read().ShouldBeTrue();
            reader.IsDBNull(0).ShouldBeTrue();
        }

        statements.For(Sql, 1L).ExecuteScalar().ShouldBe("one");
        Should.Throw<ArgumentException>(() => statements.For(Sql, 1L, 2L));
    }
}
