using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// The demo's identity run: acme's domain served on loopback, a remote added by its gt:// URI alone, signed publishes
/// by the owner and by a polecat through its grant, and employment verified at the published-key level.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class DemoIdentityTests(DemoTownsFixture towns)
{
    private string AcmeRepository => Path.Combine(towns.Acme, "federation", "git");

    [Fact]
    public void The_demo_discovers_acme_by_its_uri_and_verifies_its_employment_at_the_published_key_level()
    {
        towns.DemoRun.ExitCode.ShouldBe(0, towns.DemoRun.ToString());
        var output = towns.DemoRun.StandardOutput;

        // The document 'well-known' printed is what the loopback site served, and remote add took its URL and key from it.
        output.ShouldContain("$ gtfed well-known --url " + AcmeRepository + " --town " + towns.Acme + " > ");
        output.ShouldContain("GASTOWN_DISCOVERY_BASE_URL=http://127.0.0.1:");
        var add = $"$ gtfed remote add acme gt://acme.com/projects --town {towns.Alice}\n";
        output.ShouldContain(add);
        var afterAdd = output[(output.IndexOf(add, StringComparison.Ordinal) + add.Length)..];
        afterAdd.ShouldStartWith($"Registered remote acme: gt://acme.com/projects at {AcmeRepository}\nTrust: must be signed by a key acme.com publishes");

        // The query result says how far the asserting chain is proven.
        output.ShouldContain("employment of alice@example.com, bob@example.com asserted by gt://acme.com/projects: verified, signed by a key the entity publishes (published key)");
    }

    [Fact]
    public void The_demo_serves_its_document_only_while_it_needs_it()
    {
        var served = File.ReadAllText(Path.Combine(towns.Root, "www", "acme.com", ".well-known", "gastown.json"));
        served.ShouldContain("\"entity\": \"acme.com\"");
        var port = System.Text.RegularExpressions.Regex.Match(towns.DemoRun.StandardOutput, @"GASTOWN_DISCOVERY_BASE_URL=http://127\.0\.0\.1:(\d+)/").Groups[1].Value;
        port.ShouldNotBeEmpty();

        // The demo process has ended, and its server with it: nothing answers there any more.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Should.Throw<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/acme.com/.well-known/gastown.json", TestContext.Current.CancellationToken).GetAwaiter().GetResult());
    }

    [Fact]
    public void Alice_keeps_the_keys_acme_publishes_and_lists_acme_at_the_published_key_level()
    {
        var remotes = GtFedProcess.Run("remote", "list", "--town", towns.Alice, "--json");
        remotes.ExitCode.ShouldBe(0, remotes.ToString());
        var acme = remotes.Json().GetProperty("items").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "acme");
        acme.GetProperty("trust").GetString().ShouldBe("published-key");

        var org = GtFedProcess.Run("list", "--org", "acme.com", "--town", towns.Alice, "--json");
        org.ExitCode.ShouldBe(0, org.ToString());
        var chain = org.Json().GetProperty("chains").EnumerateArray().Single(c => c.GetProperty("chain").GetString() == "gt://acme.com/projects");
        chain.GetProperty("proof").GetString().ShouldBe("PublishedKey");
        org.Json().GetProperty("verified_members").EnumerateArray().Select(m => m.GetString()).ShouldBe(["alice@example.com", "bob@example.com"], ignoreOrder: true);
    }

    [Fact]
    public void The_polecats_signed_event_line_verifies_through_acmes_grant_in_alices_audit()
    {
        var agentKey = AgentFingerprint();
        towns.DemoRun.StandardOutput.ShouldContain($"signed by platform/polecats/rictus's own key {agentKey}, through the owner's grant");

        // alice's fetch accepted acme's tip, signed by the polecat, through acme's grant.
        towns.DemoRun.StandardOutput.ShouldContain($"  tip signed by platform/polecats/rictus's own key {agentKey}, through the owner's grant: verified, signed by a key the entity publishes (published key)");

        var audit = GtFedProcess.Run("audit", "--actor", "platform/polecats/rictus", "--town", towns.Alice, "--json");
        audit.ExitCode.ShouldBe(0, audit.ToString());
        var done = audit.Json().GetProperty("items").EnumerateArray().Single(e => e.GetProperty("source").GetString() == "events" && e.GetProperty("type").GetString() == "done");
        var signature = done.GetProperty("signature");
        signature.GetProperty("state").GetString().ShouldBe("ViaGrant");
        signature.GetProperty("agent").GetString().ShouldBe("platform/polecats/rictus");
        signature.GetProperty("signer").GetString().ShouldBe(agentKey);

        // alice signs nothing: her agents' events are reported unsigned, not left unjudged.
        var unsigned = GtFedProcess.Run("audit", "--actor", "gastown/*", "--town", towns.Alice, "--json");
        unsigned.ExitCode.ShouldBe(0, unsigned.ToString());
        var events = unsigned.Json().GetProperty("items").EnumerateArray().Where(e => e.GetProperty("source").GetString() == "events").ToList();
        events.ShouldNotBeEmpty();
        events.ShouldAllBe(e => e.GetProperty("signature").GetProperty("state").GetString() == "Unsigned");

        // The line in acme's log is upstream's line plus a last gt_sig member; the other agents' lines are upstream's exactly.
        var lines = File.ReadAllLines(Path.Combine(towns.Acme, ".events.jsonl"));
        lines.Single(l => l.Contains("\"actor\":\"platform/polecats/rictus\"", StringComparison.Ordinal)).ShouldContain("\"visibility\":\"feed\",\"gt_sig\":\"-----BEGIN SSH SIGNATURE-----");
        lines.Where(l => !l.Contains("rictus", StringComparison.Ordinal)).ShouldAllBe(l => l.EndsWith("\"visibility\":\"feed\"}", StringComparison.Ordinal));
    }

    private string AgentFingerprint()
    {
        var key = File.ReadAllText(Path.Combine(towns.Root, "keys", "rictus_ed25519.pub")).Trim();
        return GasTown.Federation.Identity.SshPublicKey.Parse(key).Fingerprint;
    }

    [Fact]
    public void Acmes_published_tip_is_signed_by_the_polecat_and_its_parent_by_the_owner_as_git_verify_commit_checks()
    {
        var owner = File.ReadAllText(Path.Combine(towns.Root, "keys", "acme.com_ed25519.pub")).Trim();
        var agent = File.ReadAllText(Path.Combine(towns.Root, "keys", "rictus_ed25519.pub")).Trim();
        var allowed = Path.Combine(towns.Root, "allowed_signers");
        File.WriteAllText(allowed, $"mayor@acme.com {owner}\nrictus@acme.com {agent}\n");

        var tip = GitCli.TryRun(AcmeRepository, "-c", "gpg.ssh.allowedSignersFile=" + allowed, "verify-commit", "-v", "gt/published");
        tip.ExitCode.ShouldBe(0, tip.StandardError);
        tip.StandardError.ShouldContain("Good \"git\" signature for rictus@acme.com");
        var parent = GitCli.TryRun(AcmeRepository, "-c", "gpg.ssh.allowedSignersFile=" + allowed, "verify-commit", "-v", "gt/published~1");
        parent.ExitCode.ShouldBe(0, parent.StandardError);
        parent.StandardError.ShouldContain("Good \"git\" signature for mayor@acme.com");

        // The grant that makes the polecat's signature count is in the published tree, signed by the owner.
        var grants = GitCli.Run(AcmeRepository, "show", "gt/published:federation/grants.jsonl");
        grants.ShouldContain("\"agent\":\"platform/polecats/rictus\"");
    }
}
