using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.DependencyInjection;

namespace GtFed.Cli;

/// <summary>
/// One town opened for a command: its root, its town.json, and the SDK's services wired through
/// the single DI entry point, exactly as a host application would wire them.
/// </summary>
internal sealed class TownSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TownSession(string root, TownMetadata town, ServiceProvider services)
    {
        Root = root;
        Town = town;
        _services = services;
    }

    /// <summary>The town's root folder (the one holding mayor/town.json).</summary>
    public string Root { get; }

    /// <summary>The town's metadata.</summary>
    public TownMetadata Town { get; }

    /// <summary>The town's own chain URI: gt://owner/name.</summary>
    public GtUri ChainUri => Town.TryGetOwnerEntity(out var owner)
        ? GtUri.ForChain(owner, Town.Name)
        : throw GtFedException.BadInput($"The town at {Root} has no valid owner in {TownMetadata.RelativePath}; set \"owner\" to an email or a domain.");

    public RemoteRegistry Remotes => _services.GetRequiredService<RemoteRegistry>();

    public ChainFetcher Fetcher => _services.GetRequiredService<ChainFetcher>();

    public TownPublisher Publisher => _services.GetRequiredService<TownPublisher>();

    public FederationQueries Queries => _services.GetRequiredService<FederationQueries>();

    public EventLogWriter Events => _services.GetRequiredService<EventLogWriter>();

    public IActorResolver Actors => _services.GetRequiredService<IActorResolver>();

    public IChainProvider Chains => _services.GetRequiredService<IChainProvider>();

    /// <summary>Finds the town: <c>--town</c> when given, else by walking up from the current folder.</summary>
    public static string LocateTownRoot(DirectoryInfo? townOption)
    {
        if (townOption is not null)
        {
            var root = townOption.FullName;
            if (!File.Exists(Path.Combine(root, TownMetadata.RelativePath)) && !File.Exists(Path.Combine(root, TownMetadata.SeedRelativePath)))
            {
                throw GtFedException.BadInput(
                    $"No town at {root}: {TownMetadata.RelativePath} is missing. Create one with 'gtfed init --town {root} --owner EMAIL --name NAME'.");
            }

            return root;
        }

        return TownLocator.FindTownRoot(Directory.GetCurrentDirectory())
            ?? throw GtFedException.BadInput(
                $"No town found from {Directory.GetCurrentDirectory()} upwards (looked for {TownMetadata.RelativePath}). Pass --town DIR, or create one with 'gtfed init'.");
    }

    /// <summary>Opens the town at <paramref name="root"/> and builds its services.</summary>
    public static TownSession Open(string root)
    {
        TownMetadata town;
        try
        {
            town = TownMetadata.LoadAsync(root).AsTask().GetAwaiter().GetResult();
        }
        catch (TownMetadataException ex)
        {
            throw GtFedException.BadInput($"The town at {root} has an invalid town.json: {ex.Message}", ex);
        }

        var services = new ServiceCollection();
        services.AddGasTownFederation(options => options.TownRoot = root)
            .AddProvenance(options => options.TownOwner = town.Owner)
            .AddGitTransport()
            .AddQuery();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new TownSession(root, town, provider);
    }

    /// <summary>The context short forms (gt-xyz, rig/gt-xyz, external:rig:id) resolve against in this town.</summary>
    public async Task<WorkReferenceContext> GetReferenceContextAsync(CancellationToken cancellationToken)
    {
        var routes = await RouteTable.LoadAsync(Path.Combine(Root, RouteTable.RelativePath), cancellationToken).ConfigureAwait(false);
        var chain = ChainUri;
        return new WorkReferenceContext(chain.Entity, chain.Chain!, currentRig: null, rigForWorkId: id =>
            routes.TryRoute(id, out var route) && !route.IsTownLevel ? route.RigName : null);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
