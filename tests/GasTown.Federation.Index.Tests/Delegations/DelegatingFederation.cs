using System.Text.RegularExpressions;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Delegations;

/// <summary>
/// Real towns on disk, each publishing over git: acme (rig proj) delegates a portion of pr-1 to bob's bb-1 and carol's
/// ca-1; the observer town registers and fetches all of them (and mallory, a third party, when a test adds her).
/// </summary>
internal sealed partial class DelegatingFederation : IDisposable
{
    public const string AcmeChain = "gt://acme.com/acme-hq";
    public const string BobChain = "gt://bob@example.com/bob-town";
    public const string CarolChain = "gt://carol@example.com/carol-town";
    public const string MalloryChain = "gt://mallory@example.com/mallory-town";
    public const string Parent = AcmeChain + "/proj/pr-1";

    private readonly TempDirectory _temp = new("gtfed-index-delegation");
    private readonly List<(string Name, BuiltTown Town, string[] Rigs, string Chain)> _remotes = [];

    /// <param name="acme">Adds to acme's town (after pr-1's two delegations).</param>
    /// <param name="acmeRigs">The rigs acme publishes (proj alone by default).</param>
    /// <param name="bob">Adds to bob's town.</param>
    /// <param name="mallory">When set, builds mallory's town (rig mal, mal-1) and registers it.</param>
    public DelegatingFederation(Action<TownBuilder>? acme = null, Action<TownBuilder>? bob = null, Action<TownBuilder>? mallory = null, string[]? acmeRigs = null)
    {
        var acmeBuilder = TownBuilder.At(_temp.Combine("acme-hq")).OwnedBy("acme.com")
            .WithRig("proj", "pr-", rig => rig
                .WithIssue("pr-1", "Launch the platform")
                .WithIssue("pr-2", "Write the guide")
                .WithIssue("pr-3", "Translate the guide"))
            .WithDelegation(Parent, BobChain + "/web/bb-1", portion: "backend")
            .WithDelegation(Parent, CarolChain + "/work/ca-1", portion: "backend");
        acme?.Invoke(acmeBuilder);
        Add("acme", acmeBuilder.Build(), acmeRigs ?? ["proj"], AcmeChain);

        var bobBuilder = TownBuilder.At(_temp.Combine("bob-town")).OwnedBy("bob@example.com")
            .WithRig("web", "bb-", rig => rig
                .WithIssue("bb-1", "Backend API")
                .WithIssue("bb-2", "Guide chapter")
                .WithIssue("bb-3", "Guide translation"));
        bob?.Invoke(bobBuilder);
        Add("bob", bobBuilder.Build(), ["web"], BobChain);

        Add("carol", TownBuilder.At(_temp.Combine("carol-town")).OwnedBy("carol@example.com")
            .WithRig("work", "ca-", rig => rig.WithIssue("ca-1", "Backend storage")).Build(), ["work"], CarolChain);

        if (mallory is not null)
        {
            var malloryBuilder = TownBuilder.At(_temp.Combine("mallory-town")).OwnedBy("mallory@example.com")
                .WithRig("mal", "mal-", rig => rig.WithIssue("mal-1", "Mallory's own work"));
            mallory(malloryBuilder);
            Add("mallory", malloryBuilder.Build(), ["mal"], MalloryChain);
        }

        Observer = TownBuilder.At(_temp.Combine("observer")).OwnedBy("obs@example.com")
            .WithRig("ops", "op-", rig => rig.WithIssue("op-1", "Watch the federation")).Build();
    }

    public BuiltTown Observer { get; }

    /// <summary>Publishes every town, registers each in the observer and fetches it.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, _, _, _) in _remotes)
        {
            await PublishAsync(name, cancellationToken);
        }

        await using var observer = OpenObserver();
        foreach (var (name, town, _, chain) in _remotes)
        {
            observer.Remotes.Add(name, FederationRepository.DefaultPathFor(town.Root), GtUri.Parse(chain));
            (await observer.FetchAsync(name, cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
        }
    }

    /// <summary>Sets the status of one issue in a remote's town, publishes it and fetches it into the observer.</summary>
    public async Task SetStatusAsync(string remote, string id, string status, CancellationToken cancellationToken)
    {
        var (_, town, rigs, _) = _remotes.Single(r => r.Name == remote);
        var path = rigs.Select(town.IssuesPathOf).Single(p => File.ReadAllText(p).Contains($"\"id\":\"{id}\"", StringComparison.Ordinal));
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal));
        var changed = StatusField().Replace(lines[index], $"\"status\":\"{status}\"", 1);
        changed.ShouldNotBe(lines[index]);
        lines[index] = changed;
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        await PublishAsync(remote, cancellationToken);
        await using var observer = OpenObserver();
        (await observer.FetchAsync(remote, cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
    }

    /// <summary>Appends a delegation to a remote's federation/relationships.jsonl, publishes it and fetches it into the observer.</summary>
    public async Task AddDelegationAsync(string remote, string parent, string child, string portion, CancellationToken cancellationToken)
    {
        var (_, town, _, _) = _remotes.Single(r => r.Name == remote);
        var path = town.PathOf("federation/relationships.jsonl");
        File.AppendAllText(path, $"{{\"type\":\"delegation\",\"parent\":\"{parent}\",\"child\":\"{child}\",\"terms\":{{\"portion\":\"{portion}\"}}}}\n");
        await PublishAsync(remote, cancellationToken);
        await using var observer = OpenObserver();
        (await observer.FetchAsync(remote, cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
    }

    /// <summary>Opens the observer town: a new <see cref="FederationIndex"/> over the same file each time, as a new process would.</summary>
    public Town OpenObserver() => Town.Open(Observer.Root);

    public void Dispose() => _temp.Dispose();

    private void Add(string name, BuiltTown town, string[] rigs, string chain) => _remotes.Add((name, town, rigs, chain));

    private async Task PublishAsync(string remote, CancellationToken cancellationToken)
    {
        var (_, town, rigs, _) = _remotes.Single(r => r.Name == remote);
        await using var opened = Town.Open(town.Root, b => b.AddProvenance(o => o.Actor = "mayor"));
        await opened.PublishAsync(new PublishOptions { Rigs = rigs }, cancellationToken);
    }

    [GeneratedRegex("\"status\":\"[a-z_]+\"")]
    private static partial Regex StatusField();
}
