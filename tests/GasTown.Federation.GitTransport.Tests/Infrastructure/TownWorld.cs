using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A temp folder holding several real towns, each with its federation repository, publisher,
/// registry and fetcher: the world the end-to-end tests play in.
/// </summary>
internal sealed class TownWorld : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public TownWorld()
    {
        Temp = new TempDirectory("gtfed-git");
    }

    public TempDirectory Temp { get; }

    public TestTown AddTown(string folder, Func<TownBuilder, TownBuilder> configure)
    {
        var built = configure(TownBuilder.At(Temp.Combine(folder))).Build();
        var town = new TestTown(built);
        _owned.Add(town);
        return town;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        Temp.Dispose();
    }
}

/// <summary>One town of a <see cref="TownWorld"/> and its transport objects.</summary>
internal sealed class TestTown : IDisposable
{
    public TestTown(BuiltTown built, GitTransportOptions? options = null)
    {
        Built = built;
        Options = options ?? new GitTransportOptions { TownRoot = built.Root, FetchTimeout = TimeSpan.FromSeconds(60) };
        Repository = FederationRepository.ForTown(built.Root);
        Registry = new RemoteRegistry(Repository);
        Fetcher = new ChainFetcher(Registry, Options);
        Publisher = new TownPublisher(Repository, built.Root, Options);
    }

    public BuiltTown Built { get; }

    public string Root => Built.Root;

    public GitTransportOptions Options { get; }

    public FederationRepository Repository { get; }

    public RemoteRegistry Registry { get; }

    public ChainFetcher Fetcher { get; }

    public TownPublisher Publisher { get; }

    public GtUri ChainUri => GtUri.Parse(Built.ChainUri!);

    public Task<PublishResult> PublishAsync(params string[] rigs)
        => Publisher.PublishAsync(new PublishOptions { Rigs = rigs, Actor = "gastown/crew/max", Owner = Built.Owner ?? "mayor@example.com" }, TestContext.Current.CancellationToken);

    public string Git(params string[] arguments) => GitCli.Run(Repository.Path, arguments);

    public void Dispose() => Repository.Dispose();
}
