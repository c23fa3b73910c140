using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>Signed publishing, discovery behind remote add, and verification on fetch, over real towns, git and HTTP.</summary>
public sealed class SignedChainTests : IDisposable
{
    private static readonly GtUri Acme = GtUri.Parse(AcmeAndBob.AcmeChain);
    private readonly AcmeAndBob _world = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _world.Dispose();

    // Bob fetched acme's signed snapshot (its key discovered at remote add), then acme published an unsigned one, which
    // bob's fetch refused.
    private async Task<(Town Bob, RemoteFetchException Refused)> BobAfterAcmesUnsignedTipAsync()
    {
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        var bob = _world.OpenBob();
        await bob.AddRemoteAsync("acme", Acme, Ct);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        await _world.PublishAcmeAsync(key: null, "Unsigned work", Ct);
        return (bob, await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct)));
    }

    [Fact]
    public async Task A_publish_signed_by_the_sdk_is_accepted_by_git_verify_commit()
    {
        var published = await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        published.SigningKeyFingerprint.ShouldBe(AcmeAndBob.PublicKeyOf(_world.AcmeKey).Fingerprint);

        var allowed = _world.Path("allowed_signers");
        File.WriteAllText(allowed, $"owner@acme.com {File.ReadAllText(_world.AcmeKey + ".pub").Trim()}\n");
        var good = GitCli.TryRun(_world.AcmeGitUrl, "-c", $"gpg.ssh.allowedSignersFile={allowed}", "verify-commit", published.Commit);
        good.ExitCode.ShouldBe(0, good.StandardError);
        good.StandardError.ShouldContain("Good \"git\" signature for owner@acme.com");

        // With only the intruder allowed, git refuses the same commit: the signature is bound to acme's key.
        File.WriteAllText(allowed, $"owner@acme.com {File.ReadAllText(_world.OtherKey + ".pub").Trim()}\n");
        GitCli.TryRun(_world.AcmeGitUrl, "-c", $"gpg.ssh.allowedSignersFile={allowed}", "verify-commit", published.Commit).ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task A_publish_after_a_signing_key_is_configured_signs_the_tip_though_nothing_else_changed()
    {
        // It said nothing had changed and kept the unsigned tip, which followers that pinned the key (or learned it from
        // the well-known document now listing it) refused until something else was published.
        var unsigned = await _world.PublishAcmeAsync(key: null, "Unsigned", Ct);
        await using var acme = Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = "gastown/crew/joe").AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey));
        var signed = await acme.PublishAsync(new PublishOptions { Rigs = ["eng"] }, Ct);

        signed.Created.ShouldBeTrue();
        signed.Commit.ShouldNotBe(unsigned.Commit);
        signed.SigningKeyFingerprint.ShouldBe(AcmeAndBob.PublicKeyOf(_world.AcmeKey).Fingerprint);
        var check = CommitSignatureVerifier.Verify(_world.AcmeGitUrl, signed.Commit);
        (check.Status, check.Key).ShouldBe((CommitSignatureStatus.Valid, AcmeAndBob.PublicKeyOf(_world.AcmeKey)));
        GitCli.Run(_world.AcmeGitUrl, "rev-parse", signed.Commit + "^{tree}").ShouldBe(GitCli.Run(_world.AcmeGitUrl, "rev-parse", unsigned.Commit + "^{tree}"));

        // Signed by this key already: nothing to publish. Another key signs it again.
        (await acme.PublishAsync(new PublishOptions { Rigs = ["eng"] }, Ct)).Created.ShouldBeFalse();
        await using var rekeyed = Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = "gastown/crew/joe").AddGitTransport(o => o.SigningKeyPath = _world.OtherKey));
        var other = await rekeyed.PublishAsync(new PublishOptions { Rigs = ["eng"] }, Ct);
        other.Created.ShouldBeTrue();
        other.SigningKeyFingerprint.ShouldBe(AcmeAndBob.PublicKeyOf(_world.OtherKey).Fingerprint);

        // Without a key an unchanged tree publishes nothing, whatever signed the tip.
        await using var keyless = Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = "gastown/crew/joe"));
        (await keyless.PublishAsync(new PublishOptions { Rigs = ["eng"] }, Ct)).Created.ShouldBeFalse();
    }

    [Fact]
    public void Commits_signed_by_git_commit_S_verify_in_the_sdk()
    {
        var repo = _world.Path("plain");
        Directory.CreateDirectory(repo);
        GitCli.Run(repo, "init", "-q");
        File.WriteAllText(Path.Combine(repo, "a.txt"), "one\n");
        GitCli.Run(repo, "add", "a.txt");
        GitCli.Run(repo, "-c", "gpg.format=ssh", "-c", $"user.signingKey={_world.AcmeKey}", "commit", "-q", "-S", "-m", "signed by git");
        var signed = GitCli.Run(repo, "rev-parse", "HEAD").Trim();
        File.WriteAllText(Path.Combine(repo, "a.txt"), "two\n");
        GitCli.Run(repo, "commit", "-q", "-am", "unsigned");
        var unsigned = GitCli.Run(repo, "rev-parse", "HEAD").Trim();

        var check = CommitSignatureVerifier.Verify(repo, signed);
        check.Status.ShouldBe(CommitSignatureStatus.Valid);
        check.Key.ShouldBe(AcmeAndBob.PublicKeyOf(_world.AcmeKey));
        CommitSignatureVerifier.Verify(repo, unsigned).Status.ShouldBe(CommitSignatureStatus.Unsigned);
    }

    [Fact]
    public void Verifying_by_path_leaves_nothing_of_the_repository_open()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "reads the process's open files and mappings from /proc");
        var repo = _world.Path("packed");
        Directory.CreateDirectory(repo);
        GitCli.Run(repo, "init", "-q");
        File.WriteAllText(Path.Combine(repo, "a.txt"), "one\n");
        GitCli.Run(repo, "add", "a.txt");
        GitCli.Run(repo, "-c", "gpg.format=ssh", "-c", $"user.signingKey={_world.AcmeKey}", "commit", "-q", "-S", "-m", "signed by git");
        var signed = GitCli.Run(repo, "rev-parse", "HEAD").Trim();
        // Packed, so that reading the commit opens and maps a pack file, as it does in a fetched chain.
        GitCli.Run(repo, "gc", "-q");

        CommitSignatureVerifier.Verify(repo, signed).Status.ShouldBe(CommitSignatureStatus.Valid);

        // The native repository opened to read the signature is freed on return, not left to the finalizer.
        var pack = Path.Combine(repo, ".git", "objects", "pack");
        File.ReadAllText("/proc/self/maps").ShouldNotContain(pack);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            (new FileInfo(fd).LinkTarget ?? string.Empty).ShouldNotStartWith(pack);
        }
    }

    [Fact]
    public async Task Remote_add_by_uri_alone_discovers_the_url_and_keys_and_the_signed_chain_is_proven_by_a_published_key()
    {
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        await using var bob = _world.OpenBob();

        var remote = await bob.AddRemoteAsync("acme", Acme, Ct);
        remote.Url.ShouldBe(_world.AcmeGitUrl);
        bob.Keys.Get(Acme.Entity)!.Source.ShouldBe(KeySource.Published);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();

        var result = await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct);
        result.IdentityProof.ShouldBe(IdentityProof.PublishedKey);
        var org = await bob.Queries.ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);
        org.Members.Select(m => m.Entity.Value).ShouldBe(["alice@acme.com"]);
        org.Chains.Single(c => c.Chain == Acme).Proof.ShouldBe(IdentityProof.PublishedKey);
    }

    [Fact]
    public async Task An_unsigned_tip_is_refused_when_keys_are_known_and_the_last_verified_snapshot_answers()
    {
        var (bob, refused) = await BobAfterAcmesUnsignedTipAsync();
        await using var _ = bob;
        refused.Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        refused.RefusalReason.ShouldBe(ChainUnavailableReason.SignatureRefused);
        refused.Message.ShouldContain("unsigned");

        var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
        list.Items.Select(i => i.Title).ShouldNotContain("Unsigned work");
        list.Items.Select(i => i.Title).ShouldContain("Signed");
        var state = list.Chains.Single(c => c.Chain == Acme);
        state.Trust.ShouldBe(ChainTrust.OlderSnapshot);
        state.Notes.ShouldContain(n => n.Contains("unsigned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_index_holding_a_tip_its_keys_refuse_as_an_earlier_sdk_left_it_is_migrated_to_the_older_snapshot_s_rows()
    {
        var (bob, _) = await BobAfterAcmesUnsignedTipAsync();
        await using var _ = bob;
        var indexed = (await bob.Index.GetChainsAsync(Ct)).Single(c => c.Uri == Acme);
        var (tip, verified) = (indexed.Revision!, indexed.AnsweredFrom.ShouldNotBeNull());

        // An index written before schema 23 held the refused tip itself (its signature judged at query time), so every
        // query fell back to loading the older snapshot whole; schema 22 re-indexed only unavailable chains, 23 none. A
        // file of schema 23 as such an index left it:
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={bob.Index.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE chains SET answered_from = NULL, refused_check = NULL, refused_keys = NULL, tip_check = $check WHERE uri = $uri;
                UPDATE meta SET value = '23' WHERE key = 'schema_version';
                """;
            command.Parameters.AddWithValue("$check", $"v1 {tip} unsigned");
            command.Parameters.AddWithValue("$uri", Acme.ToString());
            command.ExecuteNonQuery().ShouldBe(2);
        }

        var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);

        list.Items.Select(i => i.Title).ShouldContain("Signed");
        list.Items.Select(i => i.Title).ShouldNotContain("Unsigned work");
        list.Chains.Single(c => c.Chain == Acme).Trust.ShouldBe(ChainTrust.OlderSnapshot);
        var again = (await bob.Index.GetChainsAsync(Ct)).Single(c => c.Uri == Acme);
        again.Revision.ShouldBe(tip);
        again.AnsweredFrom.ShouldBe(verified, "indexed again by the migration: the older snapshot's rows answer in the tip's place");
        (await bob.Index.RefreshAsync(cancellationToken: Ct)).Chains.Single(c => c.Chain == Acme).Updated.ShouldBeFalse("once");
    }

    [Fact]
    public async Task A_chain_whose_only_snapshot_is_unsigned_is_unreachable_for_its_signature_not_for_a_town_json_it_does_not_have()
    {
        await _world.PublishAcmeAsync(key: null, "Unsigned work", Ct);
        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        await using var bob = _world.OpenBob();
        await bob.AddRemoteAsync("acme", Acme, Ct);
        (await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct))).RefusalReason.ShouldBe(ChainUnavailableReason.SignatureRefused);

        var org = await bob.Queries.ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        org.Items.ShouldBeEmpty();
        var unreachable = org.Unreachable.ShouldHaveSingleItem();
        unreachable.Reason.ShouldBe(UnreachableReason.SignatureRefused);
        unreachable.Message.ShouldContain("unsigned");
        unreachable.Message.ShouldNotContain("town.json");
        unreachable.Message.ShouldNotContain("spoofing");
    }

    [Fact]
    public async Task A_tip_signed_by_a_key_the_entity_does_not_publish_is_refused()
    {
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        await using var bob = _world.OpenBob();
        await bob.AddRemoteAsync("acme", Acme, Ct);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();

        await _world.PublishAcmeAsync(_world.OtherKey, "Foreign work", Ct);
        var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
        refused.RefusalReason.ShouldBe(ChainUnavailableReason.SignatureRefused);
        refused.Message.ShouldContain(AcmeAndBob.PublicKeyOf(_world.OtherKey).Fingerprint);
        refused.Message.ShouldContain("not among the keys acme.com publishes");

        var result = await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct);
        result.IsFromOlderSnapshot.ShouldBeTrue();
        result.RefusedSnapshot!.Reason.ShouldBe(ChainUnavailableReason.SignatureRefused);
        result.Chain!.WorkUnits.Select(u => u.Unit.Title).ShouldNotContain("Foreign work");
    }

    [Fact]
    public async Task An_answer_from_the_older_snapshot_is_as_of_the_last_fetch_that_found_it_the_tip_not_the_refused_fetch()
    {
        // It carried the time of the fetch that brought the refused snapshot: while a key change went unresolved, the older
        // data read as fetched just now, and never as stale.
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        await using var bob = _world.OpenBob();
        await bob.AddRemoteAsync("acme", Acme, Ct);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        var confirmed = (await bob.FetchAsync("acme", cancellationToken: Ct)).FetchedAt; // nothing new: the same tip, still passing

        await _world.PublishAcmeAsync(_world.OtherKey, "Foreign work", Ct);
        await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
        var remote = bob.Remotes.Get("acme");
        remote.VerifiedFetchedAt.ShouldBe(confirmed);
        remote.LastFetchedAt.ShouldNotBe(confirmed);
        bob.Remotes.GetSnapshots("acme").IsNewestRefused.ShouldBeTrue();

        (await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct)).DataAsOf.ShouldBe(confirmed);
        bob.Remotes.Get("acme").VerifiedFetchedAt.ShouldBe(confirmed); // the load of the older snapshot is no fetch of it
        (await bob.Index.GetChainsAsync(Ct)).Single(c => c.Uri == Acme).FetchedAt.ShouldBe(confirmed);
        using var sources = new QuerySources();
        foreach (var (path, queries) in new[] { ("index", bob.Queries), ("load", bob.Queries.WithoutIndex()) })
        {
            var state = (await queries.ListByRemoteAsync("acme", cancellationToken: Ct)).Chains.Single(c => c.Chain == Acme);
            state.Trust.ShouldBe(ChainTrust.OlderSnapshot, path);
            state.DataAsOf.ShouldBe(confirmed, path);
        }

        sources.Take().ShouldBe(["index", "chains"]);
    }

    [Fact]
    public async Task Accepting_the_signer_of_a_tip_the_repository_can_no_longer_read_is_a_typed_failure_naming_the_commit()
    {
        // TrackingRefs.ResolveTip looks the tip commit up: a damaged pack made AcceptSigner throw libgit2's exception (gtfed
        // key accept: "a bug in gtfed"), where reading the signature names the commit and the repository.
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await using (var first = _world.OpenBob())
        {
            first.Remotes.Add("acme", _world.AcmeGitUrl, Acme);
            (await first.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        }

        var repository = FederationRepository.DefaultPathFor(_world.Bob.Root);
        var tip = GitCli.Run(repository, "rev-parse", "refs/remotes/acme/gt/published").Trim();
        PackedObjects.Corrupt(repository, tip);
        await using var bob = _world.OpenBob();

        var refused = Should.Throw<GitTransportException>(() => bob.Keys.AcceptSigner(bob.Remotes.Get("acme")));

        refused.Message.ShouldContain($"The signature of commit {tip}");
        refused.Message.ShouldContain("cannot be read");
        bob.Keys.Get(Acme.Entity)!.Keys.ShouldBe([AcmeAndBob.PublicKeyOf(_world.AcmeKey)]);
    }

    [Fact]
    public async Task The_first_signed_snapshot_pins_its_key_and_a_changed_key_is_a_loud_refusal_until_accepted()
    {
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await using (var bob = _world.OpenBob())
        {
            bob.Remotes.Add("acme", _world.AcmeGitUrl, Acme); // by URL: nothing is published, so the key is pinned on first use
            (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
            var pinned = bob.Keys.Get(Acme.Entity)!;
            pinned.Source.ShouldBe(KeySource.Pinned);
            pinned.Keys.ShouldBe([AcmeAndBob.PublicKeyOf(_world.AcmeKey)]);
            (await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct)).IdentityProof.ShouldBe(IdentityProof.PinnedKey);
        }

        await _world.PublishAcmeAsync(_world.OtherKey, "After the key change", Ct);
        await using (var bob = _world.OpenBob())
        {
            var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
            refused.Message.ShouldContain("KEY CHANGED");
            (refused.InnerException as ChainSignatureException)!.IsKeyChange.ShouldBeTrue();
            var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
            list.Items.Select(i => i.Title).ShouldNotContain("After the key change");

            bob.Keys.AcceptSigner(bob.Remotes.Get("acme")).Keys.ShouldBe([AcmeAndBob.PublicKeyOf(_world.OtherKey)]);
        }

        await using (var bob = _world.OpenBob())
        {
            (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
            var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
            list.Items.Select(i => i.Title).ShouldContain("After the key change");
        }
    }

    [Fact]
    public async Task A_tip_signed_by_another_key_and_committed_in_the_year_31_million_is_refused_as_a_changed_key_not_as_unreadable()
    {
        // Signed by a key that is not acme's, so the grants are judged at the tip's commit time: 999999999999999 seconds,
        // written by hand and signed, which LibGit2Sharp threw reading: the snapshot was refused as unreadable, in .NET's
        // words ("Valid values are between -62135596800 and 253402300799"), not as signed by a key acme never had.
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await using (var first = _world.OpenBob())
        {
            first.Remotes.Add("acme", _world.AcmeGitUrl, Acme);
            (await first.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        }

        var git = _world.AcmeGitUrl;
        var branch = "refs/heads/" + FederationRepository.PublishedBranch;
        var tip = GitCli.Run(git, "rev-parse", branch).Trim();
        var tree = GitCli.Run(git, "rev-parse", tip + "^{tree}").Trim();
        var unsigned = _world.Path("forged-commit");
        var header = $"tree {tree}\nparent {tip}\nauthor a <a@acme.com> 999999999999999 +0000\ncommitter a <a@acme.com> 999999999999999 +0000\n";
        const string body = "\nfrom the year 31 million\n";
        File.WriteAllText(unsigned, header + body);
        SshKeygen.Run(null, "-Y", "sign", "-f", _world.OtherKey, "-n", "git", unsigned);
        var armored = File.ReadAllText(unsigned + ".sig").TrimEnd('\n').Replace("\n", "\n ", StringComparison.Ordinal);
        var signed = _world.Path("forged-signed-commit");
        File.WriteAllText(signed, header + $"gpgsig {armored}\n" + body);
        GitCli.Run(git, "update-ref", branch, GitCli.Run(git, "hash-object", "-t", "commit", "--literally", "-w", signed).Trim());
        await using var bob = _world.OpenBob();

        var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));

        refused.RefusalReason.ShouldBe(ChainUnavailableReason.SignatureRefused, refused.ToString());
        refused.Message.ShouldContain("KEY CHANGED");
        (await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct)).Items.Select(i => i.Title).ShouldContain("Signed");
    }

    [Fact]
    public async Task A_snapshot_that_passed_is_judged_again_by_its_signature_when_fetched_with_nothing_new()
    {
        // A fetch that brings nothing new does not load the chain again (its tree cannot change), but the keys it is held to
        // can: pinned to another key since, the same tip is refused by the next fetch.
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await using var bob = _world.OpenBob();
        bob.Remotes.Add("acme", _world.AcmeGitUrl, Acme);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).TipSignature!.SignerFingerprint.ShouldBe(AcmeAndBob.PublicKeyOf(_world.AcmeKey).Fingerprint);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).TipSignature!.SignerFingerprint
            .ShouldBe(AcmeAndBob.PublicKeyOf(_world.AcmeKey).Fingerprint, "nothing new: the signature is still said");

        bob.Keys.Set(Acme.Entity, [AcmeAndBob.PublicKeyOf(_world.OtherKey)], KeySource.Pinned);
        var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));

        refused.RefusalReason.ShouldBe(ChainUnavailableReason.SignatureRefused);
        refused.Message.ShouldContain("KEY CHANGED");
    }

    [Fact]
    public async Task A_key_accepted_elsewhere_is_seen_by_a_town_already_open()
    {
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await using var bob = _world.OpenBob();
        bob.Remotes.Add("acme", _world.AcmeGitUrl, Acme);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        await _world.PublishAcmeAsync(_world.OtherKey, "After the key change", Ct);
        await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
        (await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct)).Items.Select(i => i.Title).ShouldNotContain("After the key change");

        // Another process (gtfed key accept) accepts the new key while this town stays open.
        await using (var other = _world.OpenBob())
        {
            other.Keys.AcceptSigner(other.Remotes.Get("acme"));
        }

        var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
        list.Items.Select(i => i.Title).ShouldContain("After the key change");
        (await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct)).IdentityProof.ShouldBe(IdentityProof.PinnedKey);
    }

    [Fact]
    public async Task Employment_asserted_by_a_name_only_chain_is_claimed_not_verified()
    {
        await _world.PublishAcmeAsync(key: null, "Unsigned", Ct);
        await using var bob = _world.OpenBob();
        bob.Remotes.Add("acme", _world.AcmeGitUrl, Acme);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();

        (await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct)).IdentityProof.ShouldBe(IdentityProof.NameOnly);
        var org = await bob.Queries.ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);
        org.Members.ShouldBeEmpty();
        var claim = org.UnverifiedClaims.ShouldHaveSingleItem();
        claim.Subject.ShouldBe("alice@acme.com");
        claim.Reason.ShouldContain("name only");
    }

    [Fact]
    public async Task The_well_known_document_lists_the_chain_and_the_signing_key()
    {
        await using var acme = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey));
        var document = await acme.GetWellKnownDocumentAsync("https://git.acme.com/engineering.git", Ct);

        document.Entity.Value.ShouldBe("acme.com");
        document.Chains.ShouldBe([new WellKnownChain("engineering", "https://git.acme.com/engineering.git", "gt/published")]);
        document.Keys.ShouldBe([AcmeAndBob.PublicKeyOf(_world.AcmeKey)]);
        WellKnownDocument.Parse(document.ToUtf8Json()).Keys.ShouldBe(document.Keys);
    }
}
