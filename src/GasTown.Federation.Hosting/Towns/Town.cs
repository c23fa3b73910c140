using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;
using GasTown.Federation.Index;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Hosting;

/// <summary>
/// One Gas Town town, opened: the entry point a host uses for the whole SDK, in the spirit of
/// LibGit2Sharp's <c>Repository</c>. It owns (or, from DI, shares) the SDK's services for this town and
/// exposes its remotes, fetch, publish, the federated queries, its event log and the acting agent.
/// </summary>
/// <remarks>
/// <para>Two ways in: <see cref="Open(string, Action{IGasTownFederationBuilder}?)"/> for scripts and tools
/// (it builds and owns a service container and disposes it with the town), or
/// <c>services.AddGasTownFederation(o =&gt; o.TownRoot = root).AddTown()</c> for hosts with DI, which
/// resolve <see cref="Town"/> as a singleton.</para>
/// <para><c>mayor/town.json</c> is read once, when the town is opened. Every member is thread-safe: a
/// web host may serve many requests from one instance. After disposal every member throws
/// <see cref="ObjectDisposedException"/> except <see cref="Root"/>, <see cref="Metadata"/>, <see cref="Chain"/> and
/// <see cref="ChainProblem"/> (read when the town was opened), and so does an event log taken from <see cref="Events"/>.
/// A service taken from the town before (<see cref="Queries"/>, <see cref="Writer"/>, <see cref="Remotes"/>, …) is the
/// container's shared singleton, which the town does not check: from DI it keeps working until the host's container is
/// disposed; from <see cref="Open"/> its container is disposed with the town, so do not use it after.</para>
/// </remarks>
public sealed class Town : IDisposable, IAsyncDisposable
{
    private readonly TownContext _context;
    private readonly IServiceProvider _services;
    private readonly ServiceProvider? _owned;
    private readonly TownWriter _writer;
    private TownEventLog? _events;
    private int _disposed;

    internal Town(TownContext context, IServiceProvider services, ServiceProvider? owned)
    {
        ThrowIfWiredToAnotherTown(context, services);
        _context = context;
        _services = services;
        _owned = owned;
        _writer = new TownWriter(context.Root, services.GetService<TimeProvider>())
        {
            // What the writer writes is read back within the same limits: a line it writes is never one queries drop.
            MaxLineBytes = services.GetService<IOptions<ChainLimits>>()?.Value.MaxLineBytes ?? ChainLimits.DefaultMaxLineBytes,
        };
    }

    /// <summary>The town's root folder: the one holding <c>mayor/town.json</c>.</summary>
    public string Root => _context.Root;

    // The transport registered on its own (AddGasTownFederationGitTransport(o => o.TownRoot = …)) keeps its folder when the
    // facade is added too: remotes, fetch and publish would then be another town's, with no error (a publish committed
    // that town's work). One Town is one town, so the two must agree.
    private static void ThrowIfWiredToAnotherTown(TownContext context, IServiceProvider services)
    {
        var transportRoot = services.GetService<IOptions<GitTransportOptions>>()?.Value.TownRoot;
        if (string.IsNullOrWhiteSpace(transportRoot))
        {
            return;
        }

        if (!IsSameFolder(transportRoot, context.Root))
        {
            throw new FederationException(FederationErrorKind.InvalidInput,
                $"The git transport is wired to the town at {transportRoot} (GitTransportOptions.TownRoot), but this Town is the one at {context.Root}: its remotes, fetches and publishes would be the other town's. Give the town's folder once, in AddGasTownFederation(o => o.TownRoot = …), and leave GitTransportOptions.TownRoot unset (AddTown sets it), or set both to the same folder.");
        }
    }

