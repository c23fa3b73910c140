using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// <c>search</c> and <c>changes</c> say how far each chain's identity is proven (<c>proof</c>) as <c>list</c>,
/// <c>show</c> and <c>dependents</c> do. They said <c>"trust":"Verified"</c> and no proof for an unsigned remote, whose
/// rows are whatever whoever can write to its URL put there, where a list of the same chain said <c>"proof":"NameOnly"</c>.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class SearchChangesProofTests(DemoTownsFixture towns) : IDisposable
{
    private const string Alice = "gt://alice@example.com/town";
    private const string Acme = "gt://acme.com/projects";
    private readonly TempDirectory _temp = new("gtfed-search-proof");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Search_and_changes_say_an_unsigned_remote_is_a_name_only_as_a_list_does()
    {
        var acme = CopyAcme();

        // The demo's remotes are unsigned; the town's own chain has no proof to give.
        var listed = Proofs(GtFedProcess.Run("list", "--ready", "--town", acme, "--json"));
        listed[Alice].ShouldBe("NameOnly");
        listed[Acme].ShouldBeNull();
        foreach (var query in new[] { new[] { "search", "query" }, ["changes"] })
        {
            var run = GtFedProcess.Run([.. query, "--town", acme, "--json"]);
            var proofs = Proofs(run);
            proofs.Keys.ShouldContain(Alice, run.ToString());
            proofs.Keys.ShouldContain(Acme, run.ToString());
            foreach (var (chain, proof) in proofs.Where(p => listed.ContainsKey(p.Key)))
            {
                proof.ShouldBe(listed[chain], $"{query[0]}: {chain}");
            }
        }

        // A person reading a search of one remote is told so under its heading, as list --remote tells it.
        var remote = GtFedProcess.Run("search", "query", "--remote", "alice", "--town", acme);
        remote.ExitCode.ShouldBe(0, remote.ToString());
        var lines = remote.StandardOutput.Split('\n');
        lines[0].ShouldBe("search: 1 work units");
        lines[1].ShouldBe("  identity: name only (unsigned: whoever can write to its URL)");
        var own = GtFedProcess.Run("search", "query", "--remote", Acme, "--town", acme);
        own.ExitCode.ShouldBe(0, own.ToString());
        own.StandardOutput.ShouldNotContain("identity:");
    }

    [Fact]
    public void A_remote_signed_by_a_key_its_owner_publishes_says_so_in_a_search_as_in_a_list()
    {
        // Alice keeps the keys acme publishes (the demo's identity run): her fetch of acme's signed tip passed.
        var org = Proofs(GtFedProcess.Run("list", "--org", "acme.com", "--town", towns.Alice, "--json"));
        org[Acme].ShouldBe("PublishedKey");

        var searched = Proofs(GtFedProcess.Run("search", "launch", "--town", towns.Alice, "--json"));
        searched[Acme].ShouldBe("PublishedKey");
    }

    // Each chain of a query's document, with its proof (null when it has none).
    private static Dictionary<string, string?> Proofs(GtFedRun run)
    {
        run.ExitCode.ShouldBe(0, run.ToString());
        return run.Json().GetProperty("chains").EnumerateArray().ToDictionary(
            c => c.GetProperty("chain").GetString()!,
            c => c.TryGetProperty("proof", out var proof) && proof.ValueKind == JsonValueKind.String ? proof.GetString() : null);
    }

    private string CopyAcme()
    {
        var target = _temp.Combine("acme-" + Guid.NewGuid().ToString("N")[..8]);
        towns.CopyAcmeTo(target);
        return target;
    }
}
