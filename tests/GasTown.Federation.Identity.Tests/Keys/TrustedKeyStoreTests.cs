using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity.Tests.SignedChains;
using GasTown.Federation.Model;

namespace GasTown.Federation.Identity.Tests.Keys;

/// <summary>The trusted keys read in one pass (List; what an indexed query judges a hundred chains with) are what Get reads entity by entity.</summary>
public sealed class TrustedKeyStoreTests : IDisposable
{
    private readonly AcmeAndBob _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Every_entity_read_in_one_pass_is_what_get_reads_for_it()
    {
        await using var bob = _world.OpenBob();
        var acme = AcmeAndBob.PublicKeyOf(_world.AcmeKey);
        var other = AcmeAndBob.PublicKeyOf(_world.OtherKey);
        bob.Keys.Set(EntityId.Parse("acme.com"), [acme, other], KeySource.Published);
        bob.Keys.Set(EntityId.Parse("alice@example.com"), [other], KeySource.Pinned);
        bob.Keys.Set(EntityId.Parse("bob.example.org"), [acme], KeySource.Pinned);
        bob.Keys.Remove(EntityId.Parse("bob.example.org")).ShouldBeTrue();

        // Hand-edited entries: a key without a source is pinned; no key that parses is no keys at all; a later bare entry
        // (no value) overrides an earlier key, as git reads a variable set twice.
        var config = Path.Combine(FederationRepository.DefaultPathFor(_world.Bob.Root), "config");
        File.Exists(config).ShouldBeTrue();
        await File.AppendAllTextAsync(config, $"[gtKeys \"carol@contractor.dev\"]\n\tkey = {other.ToKeyString()}\n[gtKeys \"dave.example.net\"]\n\tkey = not-a-key\n\tsource = published\n[gtKeys \"erin.example.com\"]\n\tkey = {acme.ToKeyString()}\n\tkey\n", TestContext.Current.CancellationToken);

        // List reads every entity in one pass (as an indexed query judging a hundred chains does, TrustedKeyStore.ReadAll).
        var all = bob.Keys.List();
        all.Select(k => k.Entity.Value).ShouldBe(["acme.com", "alice@example.com", "carol@contractor.dev"]);
        foreach (var entity in new[] { "acme.com", "alice@example.com", "bob.example.org", "carol@contractor.dev", "dave.example.net", "erin.example.com" })
        {
            var one = bob.Keys.Get(EntityId.Parse(entity));
            var read = all.SingleOrDefault(k => k.Entity.Value == entity);
            (read is null).ShouldBe(one is null, entity);
            if (one is not null)
            {
                read!.Source.ShouldBe(one.Source);
                read.Keys.ShouldBe(one.Keys);
            }
        }

        bob.Keys.Get(EntityId.Parse("carol@contractor.dev"))!.Source.ShouldBe(KeySource.Pinned);
        bob.Keys.Get(EntityId.Parse("dave.example.net")).ShouldBeNull();
        bob.Keys.Get(EntityId.Parse("erin.example.com")).ShouldBeNull();
        all[0].Keys.ShouldBe([acme, other]);
        all[0].Source.ShouldBe(KeySource.Published);
    }
}
