using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Identity;

/// <summary>
/// Issue 14 end to end through the gtfed process: a signing key, signed publishes, the well-known document served over
/// HTTP on 127.0.0.1, <c>remote add</c> by URI alone, trust levels in <c>remote list</c>, and a refused snapshot
/// (signed by a key acme does not publish) leaving the last verified data answering with the reason.
/// </summary>
public sealed class IdentityCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-identity-cli");
    private readonly LoopbackHttpServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private string Acme => _temp.Combine("acme");

    private string Bob => _temp.Combine("bob");

    private Dictionary<string, string?> Env(string email) => new()
    {
        ["BD_ACTOR"] = "gastown/crew/joe",
        ["GIT_AUTHOR_EMAIL"] = email,
        ["GASTOWN_DISCOVERY_BASE_URL"] = _server.Template,
    };

    private GtFedRun Gt(string email, params string[] args) => GtFedProcess.Run(null, Env(email), args);

    private GtFedRun Ok(string email, params string[] args)
    {
        var run = Gt(email, args);
        run.ExitCode.ShouldBe(0, run.ToString());
        return run;
    }

    private string KeyGen(string name)
    {
        var path = _temp.Combine(name);
        using var process = Process.Start(new ProcessStartInfo("ssh-keygen") { ArgumentList = { "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path }, UseShellExecute = false })!;
        process.WaitForExit(TimeSpan.FromMinutes(1)).ShouldBeTrue();
        process.ExitCode.ShouldBe(0);
        return path;
    }

    [Fact]
    public void Remote_add_by_uri_alone_fetches_a_signed_chain_and_a_foreign_signature_is_refused_with_the_reason()
    {
        const string Owner = "owner@acme.com";
        Ok(Owner, "init", "--town", Acme, "--owner", "acme.com", "--name", "engineering");
        Ok(Owner, "rig", "add", "web", "--prefix", "wb", "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Signed work");
        var acmeKey = KeyGen("acme_key");
        Ok(Owner, "key", "use", acmeKey, "--town", Acme).StandardOutput.ShouldContain("now signed with SHA256:");
        Ok(Owner, "publish", "--town", Acme, "--rig", "web");
        GitCli.Run(Path.Combine(Acme, "federation", "git"), "cat-file", "commit", "gt/published").ShouldContain("gpgsig -----BEGIN SSH SIGNATURE-----");

        var document = Ok(Owner, "well-known", "--town", Acme).StandardOutput;
        document.ShouldContain("\"entity\": \"acme.com\"");
        document.ShouldContain(File.ReadAllText(acmeKey + ".pub").Split(' ')[1]);
        _server.ServeDocument("acme.com", document);

        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        var added = Ok("bob@bob.org", "remote", "add", "acme", "gt://acme.com/engineering", "--town", Bob);
        added.StandardOutput.ShouldContain("Trust: must be signed by a key acme.com publishes"); // a requirement: nothing is fetched yet
        var listed = Ok("bob@bob.org", "remote", "list", "--json", "--town", Bob).Json().GetProperty("items");
        listed[0].GetProperty("trust").GetString().ShouldBe("published-key");
        listed[0].GetProperty("url").GetString().ShouldBe(Path.Combine(Acme, "federation", "git"));
        Ok("bob@bob.org", "fetch", "acme", "--town", Bob);

        // acme's town now signs with a key acme.com does not publish (a stolen repository, an intruder).
        var intruder = KeyGen("intruder_key");
        Ok(Owner, "key", "use", intruder, "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Forged work");
        Ok(Owner, "publish", "--town", Acme);

        var refused = Gt("bob@bob.org", "fetch", "acme", "--town", Bob);
        refused.ExitCode.ShouldNotBe(0);
        (refused.StandardOutput + refused.StandardError).ShouldContain("not among the keys acme.com publishes");

        // remote list says so beside the trust line (it said only "signed by a key acme.com publishes").
        var remotes = Ok("bob@bob.org", "remote", "list", "--town", Bob).StandardOutput;
        remotes.ShouldContain("NOT ACCEPTED: queries answer from the older", Case.Sensitive, remotes);
        var item = Ok("bob@bob.org", "remote", "list", "--json", "--town", Bob).Json().GetProperty("items")[0];
        item.GetProperty("refused_snapshot").GetString().ShouldBe(GitCli.Run(Path.Combine(Acme, "federation", "git"), "rev-parse", "gt/published").Trim());
        item.GetProperty("answered_from").GetString().ShouldNotBeNullOrEmpty();

        var list = Ok("bob@bob.org", "list", "--remote", "acme", "--town", Bob);
        list.StandardOutput.ShouldContain("Signed work");
        list.StandardOutput.ShouldNotContain("Forged work");
        list.StandardError.ShouldContain("gt://acme.com/engineering: answered from an older snapshot");
        list.StandardError.ShouldContain("its signature is not trusted");

        // The index's search answers from the same older snapshot and says so (before, it indexed the refused tip and
        // found the forged work).
        var search = Ok("bob@bob.org", "search", "work", "--town", Bob);
        search.StandardOutput.ShouldContain("Signed work");
        search.StandardOutput.ShouldNotContain("Forged work");
        search.StandardError.ShouldContain("gt://acme.com/engineering: Answered from an older snapshot of remote 'acme'");
    }

    [Fact]
    public void A_remote_whose_first_snapshot_is_refused_is_listed_as_answering_nothing_not_as_answering_from_an_older_one()
    {
        const string Owner = "owner@acme.com";
        Ok(Owner, "init", "--town", Acme, "--owner", "acme.com", "--name", "engineering");
        Ok(Owner, "rig", "add", "web", "--prefix", "wb", "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Signed work");
        Ok(Owner, "key", "use", KeyGen("acme_key"), "--town", Acme);
        _server.ServeDocument("acme.com", Ok(Owner, "well-known", "--town", Acme).StandardOutput);

        // Before bob ever fetches, the repository is signed by a key acme.com does not publish.
        Ok(Owner, "key", "use", KeyGen("intruder_key"), "--town", Acme);
        Ok(Owner, "publish", "--town", Acme, "--rig", "web");
        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        Ok("bob@bob.org", "remote", "add", "acme", "gt://acme.com/engineering", "--town", Bob);
        Gt("bob@bob.org", "fetch", "acme", "--town", Bob).ExitCode.ShouldNotBe(0);

        var remotes = Ok("bob@bob.org", "remote", "list", "--town", Bob).StandardOutput;
        remotes.ShouldContain("NOT ACCEPTED, and none before it: queries report the chain unavailable ('gtfed fetch acme' says why)", Case.Sensitive, remotes);
        var item = Ok("bob@bob.org", "remote", "list", "--json", "--town", Bob).Json().GetProperty("items")[0];
        item.GetProperty("refused_snapshot").GetString().ShouldBe(GitCli.Run(Path.Combine(Acme, "federation", "git"), "rev-parse", "gt/published").Trim());
        item.GetProperty("answered_from").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, item.ToString()); // no older snapshot to answer from

        var list = Gt("bob@bob.org", "list", "--remote", "acme", "--town", Bob);
        list.ExitCode.ShouldBe(3, list.ToString());
        list.StandardOutput.ShouldNotContain("Signed work");
    }

    [Fact]
    public void A_well_known_url_no_follower_could_register_is_refused_and_one_it_could_is_written_as_it_will_read_it()
    {
        // "not a url" went into the document, where every follower's remote add then refused it.
        const string Owner = "owner@acme.com";
        Ok(Owner, "init", "--town", Acme, "--owner", "acme.com", "--name", "engineering");

        var bad = Gt(Owner, "well-known", "--url", "not a url", "--town", Acme);

        bad.ExitCode.ShouldBe(2, bad.ToString());
        bad.StandardError.ShouldContain("not a url");
        bad.StandardOutput.ShouldBeEmpty();
        Ok(Owner, "well-known", "--url", "https://git.acme.com/engineering.git", "--town", Acme).StandardOutput
            .ShouldContain("\"url\": \"https://git.acme.com/engineering.git\"");
    }

    [Fact]
    public void A_person_whose_domain_publishes_nothing_is_asked_for_a_url()
    {
        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        var run = Gt("bob@bob.org", "remote", "add", "carol", "gt://carol@gmail.com/side", "--town", Bob);

        run.ExitCode.ShouldBe(1, run.ToString()); // not found
        run.StandardError.ShouldContain("gmail.com publishes no Gas Town document");
        run.StandardError.ShouldContain("--url GIT-URL");
        Ok("bob@bob.org", "remote", "list", "--json", "--town", Bob).Json().GetProperty("count").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void A_document_server_that_breaks_off_mid_body_is_a_remote_failure_that_points_at_the_document()
    {
        // The body ends long before its Content-Length: the read fails after the headers (it ended as a local file
        // problem before, "check that the town's files are there").
        const string Body = """{"version":1,"entity":"acme.com","chains":[]}""";
        using var host = new RawHttpHost(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Body.Length + 500}\r\n\r\n{Body}"));
        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        var env = Env("bob@bob.org");
        env["GASTOWN_DISCOVERY_BASE_URL"] = host.Template;

        var run = GtFedProcess.Run(null, env, "remote", "add", "acme", "gt://acme.com/engineering", "--town", Bob);

        run.ExitCode.ShouldBe(3, run.ToString()); // a remote failure
        run.StandardError.ShouldContain("acme.com/.well-known/gastown.json");
        run.StandardError.ShouldContain("Check the domain's .well-known/gastown.json");
        run.StandardError.ShouldNotContain("town's files");
        Ok("bob@bob.org", "remote", "list", "--json", "--town", Bob).Json().GetProperty("count").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void Key_grant_and_revoke_are_signed_statements_shown_by_key_show()
    {
        const string Owner = "owner@acme.com";
        Ok(Owner, "init", "--town", Acme, "--owner", "acme.com", "--name", "engineering");
        var ungranted = Gt(Owner, "key", "grant", "gastown/crew/joe", KeyGen("joe_early") + ".pub", "--expires", "2099-01-01", "--town", Acme);
        ungranted.ExitCode.ShouldBe(2, ungranted.ToString()); // no signing key yet: a clear error, nothing written
        ungranted.StandardError.ShouldContain("signing key");

        Ok(Owner, "key", "use", KeyGen("acme_owner"), "--town", Acme);
        var joe = KeyGen("joe_key") + ".pub";

        // A grant always ends: "never" is bad input saying so (it got System.CommandLine's message, naming a .NET type).
        var never = Gt(Owner, "key", "grant", "gastown/crew/joe", joe, "--expires", "never", "--town", Acme);
        never.ExitCode.ShouldBe(2, never.ToString());
        never.StandardError.ShouldContain("--expires 'never' is not a time");
        never.StandardError.ShouldContain("A grant always ends");
        never.StandardError.ShouldNotContain("System.");

        // A date is midnight UTC wherever the machine is (it was local midnight: 2098-12-31T15:00:00Z in Tokyo).
        var env = Env(Owner);
        env["TZ"] = "Asia/Tokyo";
        var granted = GtFedProcess.Run(null, env, "key", "grant", "gastown/crew/joe", joe, "--expires", "2099-01-01", "--town", Acme);
        granted.ExitCode.ShouldBe(0, granted.ToString());
        granted.StandardOutput.ShouldContain("Granted");

        // A grant nothing could match, one already ended, and a revocation of a key never granted: refused, nothing written
        // (each was written, and said "Granted" or "Revoked ... (unknown)").
        var badAgent = Gt(Owner, "key", "grant", "bad agent!", joe, "--expires", "2099-01-01", "--town", Acme);
        badAgent.ExitCode.ShouldBe(2, badAgent.ToString());
        badAgent.StandardError.ShouldContain("is not an actor a key can be granted to");
        var ended = Gt(Owner, "key", "grant", "gastown/crew/joe", joe, "--expires", "2020-01-01", "--town", Acme);
        ended.ExitCode.ShouldBe(2, ended.ToString());
        ended.StandardError.ShouldContain("already past");
        var stranger = KeyGen("never_granted") + ".pub";
        var notGranted = Gt(Owner, "key", "revoke", stranger, "--town", Acme);
        notGranted.ExitCode.ShouldBe(1, notGranted.ToString());
        notGranted.StandardError.ShouldContain("there is nothing to revoke");
        notGranted.StandardError.ShouldContain("gtfed key show");

        Ok(Owner, "key", "revoke", joe, "--town", Acme).StandardOutput.ShouldContain("Revoked");

        var grants = Ok(Owner, "key", "show", "--json", "--town", Acme).Json().GetProperty("grants");
        grants.GetArrayLength().ShouldBe(2);
        grants[0].GetProperty("type").GetString().ShouldBe("grant");
        grants[0].GetProperty("agent").GetString().ShouldBe("gastown/crew/joe");
        grants[0].GetProperty("expires").GetString().ShouldBe("2099-01-01T00:00:00Z");
        grants[1].GetProperty("type").GetString().ShouldBe("revoke");
        File.ReadAllText(Path.Combine(Acme, "federation", "grants.jsonl")).ShouldContain("BEGIN SSH SIGNATURE");

        // Under another signing key the two lines verify no more: key show said nothing of them (it showed no grants at all).
        Ok(Owner, "key", "use", KeyGen("acme_owner_2"), "--town", Acme);
        var after = Ok(Owner, "key", "show", "--town", Acme);
        after.StandardError.ShouldContain("2 line(s) of federation/grants.jsonl are not signed by this town's signing key");
        Ok(Owner, "key", "show", "--json", "--town", Acme).Json().GetProperty("grant_lines_skipped").GetInt32().ShouldBe(2);
    }

    [Fact]
    public void Key_pin_and_show_keep_an_entitys_key_like_known_hosts()
    {
        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        var key = KeyGen("acme_pin");
        Ok("bob@bob.org", "key", "pin", "acme.com", key + ".pub", "--town", Bob);

        var shown = Ok("bob@bob.org", "key", "show", "--json", "--town", Bob).Json();
        var trusted = shown.GetProperty("trusted")[0];
        trusted.GetProperty("entity").GetString().ShouldBe("acme.com");
        trusted.GetProperty("trust").GetString().ShouldBe("pinned-key");
        trusted.GetProperty("keys")[0].GetString().ShouldBe(string.Join(' ', File.ReadAllText(key + ".pub").Split(' ')[..2]));

        Ok("bob@bob.org", "key", "forget", "acme.com", "--town", Bob);
        Ok("bob@bob.org", "key", "show", "--json", "--town", Bob).Json().GetProperty("trusted").GetArrayLength().ShouldBe(0);
    }
    [Fact]
    public void A_changed_key_is_refused_with_the_command_that_accepts_it_and_once_accepted_the_remote_fetches()
    {
        const string Owner = "owner@acme.com";
        Ok(Owner, "init", "--town", Acme, "--owner", "acme.com", "--name", "engineering");
        Ok(Owner, "rig", "add", "web", "--prefix", "wb", "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Signed with the old key");
        var oldKey = KeyGen("acme_old");
        Ok(Owner, "key", "use", oldKey, "--town", Acme);
        Ok(Owner, "publish", "--town", Acme, "--rig", "web");

        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        Ok("bob@bob.org", "remote", "add", "acme", "gt://acme.com/engineering", "--url", Path.Combine(Acme, "federation", "git"), "--town", Bob);
        Ok("bob@bob.org", "key", "pin", "acme.com", oldKey + ".pub", "--town", Bob);
        Ok("bob@bob.org", "fetch", "acme", "--town", Bob);

        // acme changes its key (told to bob out of band, as ssh's known_hosts expects).
        Ok(Owner, "key", "use", KeyGen("acme_new"), "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Signed with the new key");
        Ok(Owner, "publish", "--town", Acme);

        var refused = Gt("bob@bob.org", "fetch", "acme", "--town", Bob);
        refused.ExitCode.ShouldBe(3, refused.ToString());
        refused.StandardError.ShouldContain("KEY CHANGED", Case.Sensitive, refused.ToString());
        refused.StandardError.ShouldContain("gtfed key accept acme", Case.Sensitive, refused.ToString());
        refused.StandardError.ShouldNotContain("network", Case.Insensitive, refused.ToString());

        // Queries answer from the older snapshot and say why, with the command that accepts the new key, not the SDK call
        // (changes and search said "accept the new one (TrustedKeyStore.AcceptSigner)", list dropped how).
        foreach (var query in new[] { new[] { "list", "--ready" }, ["list", "--remote", "acme"], ["changes"], ["search", "Signed"] })
        {
            var answered = Ok("bob@bob.org", [.. query, "--town", Bob]);
            answered.StandardError.ShouldContain("KEY CHANGED", Case.Sensitive, answered.ToString());
            answered.StandardError.ShouldContain("(gtfed key accept acme)", Case.Sensitive, answered.ToString());
            answered.StandardError.ShouldNotContain("TrustedKeyStore", Case.Sensitive, answered.ToString());
        }

        Ok("bob@bob.org", "key", "accept", "acme", "--town", Bob).StandardOutput.ShouldContain("Accepted SHA256:");
        Ok("bob@bob.org", "fetch", "acme", "--town", Bob);
        Ok("bob@bob.org", "list", "--remote", "acme", "--town", Bob).StandardOutput.ShouldContain("Signed with the new key");
    }

    [Fact]
    public void A_key_the_entity_publishes_anew_is_read_again_with_key_discover_and_accepting_a_signer_instead_says_it_is_pinned()
    {
        // From a probe: the refusal said "discover its keys again", which no command did, and offered 'key accept', which
        // dropped the chain from a published key to a pinned one without a word.
        const string Owner = "owner@acme.com";
        Ok(Owner, "init", "--town", Acme, "--owner", "acme.com", "--name", "engineering");
        Ok(Owner, "rig", "add", "web", "--prefix", "wb", "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Signed with the first key");
        Ok(Owner, "key", "use", KeyGen("acme_first"), "--town", Acme);
        Ok(Owner, "publish", "--town", Acme, "--rig", "web");
        _server.ServeDocument("acme.com", Ok(Owner, "well-known", "--town", Acme).StandardOutput);
        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        Ok("bob@bob.org", "remote", "add", "acme", "gt://acme.com/engineering", "--town", Bob);
        Ok("bob@bob.org", "fetch", "acme", "--town", Bob);

        // acme rotates its key and publishes the new one in its document.
        Ok(Owner, "key", "use", KeyGen("acme_second"), "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Signed with the second key");
        Ok(Owner, "publish", "--town", Acme);
        var refused = Gt("bob@bob.org", "fetch", "acme", "--town", Bob);
        refused.ExitCode.ShouldBe(3, refused.ToString());
        refused.StandardError.ShouldContain("gtfed key discover acme, then gtfed fetch acme", Case.Sensitive, refused.ToString());
        _server.ServeDocument("acme.com", Ok(Owner, "well-known", "--town", Acme).StandardOutput);

        Ok("bob@bob.org", "key", "discover", "acme", "--town", Bob).StandardOutput.ShouldContain("Trusting the keys acme.com publishes: SHA256:");
        Ok("bob@bob.org", "fetch", "acme", "--town", Bob).StandardOutput.ShouldContain("verified, signed by a key the entity publishes (published key)");
        Ok("bob@bob.org", "list", "--remote", "acme", "--town", Bob).StandardOutput.ShouldContain("Signed with the second key");

        // A third key acme does not publish: accepting its signer says what that gives up.
        Ok(Owner, "key", "use", KeyGen("acme_third"), "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Signed with the third key");
        Ok(Owner, "publish", "--town", Acme);
        Gt("bob@bob.org", "fetch", "acme", "--town", Bob).ExitCode.ShouldBe(3);
        var accepted = Ok("bob@bob.org", "key", "accept", "acme", "--town", Bob);
        accepted.StandardError.ShouldContain("acme.com's keys were the ones it publishes;", Case.Sensitive, accepted.ToString());
        accepted.StandardError.ShouldContain("is now trusted on your word alone (a pinned key)", Case.Sensitive, accepted.ToString());
        Ok("bob@bob.org", "fetch", "acme", "--town", Bob).StandardOutput.ShouldContain("verified, signed by the key pinned for it, on first use or accepted by you (pinned key)");
    }

    [Fact]
    public void Key_accept_of_an_unsigned_tip_says_there_is_no_key_and_nothing_of_the_network()
    {
        const string Owner = "owner@acme.com";
        Ok(Owner, "init", "--town", Acme, "--owner", "acme.com", "--name", "engineering");
        Ok(Owner, "rig", "add", "web", "--prefix", "wb", "--town", Acme);
        Ok(Owner, "create", "--town", Acme, "--rig", "web", "--title", "Unsigned work");
        Ok(Owner, "publish", "--town", Acme, "--rig", "web");
        Ok("bob@bob.org", "init", "--town", Bob, "--owner", "bob.org", "--name", "main");
        Ok("bob@bob.org", "remote", "add", "acme", "gt://acme.com/engineering", "--url", Path.Combine(Acme, "federation", "git"), "--town", Bob);

        var unfetched = Gt("bob@bob.org", "key", "accept", "acme", "--town", Bob);
        unfetched.ExitCode.ShouldBe(3, unfetched.ToString());
        unfetched.StandardError.ShouldContain("fetch it first", Case.Sensitive, unfetched.ToString());
        unfetched.StandardError.ShouldContain("gtfed fetch acme", Case.Sensitive, unfetched.ToString());
        unfetched.StandardError.ShouldNotContain("network", Case.Insensitive, unfetched.ToString());

        Ok("bob@bob.org", "fetch", "acme", "--town", Bob);
        var unsigned = Gt("bob@bob.org", "key", "accept", "acme", "--town", Bob);
        unsigned.ExitCode.ShouldBe(3, unsigned.ToString());
        unsigned.StandardError.ShouldContain("unsigned; there is no key to accept", Case.Sensitive, unsigned.ToString());
        unsigned.StandardError.ShouldNotContain("network", Case.Insensitive, unsigned.ToString());
        Ok("bob@bob.org", "key", "show", "--json", "--town", Bob).Json().GetProperty("trusted").GetArrayLength().ShouldBe(0);
    }
}
