using Microsoft.Extensions.DependencyInjection;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>
/// Event lines written through a town with a signing key are signed; bob's audit of acme's published events says,
/// per line, whether the owner's key, an agent's key through its grant, or nothing vouches for it, and refuses
/// lines signed by expired or revoked agent keys, by strangers, or altered after signing.
/// </summary>
public sealed class SignedEventTests : IDisposable
{
    private readonly AcmeAndBob _world = new();
    private readonly string _joe;
    private readonly string _sam;
    private readonly string _max;

    public SignedEventTests()
    {
        _joe = SshKeygen.Create(_world.Path("joe_key"), comment: "joe");
        _sam = SshKeygen.Create(_world.Path("sam_key"), comment: "sam");
        _max = SshKeygen.Create(_world.Path("max_key"), comment: "max");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _world.Dispose();

    // Acme publishes its rig with its feed events, signed with the owner's key; bob follows acme and fetches it.
    private async Task<Hosting.Town> PublishEventsAndFollowAsync()
    {
        await using (var acme = Hosting.Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = "mayor").AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey)))
        {
            await acme.PublishAsync(new PublishOptions { Rigs = ["eng"], IncludeFeedEvents = true }, Ct);
        }

        await _world.ServeAcmeDocumentAsync(Ct, _world.AcmeKey);
        var bob = _world.OpenBob();
        await bob.AddRemoteAsync("acme", GtUri.Parse(AcmeAndBob.AcmeChain), Ct);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        return bob;
    }

    private async Task EmitAsync(string actor, string? key, string bead)
    {
        await using var acme = Hosting.Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = actor).AddGitTransport(o => o.SigningKeyPath = key));
        using var payload = System.Text.Json.JsonDocument.Parse($$"""{"bead":"{{bead}}"}""");
        await acme.Events.AppendAsync("done", payload.RootElement.Clone(), EventVisibility.Feed, Ct);
    }

    [Fact]
    public async Task Bobs_audit_says_how_each_published_event_line_is_signed()
    {
        // The owner grants joe (valid), sam (three days ago, for two days: ended since) and max (then revoked). A grant that
        // has already ended is refused when it is made, so sam's is made on a clock three days back.
        await using (var earlier = Hosting.Town.Open(_world.Acme.Root, b =>
        {
            b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey);
            b.Services.AddSingleton<TimeProvider>(new ShiftedClock(TimeSpan.FromDays(-3)));
        }))
        {
            await earlier.GrantAgentKeyAsync("eng/polecats/sam", AcmeAndBob.PublicKeyOf(_sam), DateTimeOffset.UtcNow.AddDays(-1), Ct);
        }

        await using (var owner = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey)))
        {
            await owner.GrantAgentKeyAsync("eng/polecats/joe", AcmeAndBob.PublicKeyOf(_joe), DateTimeOffset.UtcNow.AddDays(1), Ct);
            await owner.GrantAgentKeyAsync("eng/polecats/max", AcmeAndBob.PublicKeyOf(_max), DateTimeOffset.UtcNow.AddDays(1), Ct);
            await owner.RevokeAgentKeyAsync(AcmeAndBob.PublicKeyOf(_max), Ct);
        }

        await EmitAsync("mayor", _world.AcmeKey, "en-owner");
        await EmitAsync("eng/polecats/joe", _joe, "en-joe");
        await EmitAsync("eng/polecats/sam", _sam, "en-sam");
        await EmitAsync("eng/polecats/max", _max, "en-max");
        await EmitAsync("eng/polecats/joe", _world.OtherKey, "en-stranger");
        await EmitAsync("eng/polecats/nux", _joe, "en-borrowed");
        await EmitAsync("eng/witness", null, "en-unsigned");
        await EmitAsync("eng/polecats/joe", _joe, "en-altered");

        // Each line as written is upstream's line plus a last gt_sig member; the unsigned one is upstream's exactly.
        var events = _world.Acme.PathOf(".events.jsonl");
        var lines = File.ReadAllLines(events);
        lines.Where(l => l.Contains("\"gt_sig\":", StringComparison.Ordinal)).Count().ShouldBe(7);
        lines.Single(l => l.Contains("en-unsigned", StringComparison.Ordinal)).ShouldEndWith("\"visibility\":\"feed\"}");
        File.WriteAllLines(events, lines.Select(l => l.Replace("en-altered", "en-ALTERED", StringComparison.Ordinal)));

        await using var bob = await PublishEventsAndFollowAsync();

        using var sources = new QuerySources();
        var audit = await bob.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var loaded = await bob.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);

        // The index answered, and as loading acme's chain does: every entry with its own line's verdict.
        sources.Take().ShouldBe(["index", "chains"]);
        audit.Entries.Select(Describe).ShouldBe(loaded.Entries.Select(Describe));
        audit.Entries.Count(e => e.Source == "events").ShouldBe(8);

        // A narrower audit parses and judges only its own lines (joe's three), each keeping its verdict.
        var before = bob.Index.LinesParsedForAnswers;
        var joe = await bob.Queries.AuditAsync(ActorPattern.Parse("eng/polecats/joe"), cancellationToken: Ct);
        sources.Take().ShouldBe(["index"]);
        (bob.Index.LinesParsedForAnswers - before).ShouldBe(3);
        joe.Entries.Select(Describe).ShouldBe((await bob.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse("eng/polecats/joe"), cancellationToken: Ct)).Entries.Select(Describe));
        joe.Entries.Select(e => e.Signature!.State).ShouldBe([EventSignatureState.ViaGrant, EventSignatureState.UnknownKey, EventSignatureState.BadSignature], ignoreOrder: true);
        var byBead = audit.Entries.Where(e => e.Source == "events").ToDictionary(e => e.Summary["bead=".Length..], e => e.Signature!);
        byBead["en-owner"].State.ShouldBe(EventSignatureState.SignedByKey);
        byBead["en-owner"].Signer.ShouldBe(AcmeAndBob.PublicKeyOf(_world.AcmeKey).Fingerprint);
        byBead["en-joe"].State.ShouldBe(EventSignatureState.ViaGrant);
        byBead["en-joe"].Agent.ShouldBe("eng/polecats/joe");
        byBead["en-joe"].IsVerified.ShouldBeTrue();
        byBead["en-sam"].State.ShouldBe(EventSignatureState.GrantExpired);
        byBead["en-max"].State.ShouldBe(EventSignatureState.GrantRevoked);
        byBead["en-stranger"].State.ShouldBe(EventSignatureState.UnknownKey);
        byBead["en-borrowed"].State.ShouldBe(EventSignatureState.WrongAgent);
        byBead["en-unsigned"].State.ShouldBe(EventSignatureState.Unsigned);
        byBead["en-ALTERED"].State.ShouldBe(EventSignatureState.BadSignature);
        byBead.Values.Where(p => !p.IsVerified && p.State != EventSignatureState.Unsigned).ShouldAllBe(p => p.Problem != null);

        // The owner's own town judges its local lines with its own key and grants file.
        await using var local = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey));
        var own = await local.Queries.AuditAsync(ActorPattern.Parse("eng/polecats/joe"), cancellationToken: Ct);
        own.Entries.Single(e => e.Summary == "bead=en-joe").Signature!.State.ShouldBe(EventSignatureState.ViaGrant);
        sources.Take().ShouldBe(["chains", "index"]); // bob's loaded joe audit above, then the owner's own from the index
        own.Entries.Select(Describe).ShouldBe((await local.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse("eng/polecats/joe"), cancellationToken: Ct)).Entries.Select(Describe));
    }

    [Fact]
    public async Task A_grants_file_the_tree_links_elsewhere_grants_nothing_and_the_audit_still_answers()
    {
        await using (var owner = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey)))
        {
            await owner.GrantAgentKeyAsync("eng/polecats/joe", AcmeAndBob.PublicKeyOf(_joe), DateTimeOffset.UtcNow.AddDays(1), Ct);
        }

        await EmitAsync("mayor", _world.AcmeKey, "en-owner");
        await EmitAsync("eng/polecats/joe", _joe, "en-joe");
        await using var bob = await PublishEventsAndFollowAsync();
        (await bob.Queries.AuditAsync(ActorPattern.Parse("eng/polecats/joe"), cancellationToken: Ct)).Entries.Single(e => e.Source == "events").Signature!.State
            .ShouldBe(EventSignatureState.ViaGrant);

        // Acme's next tip, signed with the owner's key, makes its grants file a symbolic link (the publisher never writes
        // one, so it is committed straight onto the published branch).
        var work = _world.Path("acme-linked");
        GitCli.Run(_world.Acme.Root, "clone", "-q", "-b", FederationRepository.PublishedBranch, _world.AcmeGitUrl, work);
        var grants = Path.Combine(work, AgentKeyStatement.RelativePath);
        File.Exists(grants).ShouldBeTrue();
        File.Delete(grants);
        File.CreateSymbolicLink(grants, "../mayor/town.json");
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "-c", "user.name=acme", "-c", "user.email=acme@example.com", "-c", "gpg.format=ssh", "-c", "user.signingkey=" + _world.AcmeKey,
            "commit", "-S", "-qm", "a linked grants file");
        GitCli.Run(work, "push", "-q", "origin", "HEAD:" + FederationRepository.PublishedBranch);
        var fetched = await bob.FetchAsync("acme", cancellationToken: Ct);
        fetched.Succeeded.ShouldBeTrue();
        fetched.TipSignature!.Proof.ShouldBe(IdentityProof.PublishedKey);

        // Never followed: the link grants nothing, on both paths alike, and the audit answers (it threw the link's
        // ChainPathException). The owner's own line still verifies; joe's is now signed by a key nobody granted.
        using var sources = new QuerySources();
        var audit = await bob.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var loaded = await bob.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        audit.Entries.Select(Describe).ShouldBe(loaded.Entries.Select(Describe));
        var byBead = audit.Entries.Where(e => e.Source == "events").ToDictionary(e => e.Summary["bead=".Length..], e => e.Signature!);
        byBead["en-owner"].State.ShouldBe(EventSignatureState.SignedByKey);
        byBead["en-joe"].State.ShouldBe(EventSignatureState.UnknownKey);
        byBead["en-joe"].IsVerified.ShouldBeFalse();
    }

    private static string Describe(Query.AuditEntry e) => $"{e.Timestamp:O} | {e.Source} | {e.Type} | {e.Actor} | {e.Summary} | {e.Uri} | {e.Signature}";
}
