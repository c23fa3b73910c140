using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GasTown.Federation.Index.Tests.Federations;

/// <summary>
/// Real towns on disk, as many as a test asks for: remote <c>i</c> is <c>gt://r{i}@example.com/town{i}</c> (rig
/// <c>w{i}</c>, prefix <c>c{i}-</c>), published over git; the observer town (<c>gt://obs@example.com/observer</c>, rig
/// <c>ops</c>, prefix <c>op-</c>) registers and fetches each and indexes them all. Opened with a small
/// <see cref="QueryOptions.MaxChains"/>, the chains past it (by URI, after the local town) are the last remotes.
/// </summary>
internal sealed class ChainsFederation : IDisposable
{
    public const string ObserverChain = "gt://obs@example.com/observer";

    private readonly TempDirectory _temp = new("gtfed-index-chains");
    private readonly FakeLogCollector _logs = new();
    private readonly List<BuiltTown> _remotes = [];

    /// <param name="remotes">How many remote towns.</param>
    /// <param name="rig">Adds issues to remote <c>i</c>'s rig.</param>
    /// <param name="town">Adds to remote <c>i</c>'s town (relationships, say).</param>
    /// <param name="ops">Adds issues to the observer's rig.</param>
    /// <param name="observer">Adds to the observer's town.</param>
    public ChainsFederation(int remotes, Action<int, RigBuilder>? rig = null, Action<int, TownBuilder>? town = null, Action<RigBuilder>? ops = null, Action<TownBuilder>? observer = null)
    {
        for (var i = 0; i < remotes; i++)
        {
            var index = i;
            var builder = TownBuilder.At(_temp.Combine($"town{i}")).OwnedBy($"r{i}@example.com")
                .WithRig(RigOf(i), PrefixOf(i), r => rig?.Invoke(index, r));
            town?.Invoke(i, builder);
            _remotes.Add(builder.Build());
        }

        var observerBuilder = TownBuilder.At(_temp.Combine("observer")).OwnedBy("obs@example.com").WithRig("ops", "op-", r => ops?.Invoke(r));
        observer?.Invoke(observerBuilder);
        Observer = observerBuilder.Build();
    }

    public BuiltTown Observer { get; }

    public static string ChainOf(int remote) => $"gt://r{remote}@example.com/town{remote}";

    public static string RigOf(int remote) => $"w{remote}";

    public static string PrefixOf(int remote) => $"c{remote}-";

    /// <summary>The URI of remote <c>i</c>'s unit <c>n</c>, with its rig (the one spelling a load gives any reference to it).</summary>
    public static string UnitOf(int remote, int n) => $"{ChainOf(remote)}/{RigOf(remote)}/{PrefixOf(remote)}{n}";

    /// <summary>Publishes every remote, registers each in the observer and fetches it.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _remotes.Count; i++)
        {
            await using var remote = Town.Open(_remotes[i].Root, b => b.AddProvenance(o => o.Actor = "mayor"));
            await remote.PublishAsync(new PublishOptions { Rigs = [RigOf(i)] }, cancellationToken);
        }

        await using var observer = OpenObserver();
        for (var i = 0; i < _remotes.Count; i++)
        {
            observer.Remotes.Add($"r{i}", FederationRepository.DefaultPathFor(_remotes[i].Root), GtUri.Parse(ChainOf(i)));
            (await observer.FetchAsync($"r{i}", cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
        }
    }

    /// <summary>Opens the observer town with at most <paramref name="maxChains"/> chains a query; what its queries log is collected.</summary>
    public Town OpenObserver(int? maxChains = null)
        => Town.Open(Observer.Root, b =>
        {
            b.Services.AddLogging(l => l.AddProvider(new FakeLoggerProvider(_logs)));
            if (maxChains is { } max)
            {
                b.Services.Configure<QueryOptions>(o => o.MaxChains = max);
            }
        });

    /// <summary>Fails when a query logged that the index threw (Query's event 3010 IndexFailed).</summary>
    public void AssertIndexNeverFailed()
        => _logs.GetSnapshot().Where(r => r.Id.Id == 3010).Select(r => r.Message + " " + r.Exception).ShouldBeEmpty();

    public void Dispose() => _temp.Dispose();
}
