using GasTown.Federation.GitTransport;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Hosting.Tests.Towns;

/// <summary>
/// Alice's town (rig gastown, public; rig secret, private) and Bob's town (rig web), real folders;
/// alice publishes through her own <see cref="Town"/>, so bob can register and fetch her over git.
/// </summary>
internal sealed class TwoTowns : IDisposable
{
    public const string AliceChain = "gt://alice@example.com/alice-town";
    public const string BobChain = "gt://bob@example.com/bob-town";

    private readonly TempDirectory _temp = new("hosting");

    public TwoTowns()
    {
        Alice = TownBuilder.At(_temp.Combine("alice-town")).OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "Ship the facade", i => i.Assignee("alice@example.com"))
                .WithIssue("gt-2", "Needs gt-1", i => i.DependsOn("gt-1")))
            .WithRig("secret", "sx-", rig => rig.WithIssue("sx-1", "Private"))
            .Build();
        Bob = TownBuilder.At(_temp.Combine("bob-town")).OwnedBy("bob@example.com")
            .WithRig("web", "bb-", rig => rig.WithIssue("bb-1", "Depends on alice", i => i.DependsOn(AliceChain + "/gastown/gt-1")))
            .Build();
    }

    public BuiltTown Alice { get; }

    public BuiltTown Bob { get; }

    /// <summary>Alice's federation repository: the git URL others fetch her from.</summary>
    public string AliceGitUrl => FederationRepository.DefaultPathFor(Alice.Root);

    public static Town OpenAs(string root, string actor) =>
        Town.Open(root, builder => builder.AddProvenance(o => o.Actor = actor));

    public async Task PublishAliceAsync(CancellationToken cancellationToken)
    {
        await using var alice = OpenAs(Alice.Root, "gastown/crew/alice");
        await alice.PublishAsync(new PublishOptions { Rigs = ["gastown"] }, cancellationToken);
    }

    public void Dispose() => _temp.Dispose();
}
