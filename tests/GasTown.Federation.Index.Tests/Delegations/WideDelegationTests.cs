using GasTown.Federation.Index.Tests.Federations;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Delegations;

/// <summary>
/// A parent with many delegated children is judged by reading its children's rows by their chain's unique key, in batches,
/// not once per child through the chain's URI index: a remote's 10,000 delegations cost its first index 14 s (one walk of
/// its units per child), and every re-fetch of a parent of 10,000 children after one child changed 12 s.
/// </summary>
public sealed class WideDelegationTests
{
    private const int Children = 620; // more than one batch of ids

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_child_s_row_is_found_by_the_chain_s_unique_key_never_by_walking_its_units_in_uri_order()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        IndexSchema.Migrate(connection).ShouldBeTrue();

        foreach (var plan in new[]
        {
            Plan(connection, DelegationCascade.UnitOfUriSql(withLine: true), DelegatingFederation.AcmeChain, "pr-1"),
            Plan(connection, DelegationCascade.UnitOfUriSql(withLine: false), DelegatingFederation.AcmeChain, "pr-1"),
            Plan(connection, DelegationCascade.StatusesSql("$p1"), 1L, "bb-1"),
            Plan(connection, DelegationCascade.StatusesSql("$p1, $p2, $p3"), 1L, "bb-1", "bb-2", "bb-3"),
        })
        {
            plan.ShouldContain(step => step.Contains("USING INDEX sqlite_autoindex_units_1 (chain_id=? AND unit_id=?)", StringComparison.Ordinal), string.Join(" | ", plan));
            plan.ShouldNotContain(step => step.Contains("units_chain_uri", StringComparison.Ordinal), string.Join(" | ", plan));
        }
    }

    [Fact]
    public async Task A_portion_of_hundreds_of_children_completes_when_its_last_child_closes_and_reopens_with_one()
    {
        using var federation = new DelegatingFederation(
            acme: b =>
            {
                b.WithRig("wide", "aw-", rig =>
                {
                    for (var i = 0; i < Children; i++)
                    {
                        rig.WithIssue($"aw-{i:D4}", $"Wide child {i}", u => u.Status("closed"));
                    }
                });
                for (var i = 0; i < Children; i++)
                {
                    b.WithDelegation(DelegatingFederation.Parent, $"{DelegatingFederation.AcmeChain}/wide/aw-{i:D4}", portion: "backend");
                }
            },
            acmeRigs: ["proj", "wide"]);
        await federation.ConnectAsync(Ct);
        string resume;
        await using (var town = federation.OpenObserver())
        {
            resume = (await town.Index.GetChangesAsync(cancellationToken: Ct)).Resume;
        }

        // Every wide child is closed already: closing bb-1 and then ca-1 completes the portion, caused by ca-1.
        await federation.SetStatusAsync("bob", "bb-1", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            page.Items.ShouldNotContain(c => c.Kind == IndexChange.DelegationCompleted);
            resume = page.Resume;
        }

        await federation.SetStatusAsync("carol", "ca-1", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            var completed = page.Items.Where(c => c.Kind == IndexChange.DelegationCompleted).ShouldHaveSingleItem();
            completed.Portion.ShouldBe("backend");
            completed.CausedBy.ShouldBe(GtUri.Parse(DelegatingFederation.CarolChain + "/work/ca-1"));
            resume = page.Resume;
        }

        // One of the wide children, past the first batch of ids, opened again: the portion reopens, caused by it.
        await federation.SetStatusAsync("acme", $"aw-{Children - 1:D4}", "open", Ct);
        await using (var town = federation.OpenObserver())
        {
            var page = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            var reopened = page.Items.Where(c => c.Kind == IndexChange.DelegationReopened).ShouldHaveSingleItem();
            reopened.CausedBy.ShouldBe(GtUri.Parse($"{DelegatingFederation.AcmeChain}/wide/aw-{Children - 1:D4}"));
            var project = await town.Queries.ListByProjectAsync(DelegatingFederation.Parent, includeDelegated: true, cancellationToken: Ct);
            project.Delegations.ShouldHaveSingleItem().IsComplete.ShouldBeFalse();
        }
    }

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
}
