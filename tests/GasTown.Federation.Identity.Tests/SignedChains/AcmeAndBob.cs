using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>
/// acme.com's town (rig eng, asserting that alice@acme.com works for acme.com) and bob's town that follows it, real
/// folders and git repositories; acme's owner key and an intruder's key made with ssh-keygen; acme's well-known
/// document served by a real HTTP server on 127.0.0.1.
/// </summary>
internal sealed class AcmeAndBob : IDisposable
{
    public const string AcmeChain = "gt://acme.com/engineering";

    private readonly TempDirectory _temp = new("gt-signed-chains");

    public AcmeAndBob()
    {
        Acme = TownBuilder.At(_temp.Combine("acme")).OwnedBy("acme.com").Named("engineering")
            .WithRig("eng", "en-", rig => rig.WithIssue("en-1", "First", i => i.Assignee("alice@acme.com")))
            .WithEmployment("alice@acme.com", "acme.com")
            .Build();
        Bob = TownBuilder.At(_temp.Combine("bob")).OwnedBy("bob@example.com").Named("bob-town").Build();
        AcmeKey = SshKeygen.Create(_temp.Combine("acme_key"), comment: "acme owner");
        OtherKey = SshKeygen.Create(_temp.Combine("other_key"), comment: "intruder");
        Server = new LoopbackHttpServer();
    }

    public BuiltTown Acme { get; }

    public BuiltTown Bob { get; }

    public string AcmeKey { get; }

    public string OtherKey { get; }

    public LoopbackHttpServer Server { get; }

    public string AcmeGitUrl => FederationRepository.DefaultPathFor(Acme.Root);

    public string Path(string name) => _temp.Combine(name);

    public static SshPublicKey PublicKeyOf(string privateKeyPath) => SshPublicKey.Parse(File.ReadAllText(privateKeyPath + ".pub"));

    public Town OpenBob(Action<Model.IGasTownFederationBuilder>? configure = null) => Town.Open(Bob.Root, b =>
    {
        b.AddIdentity(o =>
        {
            o.BaseUrl = Server.Template;
            o.Timeout = TimeSpan.FromSeconds(5);
        });
        configure?.Invoke(b);
    });

    /// <summary>Publishes acme, signed with <paramref name="key"/> (null: unsigned), after adding a work unit so there is a new commit.</summary>
    public async Task<PublishResult> PublishAcmeAsync(string? key, string newIssueTitle, CancellationToken cancellationToken)
    {
        await using var acme = Town.Open(Acme.Root, b => b.AddProvenance(o => o.Actor = "gastown/crew/joe").AddGitTransport(o => o.SigningKeyPath = key));
        await acme.Writer.CreateWorkUnitAsync("eng", new Model.WorkUnitDraft { Title = newIssueTitle }, "gastown/crew/joe", cancellationToken);
        return await acme.PublishAsync(new PublishOptions { Rigs = ["eng"] }, cancellationToken);
    }

    /// <summary>Serves acme's well-known document, made by acme's own town, listing <paramref name="keys"/>.</summary>
    public async Task ServeAcmeDocumentAsync(CancellationToken cancellationToken, params string[] keys)
    {
        await using var acme = Town.Open(Acme.Root);
        var document = await acme.GetWellKnownDocumentAsync(AcmeGitUrl, cancellationToken);
        document = new WellKnownDocument(document.Entity, document.Chains, keys.Select(PublicKeyOf).ToArray());
        Server.ServeDocument("acme.com", System.Text.Encoding.UTF8.GetString(document.ToUtf8Json()));
    }

    public void Dispose()
    {
        Server.Dispose();
        _temp.Dispose();
    }
}
