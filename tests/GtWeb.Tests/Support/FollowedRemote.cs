using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests;

/// <summary>
/// The federation most page tests of a remote's data need: alice's town with one rig (<c>gastown</c>, <c>gt-</c>),
/// published unsigned, and bob's town that registered it as remote <c>alice</c> and fetched it (or not), which GtWeb serves.
/// </summary>
internal static class FollowedRemote
{
    /// <summary>Alice's chain.</summary>
    public const string Chain = "gt://alice@example.com/town";

    /// <summary>Builds both towns under <paramref name="temp"/> (folders <c>alice</c> and <c>observer</c>).</summary>
    /// <returns>Bob's town root, and alice's town (to publish again).</returns>
    public static Task<(string Observer, BuiltTown Alice)> CreateAsync(TempDirectory temp, Action<RigBuilder> rig, CancellationToken cancellationToken) =>
        CreateAsync(temp, rig, fetched: true, cancellationToken);

    /// <summary>Builds both towns under <paramref name="temp"/> (folders <c>alice</c> and <c>observer</c>).</summary>
    /// <param name="temp">Where the towns are built.</param>
    /// <param name="rig">Alice's <c>gastown</c> rig.</param>
    /// <param name="fetched">Whether bob fetches alice once registered; false leaves the remote never fetched.</param>
    /// <param name="cancellationToken">Cancels the publish and the fetch.</param>
    /// <returns>Bob's town root, and alice's town (to publish again).</returns>
    public static async Task<(string Observer, BuiltTown Alice)> CreateAsync(TempDirectory temp, Action<RigBuilder> rig, bool fetched, CancellationToken cancellationToken)
    {
        var alice = TownBuilder.At(temp.Combine("alice")).Named("town").OwnedBy("alice@example.com").WithRig("gastown", "gt-", rig).Build();
        await using (var owner = Town.Open(alice.Root, b => b.AddProvenance(o => o.Actor = "mayor")))
        {
            await owner.PublishAsync(new PublishOptions { Rigs = ["gastown"] }, cancellationToken);
        }

        var observer = TownBuilder.At(temp.Combine("observer")).Named("observer").OwnedBy("bob@example.com").Build();
        await using var bob = Town.Open(observer.Root);
        bob.Remotes.Add("alice", FederationRepository.DefaultPathFor(alice.Root), GtUri.Parse(Chain));
        if (fetched)
        {
            (await bob.FetchAsync("alice", cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
        }

        return (observer.Root, alice);
    }
}
