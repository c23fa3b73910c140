using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>Agent keys: the owner grants gastown/crew/joe a key in the chain; the agent's signed publishes verify through it until it expires or is revoked.</summary>
public sealed class AgentGrantTests : IDisposable
{
    private static readonly GtUri Acme = GtUri.Parse(AcmeAndBob.AcmeChain);
    private readonly AcmeAndBob _world = new();
    private readonly string _agentKey;

    public AgentGrantTests() => _agentKey = SshKeygen.Create(_world.Path("joe_key"), comment: "gastown/crew/joe");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _world.Dispose();

    private async Task<AgentKeyStatement> OwnerAsync(Func<Hosting.Town, Task<AgentKeyStatement>> act, TimeSpan? clockShift = null)
    {
        await using var acme = Hosting.Town.Open(_world.Acme.Root, b =>
        {
            b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey);
            if (clockShift is { } shift)
            {
                b.Services.AddSingleton<TimeProvider>(new ShiftedClock(shift));
            }
        });
        return await act(acme);
    }

    [Fact]
    public async Task A_grant_to_a_name_no_actor_has_or_already_ended_and_a_revocation_of_a_key_never_granted_are_refused_and_write_nothing()
    {
        // Each was written and said "Granted" or "Revoked": a grant nothing could match, one followers refuse, and a
        // revocation of another key than meant (the one meant still trusted).
        var key = AcmeAndBob.PublicKeyOf(_agentKey);
        var grants = _world.Acme.PathOf(AgentKeyStatement.RelativePath);

        (await Should.ThrowAsync<ArgumentException>(() => OwnerAsync(t => t.GrantAgentKeyAsync("bad agent!", key, DateTimeOffset.UtcNow.AddDays(1), Ct))))
            .Message.ShouldContain("The agent is not an actor a key can be granted to: The actor 'bad agent!' has the character '!'");
        (await Should.ThrowAsync<ArgumentException>(() => OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", key, DateTimeOffset.UtcNow.AddDays(-1), Ct))))
            .Message.ShouldContain("which is already past");
        var revoke = await Should.ThrowAsync<FederationException>(() => OwnerAsync(t => t.RevokeAgentKeyAsync(key, Ct)));
        revoke.ErrorKind.ShouldBe(FederationErrorKind.NotFound);
        revoke.Message.ShouldContain(key.Fingerprint);
        File.Exists(grants).ShouldBeFalse();

        await OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", key, DateTimeOffset.UtcNow.AddDays(1), Ct));
        (await OwnerAsync(t => t.RevokeAgentKeyAsync(key, Ct))).Agent.ShouldBe("gastown/crew/joe");
    }

    private async Task<Hosting.Town> BobFollowingAcmeAsync()
    {
        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        var bob = _world.OpenBob();
        await bob.AddRemoteAsync("acme", Acme, Ct);
        var fetched = await bob.FetchAsync("acme", cancellationToken: Ct);
        fetched.Succeeded.ShouldBeTrue();

        // The owner's own key: no agent named.
        fetched.TipSignature.ShouldBe(new SnapshotSignature(IdentityProof.PublishedKey, AcmeAndBob.PublicKeyOf(_world.AcmeKey).Fingerprint, null));
        return bob;
    }

    [Fact]
    public async Task A_snapshot_signed_by_a_granted_agent_key_verifies_through_the_grant()
    {
        var grant = await OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", AcmeAndBob.PublicKeyOf(_agentKey), DateTimeOffset.UtcNow.AddDays(1), Ct));
        grant.IsSignedBy([AcmeAndBob.PublicKeyOf(_world.AcmeKey)]).ShouldBeTrue();
        grant.IsSignedBy([AcmeAndBob.PublicKeyOf(_world.OtherKey)]).ShouldBeFalse();
        await _world.PublishAcmeAsync(_world.AcmeKey, "Owner work", Ct);
        await using var bob = await BobFollowingAcmeAsync();

        await _world.PublishAcmeAsync(_agentKey, "Joe's work", Ct);
        var fetched = await bob.FetchAsync("acme", cancellationToken: Ct);
        fetched.Succeeded.ShouldBeTrue();
        fetched.TipSignature.ShouldBe(new SnapshotSignature(IdentityProof.PublishedKey, AcmeAndBob.PublicKeyOf(_agentKey).Fingerprint, "gastown/crew/joe"));
        var result = await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct);
        result.IsFromOlderSnapshot.ShouldBeFalse();
        result.IdentityProof.ShouldBe(IdentityProof.PublishedKey);
        result.Chain!.WorkUnits.Select(u => u.Unit.Title).ShouldContain("Joe's work");
    }

    [Fact]
    public async Task A_grants_file_over_the_blob_limit_grants_nothing_to_an_agent_signed_tip()
    {
        // Joe's grant comes first; more grants then take the file past bob's blob limit (the rest of acme's files stay under it).
        const long Limit = 4096;
        await OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", AcmeAndBob.PublicKeyOf(_agentKey), DateTimeOffset.UtcNow.AddDays(1), Ct));
        var grants = _world.Acme.PathOf(AgentKeyStatement.RelativePath);
        for (var i = 0; new FileInfo(grants).Length <= Limit; i++)
        {
            var other = SshKeygen.Create(_world.Path($"agent{i}_key"), comment: $"agent{i}");
            await OwnerAsync(t => t.GrantAgentKeyAsync($"gastown/crew/agent{i}", AcmeAndBob.PublicKeyOf(other), DateTimeOffset.UtcNow.AddDays(1), Ct));
        }

        await _world.PublishAcmeAsync(_world.AcmeKey, "Owner work", Ct);
        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        await using var bob = _world.OpenBob(b => b.Services.Configure<ChainLimits>(l => l.MaxBlobBytes = Limit));
        await bob.AddRemoteAsync("acme", Acme, Ct);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();

        // A tip signed by joe's key: his grant is in the file's first bytes, but the file is over the limit, so it is not
        // read (the event-line verifier does not read it either); the tip was accepted through the grant before.
        await _world.PublishAcmeAsync(_agentKey, "Joe's work", Ct);
        var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
        refused.RefusalReason.ShouldBe(ChainUnavailableReason.SignatureRefused);
        refused.Message.ShouldContain("not among the keys acme.com publishes");

        // Within the limit, the same file grants joe's tip.
        await using var roomier = _world.OpenBob();
        (await roomier.FetchAsync("acme", cancellationToken: Ct)).TipSignature!.Agent.ShouldBe("gastown/crew/joe");
    }

    [Fact]
    public async Task A_grants_file_that_cannot_be_read_again_fails_its_remote_s_fetch_instead_of_escaping_fetch_all()
    {
        // An agent-signed tip bob has verified: a fetch that brings nothing new judges it again, reading the grants file.
        await OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", AcmeAndBob.PublicKeyOf(_agentKey), DateTimeOffset.UtcNow.AddDays(1), Ct));
        await _world.PublishAcmeAsync(_world.AcmeKey, "Owner work", Ct);
        await using (var first = await BobFollowingAcmeAsync())
        {
            await _world.PublishAcmeAsync(_agentKey, "Joe's work", Ct);
            (await first.FetchAsync("acme", cancellationToken: Ct)).TipSignature!.Agent.ShouldBe("gastown/crew/joe");
        }

        // The grants blob in bob's repository goes bad (a disk fault, a bad copy): its compressed bytes are overwritten,
        // so libgit2 cannot inflate it, while the commits and trees a fetch negotiates with stay whole.
        var repository = FederationRepository.DefaultPathFor(_world.Bob.Root);
        var tip = GitCli.Run(repository, "rev-parse", "refs/gt/verified/acme").Trim();
        var blob = GitCli.Run(repository, "rev-parse", $"{tip}:{AgentKeyStatement.RelativePath}").Trim();
        PackedObjects.Corrupt(repository, blob);

        await using var bob = _world.OpenBob();
        var results = await bob.FetchAllAsync(cancellationToken: Ct);
        var acme = results.ShouldHaveSingleItem();
        acme.Succeeded.ShouldBeFalse();
        acme.Error.ShouldNotBeNull();
        acme.Error.Kind.ShouldBe(FetchFailureKind.Other);
        acme.Error.RefusalReason.ShouldBe(ChainUnavailableReason.Unreadable);
        acme.Error.Message.ShouldContain($"The blob {blob}");
        acme.Error.Message.ShouldContain("cannot be read");
        acme.Error.Message.ShouldContain("It is the snapshot that passed before, so queries report the chain unavailable now too.");

        // The query says the same of the chain, and answers.
        var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
        list.Items.ShouldBeEmpty();
        list.Unreachable.ShouldHaveSingleItem().Message.ShouldContain($"The blob {blob}");

        // A query over every chain answers, the other chains with it.
        var ready = await bob.Queries.GetReadyWorkAsync(Ct);
        ready.Chains.Select(c => (c.Chain.ToString(), c.Trust)).ShouldBe([("gt://bob@example.com/bob-town", ChainTrust.Verified), (AcmeAndBob.AcmeChain, ChainTrust.Unavailable)]);
    }

    [Fact]
    public async Task A_revoked_agent_key_is_refused_even_when_the_agent_drops_the_revocation_from_its_tree()
    {
        await OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", AcmeAndBob.PublicKeyOf(_agentKey), DateTimeOffset.UtcNow.AddDays(1), Ct));
        await _world.PublishAcmeAsync(_world.AcmeKey, "Owner work", Ct);
        await using var bob = await BobFollowingAcmeAsync();
        await OwnerAsync(t => t.RevokeAgentKeyAsync(AcmeAndBob.PublicKeyOf(_agentKey), Ct));
        await _world.PublishAcmeAsync(_world.AcmeKey, "Revocation published", Ct);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();

        // The agent (its key stolen) removes the revocation and publishes.
        var grants = _world.Acme.PathOf(AgentKeyStatement.RelativePath);
        File.WriteAllLines(grants, File.ReadAllLines(grants).Where(l => !l.Contains("\"revoke\"", StringComparison.Ordinal)));
        await _world.PublishAcmeAsync(_agentKey, "After revocation", Ct);

        var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
        refused.RefusalReason.ShouldBe(ChainUnavailableReason.SignatureRefused);
        refused.Message.ShouldContain("gastown/crew/joe");
        refused.Message.ShouldContain("revoked");
        var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
        list.Items.Select(i => i.Title).ShouldContain("Revocation published");
        list.Items.Select(i => i.Title).ShouldNotContain("After revocation");
        list.Chains.Single().Trust.ShouldBe(ChainTrust.OlderSnapshot);
    }

    [Fact]
    public async Task An_expired_agent_grant_is_refused()
    {
        // Made an hour ago for 55 minutes (a grant already ended when it is made is refused as it is made).
        await OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", AcmeAndBob.PublicKeyOf(_agentKey), DateTimeOffset.UtcNow.AddMinutes(-5), Ct), TimeSpan.FromHours(-1));
        await _world.PublishAcmeAsync(_world.AcmeKey, "Owner work", Ct);
        await using var bob = await BobFollowingAcmeAsync();

        await _world.PublishAcmeAsync(_agentKey, "Too late", Ct);
        var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
        refused.Message.ShouldContain("expired");
        var result = await bob.Chains.GetChainAsync(Acme, ChainFetchMode.Never, Ct);
        result.RefusedSnapshot!.Reason.ShouldBe(ChainUnavailableReason.SignatureRefused);
        result.Chain!.WorkUnits.Select(u => u.Unit.Title).ShouldNotContain("Too late");
    }

    [Fact]
    public async Task A_grant_not_signed_by_the_owner_does_not_count()
    {
        // The intruder signs a grant for its own key with its own key: followers check grants with acme's keys only.
        await using (var forger = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.OtherKey)))
        {
            await forger.GrantAgentKeyAsync("gastown/crew/evil", AcmeAndBob.PublicKeyOf(_world.OtherKey), DateTimeOffset.UtcNow.AddDays(1), Ct);
        }

        await _world.PublishAcmeAsync(_world.AcmeKey, "Owner work", Ct);
        await using var bob = await BobFollowingAcmeAsync();
        await _world.PublishAcmeAsync(_world.OtherKey, "Forged", Ct);

        var refused = await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("acme", cancellationToken: Ct));
        refused.Message.ShouldContain("not among the keys acme.com publishes");
    }

    [Fact]
    public async Task A_named_pipe_where_the_grants_file_was_is_refused_by_a_grant_and_a_revocation_instead_of_hanging()
    {
        // Appending opens for writing, which waits for a reader on a pipe; reading (a revocation reads the grants first)
        // waits for a writer.
        Assert.SkipUnless(NamedPipes.AreSupported, "pipes are refused before they are opened on Linux only");
        var grants = _world.Acme.PathOf(AgentKeyStatement.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(grants)!);
        NamedPipes.Create(grants);

        var grant = Task.Run(() => OwnerAsync(t => t.GrantAgentKeyAsync("gastown/crew/joe", AcmeAndBob.PublicKeyOf(_agentKey), DateTimeOffset.UtcNow.AddDays(1), Ct)), Ct);
        (await Should.ThrowAsync<IOException>(NamedPipes.WithinAsync(grants, grant, TimeSpan.FromSeconds(60)))).Message.ShouldContain("is not a regular file");
        var revoke = Task.Run(() => OwnerAsync(t => t.RevokeAgentKeyAsync(AcmeAndBob.PublicKeyOf(_agentKey), Ct)), Ct);
        (await Should.ThrowAsync<IOException>(NamedPipes.WithinAsync(grants, revoke, TimeSpan.FromSeconds(60)))).Message.ShouldContain("is not a regular file");
    }
}