    // The same folder however it is written: with a trailing separator, in other case where names ignore it, or through a
    // link (/home/alice/town and /srv/towns/alice, one linked to the other).
    private static bool IsSameFolder(string given, string root)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(given));
        if (string.Equals(full, root, comparison))
        {
            return true;
        }

        try
        {
            return string.Equals(RealPath.Resolve(full), RealPath.Resolve(root), comparison);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The town's <c>mayor/town.json</c>, as read when the town was opened.</summary>
    public TownMetadata Metadata => _context.Metadata;

    /// <summary>The town's own chain, <c>gt://owner/name</c>; <see langword="null"/> when town.json names no valid owner or chain name (<see cref="ChainProblem"/> says which).</summary>
    public GtUri? Chain => _context.Chain;

    /// <summary>
    /// Why <see cref="Chain"/> is <see langword="null"/>, for a person: which field of town.json is wrong and how to set
    /// it; <see langword="null"/> when the town has a chain. Such a town's own work is in no query's answer (the queries
    /// know no local chain), so a host should say so wherever it shows one.
    /// </summary>
    public string? ChainProblem => _context.NoChain is { } noChain ? $"{noChain}. {TownContext.ChainAdvice}" : null;

    /// <summary>The remote chains this town reads (registered in its federation repository).</summary>
    public RemoteRegistry Remotes => Get<RemoteRegistry>();

    /// <summary>The keys this town trusts for the entities it follows (published by them, or pinned on first use).</summary>
    public TrustedKeyStore Keys => Get<TrustedKeyStore>();

    /// <summary>Finds chains and keys from an entity's domain (<c>.well-known/gastown.json</c>).</summary>
    public EntityDiscovery Discovery => Get<EntityDiscovery>();

    /// <summary>The federated queries: show, list by remote, organisation or project, ready work, audit.</summary>
    public FederationQueries Queries => Get<FederationQueries>();

    /// <summary>
    /// The federation index (<c>federation/index.db</c>): paged lists, full-text search, the change feed and each chain's
    /// index state, answered from a SQLite cache that is brought up to date before each call (never from the network).
    /// </summary>
    public FederationIndex Index => Get<FederationIndex>();

    /// <summary>The town's event log, <c>.events.jsonl</c>.</summary>
    public TownEventLog Events
    {
        get
        {
            ThrowIfDisposed();
            // Made when first asked for: resolving the event log writer (the actor resolver, the signer, logging) was a
            // sixth of opening a town in a fresh process, and a query never writes an event.
            return _events ?? LazyInitializer.EnsureInitialized(ref _events, () => new TownEventLog(this, _services.GetRequiredService<EventLogWriter>()));
        }
    }

    /// <summary>
    /// Writes the town as <c>gt rig add</c> and <c>bd create/update/close/dep add</c> do: rigs, work units and
    /// dependencies, atomically under the town's lock. Attribute writes to <see cref="Identity"/>'s actor.
    /// </summary>
    public TownWriter Writer
    {
        get
        {
            ThrowIfDisposed();
            return _writer;
        }
    }

    /// <summary>Where every chain the queries read comes from: this town's folder and its fetched remotes.</summary>
    public IChainProvider Chains => Get<IChainProvider>();

    /// <summary>
    /// The acting agent and its owner, resolved now (explicit options, then <c>BEADS_ACTOR</c>, <c>BD_ACTOR</c>,
    /// <c>git config user.name</c>, <c>USER</c>; the owner from options, <c>GIT_AUTHOR_EMAIL</c>, <c>git config user.email</c>,
    /// then town.json), each time it is read (it runs <c>git config</c>). Not the town's signing keys: those are
    /// <see cref="Keys"/>. <see cref="ActorContext.Actor"/> is
    /// <see langword="null"/> when no agent is configured; writing calls then fail with <see cref="MissingActorException"/>.
    /// </summary>
    public ActorContext Identity => Get<IActorResolver>().Resolve();

    /// <summary>The service provider behind the town, for services the facade does not surface.</summary>
    public IServiceProvider Services
    {
        get
        {
            ThrowIfDisposed();
            return _services;
        }
    }

    /// <summary>
    /// Opens the town at <paramref name="path"/> with its own services: the SDK wired through its DI entry
    /// point with default options, then <paramref name="configure"/> (which runs last, so its options win).
    /// </summary>
    /// <param name="path">The town's root folder (the one holding <c>mayor/town.json</c>); see <see cref="Discover(string)"/>.</param>
    /// <param name="configure">Adjusts the wiring, e.g. <c>b =&gt; b.AddGitTransport(o =&gt; o.FetchPolicy = FetchPolicy.Never)</c>, or null.</param>
    /// <returns>The open town; dispose it to release its services.</returns>
    /// <exception cref="FederationException">
    /// The folder does not exist (<see cref="FederationErrorKind.NotFound"/>); an option is invalid, or the git transport is
    /// set to another town's folder (<see cref="FederationErrorKind.InvalidInput"/>).
    /// </exception>
    /// <exception cref="TownMetadataException">There is no valid <c>mayor/town.json</c> in the folder.</exception>
    /// <exception cref="IOException">The town.json found cannot be read: it is a pipe or a device, say.</exception>
    /// <exception cref="UnauthorizedAccessException">The town.json found may not be read.</exception>
    public static Town Open(string path, Action<IGasTownFederationBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var context = TownContext.Load(path);
        var services = new ServiceCollection();
        services.AddSingleton(context);
        var builder = services.AddGasTownFederation(options => options.TownRoot = context.Root).AddTown();
        configure?.Invoke(builder);
        // No ValidateOnBuild: it builds a call site for every registration up front, which was half of opening a town
        // in a fresh process (a gtfed command pays it on every run). The SDK's own graph is validated by TownTests,
        // which builds the same registrations with ValidateOnBuild; a host's own additions fail when first resolved.
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        try
        {
            // A plain container has no host to run ValidateOnStart: run it here, so bad options fail at Open.
            provider.GetService<IStartupValidator>()?.Validate();
            return new Town(context, provider, provider);
        }
        catch (OptionsValidationException ex)
        {
            provider.Dispose();
            throw new FederationException(FederationErrorKind.InvalidInput, $"Opening the town at {context.Root} failed: {ex.Message}", ex);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>Finds the town that contains <paramref name="startFolder"/>, walking up as upstream's <c>gt</c> does.</summary>
    /// <param name="startFolder">Where to start, e.g. the current folder.</param>
    /// <returns>The town's root folder, or <see langword="null"/> when no folder upwards holds <c>mayor/town.json</c>.</returns>
    public static string? Discover(string startFolder) => TownLocator.FindTownRoot(startFolder);

    /// <summary>
    /// Registers a remote chain by its URI alone: its git URL and branch come from its entity's well-known document
    /// (<see cref="EntityDiscovery.DiscoverChainAsync"/>), and the keys the entity publishes are kept as the keys its
    /// snapshots must be signed with (<see cref="Keys"/>).
    /// </summary>
    /// <param name="name">The remote's name.</param>
    /// <param name="chain">The chain, <c>gt://entity/chain</c>.</param>
    /// <param name="cancellationToken">Cancels the discovery.</param>
    /// <returns>The registered remote.</returns>
    /// <exception cref="DiscoveryException">The chain cannot be discovered; <see cref="DiscoveryException.Failure"/> says why (give the URL instead).</exception>
    /// <exception cref="InvalidRemoteException">The name or the discovered URL is not acceptable.</exception>
    /// <exception cref="RemoteAlreadyExistsException">The name or the chain is already registered.</exception>
    public async Task<RegisteredRemote> AddRemoteAsync(string name, GtUri chain, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var found = await Discovery.DiscoverChainAsync(chain, cancellationToken).ConfigureAwait(false);
        var branch = found.Branch is null || found.Branch == FederationRepository.PublishedBranch ? null : found.Branch;
        var remote = Remotes.Add(new RemoteDefinition(name, found.Url, chain) { Branch = branch });
        if (found.Keys.Count > 0)
        {
            Keys.Set(chain.Entity, found.Keys, KeySource.Published);
        }

        return remote;
    }

    /// <summary>
    /// Reads again the keys a remote's entity publishes in its well-known document and keeps them as the keys its
    /// snapshots must be signed with (<see cref="KeySource.Published"/>, replacing what was kept): how a follower takes an
    /// owner's new key once the owner has published it, where accepting the new signer
    /// (<see cref="TrustedKeyStore.AcceptSigner"/>) pins it on the follower's word alone.
    /// </summary>
    /// <param name="remoteName">The registered remote.</param>
    /// <param name="cancellationToken">Cancels the discovery.</param>
    /// <returns>The keys kept now; <see langword="null"/> when the document lists the chain but no key (the keys kept are left as they were).</returns>
    /// <exception cref="RemoteNotFoundException">No remote has that name.</exception>
    /// <exception cref="DiscoveryException">The document cannot be read, or does not list the chain; <see cref="DiscoveryException.Failure"/> says why.</exception>
    public async Task<EntityKeys?> RefreshPublishedKeysAsync(string remoteName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteName);
        var remote = Remotes.Get(remoteName);
        var found = await Discovery.DiscoverChainAsync(remote.Chain, cancellationToken).ConfigureAwait(false);
        return found.Keys.Count > 0 ? Keys.Set(remote.Chain.Entity, found.Keys, KeySource.Published) : null;
    }

    /// <summary>
    /// The well-known document this town's owner serves at <c>https://{domain}/.well-known/gastown.json</c>: the town's
    /// chain with the URL others fetch it from, and the key its publishes are signed with. For a person owner the
    /// chain and key are listed under <c>people</c> of their domain's document.
    /// </summary>
    /// <param name="url">The git URL others fetch the chain from; null for this town's federation repository path (only useful on this machine).</param>
    /// <param name="cancellationToken">Cancels reading the signing key.</param>
    /// <returns>The document (serialise it with <see cref="WellKnownDocument.ToUtf8Json"/>).</returns>
    /// <exception cref="FederationException">town.json names no valid owner or chain name.</exception>
    /// <exception cref="InvalidRemoteException"><paramref name="url"/> is not a git URL a follower could register (as <see cref="RemoteRegistry.Add(RemoteDefinition)"/> reads it).</exception>
    public async Task<WellKnownDocument> GetWellKnownDocumentAsync(string? url = null, CancellationToken cancellationToken = default)
    {
        var chain = Chain ?? throw new FederationException(
            FederationErrorKind.InvalidInput,
            $"{_context.NoChain}, so it has no domain to serve a document from.");
        var key = await GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var keys = key is null ? Array.Empty<SshPublicKey>() : [key];
        // The URL as a follower's registry will read it (the same rule): one it would refuse is refused here, not there.
        var published = new WellKnownChain(chain.Chain!, url is null ? Get<FederationRepository>().Path : RemoteRegistry.NormaliseUrl(url), FederationRepository.PublishedBranch);
        var owner = chain.Entity;
        return owner.Kind == EntityKind.Person
            ? new WellKnownDocument(owner.DomainEntity, [], [], [new WellKnownPerson(owner, keys, [published])])
            : new WellKnownDocument(owner, [published], keys);
    }

    /// <summary>The public key this town's publishes are signed with, or null when they are unsigned (<see cref="TownPublisher.GetSigningKeyAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels reading the key.</param>
    /// <returns>The key, or null.</returns>
    /// <exception cref="IdentityException">A key is configured but cannot be used.</exception>
    public Task<SshPublicKey?> GetSigningKeyAsync(CancellationToken cancellationToken = default)
        => Get<TownPublisher>().GetSigningKeyAsync(cancellationToken);

    /// <summary>Signs this town's publishes with the key at <paramref name="privateKeyPath"/> from now on (<see cref="TownPublisher.SetSigningKeyAsync"/>).</summary>
    /// <param name="privateKeyPath">An unencrypted Ed25519 OpenSSH private key.</param>
    /// <param name="cancellationToken">Cancels reading the key.</param>
    /// <returns>Its public key.</returns>
    /// <exception cref="IdentityException">The key cannot be used.</exception>
    public Task<SshPublicKey> SetSigningKeyAsync(string privateKeyPath, CancellationToken cancellationToken = default)
        => Get<TownPublisher>().SetSigningKeyAsync(privateKeyPath, cancellationToken);

    /// <summary>Grants an agent its own key until <paramref name="expires"/>, signed with this town's key (<see cref="TownPublisher.GrantAgentKeyAsync"/>); published with the next publish.</summary>
    /// <param name="agent">The agent, e.g. <c>gastown/crew/joe</c>.</param>
    /// <param name="agentKey">The agent's public key.</param>
    /// <param name="expires">When the grant ends.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The signed statement.</returns>
    /// <exception cref="ArgumentException">The agent is not an actor this SDK writes, or <paramref name="expires"/> is already past.</exception>
    /// <exception cref="IdentityException">No signing key is configured, or it cannot be used.</exception>
    public Task<AgentKeyStatement> GrantAgentKeyAsync(string agent, SshPublicKey agentKey, DateTimeOffset expires, CancellationToken cancellationToken = default)
        => Get<TownPublisher>().GrantAgentKeyAsync(agent, agentKey, expires, cancellationToken);

    /// <summary>Revokes an agent's key (<see cref="TownPublisher.RevokeAgentKeyAsync"/>); published with the next publish.</summary>
    /// <param name="agentKey">The key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The signed statement.</returns>
    /// <exception cref="FederationException">No grant of this town's signing key names the key (<see cref="FederationErrorKind.NotFound"/>).</exception>
    /// <exception cref="IdentityException">No signing key is configured, or it cannot be used.</exception>
    public Task<AgentKeyStatement> RevokeAgentKeyAsync(SshPublicKey agentKey, CancellationToken cancellationToken = default)
        => Get<TownPublisher>().RevokeAgentKeyAsync(agentKey, cancellationToken);

    /// <summary>This town's agent key grants and revocations signed with its key (<see cref="TownPublisher.ReadAgentGrantsAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statements.</returns>
    public Task<AgentGrants> GetAgentGrantsAsync(CancellationToken cancellationToken = default)
        => Get<TownPublisher>().ReadAgentGrantsAsync(cancellationToken);

    /// <summary>Fetches one remote chain over git; the refs of the last good fetch stay until this one completes.</summary>
    /// <param name="remoteName">The registered remote.</param>
    /// <param name="progress">Receives transfer progress, or null.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>What was fetched.</returns>
    /// <exception cref="RemoteNotFoundException">No remote has that name.</exception>
    /// <exception cref="RemoteFetchException">The fetch failed; the message names the remote and the URL.</exception>
    public Task<FetchResult> FetchAsync(string remoteName, IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
        => Get<ChainFetcher>().FetchAsync(remoteName, progress, cancellationToken);

    /// <summary>
    /// Fetches every registered remote, up to <see cref="GitTransportOptions.MaxConcurrentFetches"/> at once; one failure
    /// does not stop the others (<see cref="ChainFetcher.FetchAllAsync"/>).
    /// </summary>
    /// <param name="progress">Receives transfer progress, or null; reports of remotes fetched at once may come from several threads.</param>
    /// <param name="cancellationToken">Cancels the fetches.</param>
    /// <returns>One result per remote, in name order, failed ones included.</returns>
    public Task<IReadOnlyList<FetchResult>> FetchAllAsync(IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
        => Get<ChainFetcher>().FetchAllAsync(progress, cancellationToken);

    /// <summary>
    /// Publishes the town's public part as a commit on its published branch (default deny: only rigs
    /// made public), attributed to <see cref="Identity"/> unless <paramref name="options"/> names an actor.
    /// </summary>
    /// <param name="options">Which rigs to make public, where to push; null publishes what is public already.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    /// <returns>The commit and what it holds.</returns>
    /// <exception cref="PublishException">The town cannot be published as asked; nothing was written.</exception>
    public Task<PublishResult> PublishAsync(PublishOptions? options = null, CancellationToken cancellationToken = default)
        => Get<TownPublisher>().PublishAsync(options ?? new PublishOptions(), cancellationToken);

    /// <summary>Stops publishing a rig: a new commit without it (git cannot take back what was pushed before).</summary>
    /// <param name="rig">The rig's name (or the name it was last published under).</param>
    /// <param name="options">As whom, and where to push; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    /// <returns>What is published now; <see cref="PublishResult.WithdrawnRigs"/> names the rig.</returns>
    /// <exception cref="PublishException">The rig is not published, or the town cannot be published.</exception>
    public Task<PublishResult> WithdrawAsync(string rig, PublishOptions? options = null, CancellationToken cancellationToken = default)
        => Get<TownPublisher>().WithdrawAsync(rig, options, cancellationToken);

    /// <summary>
    /// The context short forms resolve against in this town: <c>gt-xyz</c> (routed by prefix),
    /// <c>rig/gt-xyz</c>, <c>external:rig:id</c> and, when <paramref name="currentFolder"/> lies inside a
    /// rig's folder, <c>./gt-xyz</c>. Routes are read now, so a rig added since opening is known.
    /// </summary>
    /// <param name="currentFolder">The folder the user stands in, or null.</param>
    /// <param name="cancellationToken">Cancels reading the routes.</param>
    /// <returns>The context.</returns>
    /// <exception cref="FederationException">town.json names no valid owner or chain name, so the town has no gt:// chain.</exception>
    public async ValueTask<WorkReferenceContext> GetReferenceContextAsync(string? currentFolder = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var chain = Chain ?? throw new FederationException(
            FederationErrorKind.InvalidInput,
            $"{_context.NoChain}. Set it right to resolve short forms.");
        var routes = await RouteTable.LoadAsync(Path.Combine(Root, RouteTable.RelativePath), cancellationToken).ConfigureAwait(false);
        var currentRig = currentFolder is null ? null : RigOfFolder(routes, currentFolder);
        return new WorkReferenceContext(chain.Entity, chain.Chain!, currentRig, id =>
            routes.TryRoute(id, out var route) && !route.IsTownLevel ? route.RigName : null);
    }

    /// <summary>Resolves a work reference (a gt:// URI or a short form) to its absolute URI in this town.</summary>
    /// <param name="reference">gt://…, gt-xyz, rig/gt-xyz, ./gt-xyz or external:rig:id.</param>
    /// <param name="currentFolder">The folder the user stands in (for <c>./gt-xyz</c>), or null.</param>
    /// <param name="cancellationToken">Cancels reading the routes.</param>
    /// <returns>The absolute URI.</returns>
    /// <exception cref="GtUriFormatException">The text is not a work reference.</exception>
    /// <exception cref="WorkReferenceResolutionException">The short form cannot be resolved here; the message says why.</exception>
    public async ValueTask<GtUri> ResolveAsync(string reference, string? currentFolder = null, CancellationToken cancellationToken = default)
    {
        var parsed = WorkReference.Parse(reference);
        if (parsed.Kind == WorkReferenceKind.Absolute)
        {
            ThrowIfDisposed();
            return parsed.Uri;
        }

        var context = await GetReferenceContextAsync(currentFolder, cancellationToken).ConfigureAwait(false);
        if (parsed.Kind == WorkReferenceKind.CurrentRig && context.CurrentRig is null)
        {
            // Said in this call's own terms: the reference context's message asks a developer for a current rig the
            // folder given here decides.
            throw new WorkReferenceResolutionException(parsed, currentFolder is null
                ? $"'./{parsed.WorkId}' refers to the current rig, and no current folder was given to find it; write rig/{parsed.WorkId}."
                : $"'./{parsed.WorkId}' refers to the current rig, but {currentFolder} is not inside one of this town's rigs; write rig/{parsed.WorkId}, or run it from the rig's folder.");
        }

        return parsed.Resolve(context);
    }

    /// <summary>Releases the town's services when it built them (<see cref="Open"/>); a DI container disposes its own.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owned?.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    /// <returns>A task that completes when the services are released.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _owned is not null)
        {
            return _owned.DisposeAsync();
        }

        return ValueTask.CompletedTask;
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private T Get<T>()
        where T : notnull
    {
        ThrowIfDisposed();
        return _services.GetRequiredService<T>();
    }

    // The rig whose folder holds currentFolder (longest route path wins), as bd finds the rig you stand in.
    private string? RigOfFolder(RouteTable routes, string currentFolder)
    {
        var relative = Path.GetRelativePath(Root, Path.GetFullPath(currentFolder)).Replace(Path.DirectorySeparatorChar, '/');
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        Route? best = null;
        foreach (var route in routes.Routes)
        {
            if (route.IsTownLevel)
            {
                continue;
            }

            var path = route.NormalizedPath;
            var inside = relative == path || relative.StartsWith(path + "/", StringComparison.Ordinal)
                || relative == route.RigName || relative.StartsWith(route.RigName + "/", StringComparison.Ordinal);
            if (inside && (best is null || path.Length > best.NormalizedPath.Length))
            {
                best = route;
            }
        }

        return best?.RigName;
    }
}
