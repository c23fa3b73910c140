using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Publishes the public part of a town as a commit on the federation repository's
/// <see cref="FederationRepository.PublishedBranch"/>, with the town layout of DESIGN §3:
/// <c>mayor/town.json</c>, <c>.beads/routes.jsonl</c> (public rigs only), each public rig's
/// <c>&lt;path&gt;/.beads/issues.jsonl</c>, <c>federation/relationships.jsonl</c>, and on request the
/// town-level beads and the feed-visible events. The tree is built in memory from those files
/// only — the town folder is never added wholesale — so nothing private can slip in.
/// </summary>
/// <remarks>
/// <para>What is public is decided by one <see cref="PublicationPlan"/> built from Model's readers; files are read
/// with <see cref="TownFileReader"/>, which never follows a link and refuses hard-linked files; relationship and
/// event lines pass <see cref="RelationshipFilter"/> and <see cref="FeedEventFilter"/>. docs/security.md says what
/// this guarantees.</para>
/// <para>Commits are attributed the Gas Town way: author and committer name = the actor, email = the owner
/// (<see cref="PublishOptions.Owner"/>: by default <c>GIT_AUTHOR_EMAIL</c>, else <c>git config user.email</c>, else the
/// town's owner), and an <c>Executed-By: &lt;actor&gt;</c> trailer. Publishing unchanged data makes no
/// commit. Thread-safe and safe across processes: publishes of one town take turns on a flock
/// (<see cref="LockFileName"/>) and move the branch by compare-and-swap.</para>
/// </remarks>
public sealed class TownPublisher
{
    private readonly FederationRepository _repository;
    private readonly string _townRoot;
    private readonly GitTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IActorResolver _actors;

    // A few rounds are plenty: SDK publishers hold the lock, so only a foreign writer can move the branch meanwhile.
    private const int MaxSwapAttempts = 5;

    /// <summary>Creates a publisher for the town at <paramref name="townRoot"/>.</summary>
    /// <param name="repository">The town's federation repository.</param>
    /// <param name="townRoot">The town root (the folder holding <c>mayor/town.json</c>).</param>
    /// <param name="options">Push timeout and credentials; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for commit times; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where publications are logged; optional.</param>
    /// <param name="actorResolver">Supplies the actor and owner when <see cref="PublishOptions"/> leaves them out; Provenance's <see cref="ActorResolver"/> over the process environment when <see langword="null"/>.</param>
    public TownPublisher(
        FederationRepository repository,
        string townRoot,
        GitTransportOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<TownPublisher>? logger = null,
        IActorResolver? actorResolver = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        _repository = repository;
        _townRoot = Path.GetFullPath(townRoot);
        _options = options ?? new GitTransportOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _actors = actorResolver ?? new ActorResolver();
    }

    /// <summary>The name of the lock file, in the federation repository, that serialises publishes across processes.</summary>
    public const string LockFileName = "gtfed-publish.lock";

    /// <summary>The rigs published so far (they stay public until withdrawn), by the name they were last published under, sorted.</summary>
    /// <returns>The rig names.</returns>
    public IReadOnlyList<string> GetPublicRigs() => _repository.Use(repo =>
    {
        var state = PublicationState.Read(repo);
        return state.Rigs.Select(r => r.Name).Concat(state.LegacyRigNames).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    });

    /// <summary>
    /// The public key of the key publishes are signed with (<see cref="GitTransportOptions.SigningKeyPath"/>, else git's
    /// <c>user.signingKey</c> with <c>gpg.format=ssh</c>), or null when publishes are unsigned.
    /// </summary>
    /// <param name="cancellationToken">Cancels reading the key.</param>
    /// <returns>The public key, or null.</returns>
    /// <exception cref="Identity.IdentityException">A key is configured but cannot be used (missing, passphrase-protected, not Ed25519).</exception>
    public async Task<Identity.SshPublicKey?> GetSigningKeyAsync(CancellationToken cancellationToken = default)
    {
        _repository.EnsureCreated();
        using var key = await CommitSigning.LoadKeyAsync(_repository, _options, cancellationToken).ConfigureAwait(false);
        return key?.PublicKey;
    }

    /// <summary>
    /// Makes publishes signed with the key at <paramref name="privateKeyPath"/>, as git itself would be told:
    /// <c>gpg.format=ssh</c> and <c>user.signingKey</c> in the federation repository's config. The key is read first,
    /// so an unusable one is refused before anything is written.
    /// </summary>
    /// <param name="privateKeyPath">An unencrypted Ed25519 OpenSSH private key.</param>
    /// <param name="cancellationToken">Cancels reading the key.</param>
    /// <returns>The public key publishes will be signed with.</returns>
    /// <exception cref="Identity.IdentityException">The key cannot be used (missing, passphrase-protected, not Ed25519).</exception>
    public async Task<Identity.SshPublicKey> SetSigningKeyAsync(string privateKeyPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPath);
        var full = Path.GetFullPath(privateKeyPath);
        using var key = await Identity.SshSigningKey.LoadAsync(full, cancellationToken).ConfigureAwait(false);
        _repository.EnsureCreated();
        _repository.Write(
            repo =>
            {
                repo.Config.Set("gpg.format", "ssh");
                repo.Config.Set("user.signingKey", full);
                return true;
            },
            cancellationToken);
        return key.PublicKey;
    }

    /// <summary>
    /// Grants <paramref name="agentKey"/> to <paramref name="agent"/> until <paramref name="expires"/>: a statement signed
    /// with the town's signing key, appended to <c>federation/grants.jsonl</c> and published with the next publish.
    /// Snapshots signed by the agent's key then verify for followers through the grant.
    /// </summary>
    /// <param name="agent">The agent (a BD_ACTOR path such as <c>gastown/crew/joe</c>).</param>
    /// <param name="agentKey">The agent's public key.</param>
    /// <param name="expires">When the grant ends.</param>
    /// <param name="cancellationToken">Cancels reading the key and writing the file.</param>
    /// <returns>The statement written.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="agent"/> is not an actor this SDK writes (<see cref="Provenance.ActorNameRule"/>: no attribution could ever name it), or
    /// <paramref name="expires"/> is already past (followers would refuse every snapshot signed under it).
    /// </exception>
    /// <exception cref="Identity.IdentityException">No signing key is configured, or it cannot be used.</exception>
    public Task<Identity.AgentKeyStatement> GrantAgentKeyAsync(string agent, Identity.SshPublicKey agentKey, DateTimeOffset expires, CancellationToken cancellationToken = default)
    {
        // The rule every actor this SDK writes follows (ActorNameRule): a grant to a name no attribution can carry matches nothing.
        if (!Provenance.ActorNameRule.TryValidate(agent, out var problem))
        {
            throw new ArgumentException($"The agent is not an actor a key can be granted to: {problem}", nameof(agent));
        }

        var now = _time.GetUtcNow();
        if (expires <= now)
        {
            throw new ArgumentException($"The grant would end at {expires.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, which is already past: followers would refuse every snapshot signed under it. Give an end still to come.", nameof(expires));
        }

        return WriteStatementAsync(owner => Identity.AgentKeyStatement.Grant(agent, agentKey, expires, now, owner), cancellationToken);
    }

    /// <summary>Revokes <paramref name="agentKey"/>: a signed statement appended to <c>federation/grants.jsonl</c>; published with the next publish.</summary>
    /// <param name="agentKey">The key to revoke.</param>
    /// <param name="cancellationToken">Cancels reading the key and writing the file.</param>
    /// <returns>The statement written.</returns>
    /// <exception cref="FederationException">
    /// No grant of this town's signing key names <paramref name="agentKey"/> (<see cref="FederationErrorKind.NotFound"/>):
    /// nothing to revoke, and most likely another key than meant.
    /// </exception>
    /// <exception cref="Identity.IdentityException">No signing key is configured, or it cannot be used.</exception>
    public async Task<Identity.AgentKeyStatement> RevokeAgentKeyAsync(Identity.SshPublicKey agentKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentKey);
        var grants = await ReadAgentGrantsAsync(cancellationToken).ConfigureAwait(false);
        // A revocation of a key never granted changes nothing, and says "revoked" of the wrong key: refused, so a pasted
        // key that is not the one meant is noticed while the one meant is still trusted.
        var agent = grants.Statements.LastOrDefault(s => s.Key.Equals(agentKey))?.Agent
            ?? throw new FederationException(FederationErrorKind.NotFound, $"No grant of this town's signing key names the key {agentKey.Fingerprint}: there is nothing to revoke. Check that it is the key that was granted.");
        return await WriteStatementAsync(owner => Identity.AgentKeyStatement.Revoke(agent, agentKey, _time.GetUtcNow(), owner), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The grant and revocation statements of this town that its signing key signed.</summary>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The statements (empty without a signing key or file).</returns>
    public async Task<Identity.AgentGrants> ReadAgentGrantsAsync(CancellationToken cancellationToken = default)
    {
        var owner = await GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(_townRoot, Identity.AgentKeyStatement.RelativePath);
        if (owner is null || !File.Exists(path))
        {
            return Identity.AgentGrants.Empty;
        }

        return Identity.AgentGrants.Read(await LocalFile.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), [owner]);
    }

    private async Task<Identity.AgentKeyStatement> WriteStatementAsync(Func<Identity.SshSigningKey, Identity.AgentKeyStatement> create, CancellationToken cancellationToken)
    {
        _repository.EnsureCreated();
        using var owner = await CommitSigning.LoadKeyAsync(_repository, _options, cancellationToken).ConfigureAwait(false)
            ?? throw new Identity.IdentityException("Agent keys are granted and revoked with the town's signing key, and none is configured. Set one first (TownPublisher.SetSigningKeyAsync, or git's user.signingKey with gpg.format=ssh).");
        var statement = create(owner);
        var path = Path.Combine(_townRoot, Identity.AgentKeyStatement.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // An append opens for writing only, which on a FIFO waits for a reader for ever, as a read waits for a writer.
        LocalFile.ThrowIfSpecial(path);
        await File.AppendAllTextAsync(path, statement.ToJsonLine() + "\n", cancellationToken).ConfigureAwait(false);
        return statement;
    }

    /// <summary>Publishes the town's public data and optionally pushes it.</summary>
    /// <param name="options">Which rigs to make public, as whom, and where to push.</param>
    /// <param name="cancellationToken">Cancels reading the town and pushing.</param>
    /// <returns>What was published.</returns>
    /// <exception cref="PublishException">The town or the options are not publishable (unknown rig, linked or hard-linked file, unsafe route, no town.json, bad actor).</exception>
    /// <exception cref="PublishConflictException">Another publish held the lock too long, or another writer kept moving the branch; nothing was committed.</exception>
    /// <exception cref="RemoteNotFoundException"><see cref="PublishOptions.PushRemote"/> names no registered remote; nothing was committed.</exception>
    /// <exception cref="PushRejectedException">The push was refused (non-fast-forward); the local branch is published.</exception>
    /// <exception cref="RemotePushException">The push remote could not be reached; the local branch is published.</exception>
    public Task<PublishResult> PublishAsync(PublishOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(options, withdraw: null, cancellationToken);
    }

    /// <summary>
    /// Stops publishing a rig: it is forgotten as public and a new commit on the published branch leaves it out,
    /// with a message saying it was withdrawn. Earlier commits still hold what they published, and git cannot take
    /// back what was already pushed or fetched by others; withdrawing only stops further publication.
    /// </summary>
    /// <param name="rig">The rig's current name, or the name it was last published under if its folder is gone.</param>
    /// <param name="options">As whom, and where to push; <see cref="PublishOptions.Rigs"/> must be empty. Defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels reading the town and pushing.</param>
    /// <returns>What is published now; <see cref="PublishResult.WithdrawnRigs"/> names the rig.</returns>
    /// <exception cref="PublishException">The rig is not published, or the town cannot be published.</exception>
    /// <exception cref="PublishConflictException">Another publish held the lock too long; nothing was committed.</exception>
    public Task<PublishResult> WithdrawAsync(string rig, PublishOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rig);
        options ??= new PublishOptions();
        if (options.Rigs.Count > 0)
        {
            throw new PublishException("Withdrawing a rig and naming rigs to publish are separate calls; call WithdrawAsync without PublishOptions.Rigs.");
        }

        return RunAsync(options, rig, cancellationToken);
    }

    private async Task<PublishResult> RunAsync(PublishOptions options, string? withdraw, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity(FederationTelemetry.PublishActivity);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await PublishCoreAsync(options, withdraw, cancellationToken).ConfigureAwait(false);
            outcome = result.Created ? "committed" : "unchanged";
            return result;
        }
        catch (FederationException ex)
        {
            outcome = ex.ErrorKind.ToString();
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            activity?.SetTag(FederationTelemetry.OutcomeTag, outcome);
            Telemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(FederationTelemetry.OutcomeTag, outcome));
        }
    }

    private async Task<PublishResult> PublishCoreAsync(PublishOptions options, string? withdraw, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (options.PushRemote is { } target)
        {
            CheckPushTarget(target);
        }

        foreach (var rig in options.Rigs)
        {
            if (string.IsNullOrWhiteSpace(rig) || ChainRelativePath.Normalize(rig) is "" || rig.Contains('/', StringComparison.Ordinal))
            {
                throw new PublishException($"'{rig}' is not a rig name: name a rig by the first component of its route path (e.g. gastown); town-level beads are published with IncludeTownBeads.");
            }
        }

        // The lock lives in the repository's folder, and is taken before the repository is created: two publishes
        // of a new town would otherwise both create it, and one would meet the other's half-written config.
        Directory.CreateDirectory(_repository.Path);
        var lockPath = Path.Combine(_repository.Path, LockFileName);
        EventLogLock held;
        try
        {
            held = await EventLogLock.AcquireAsync(lockPath, options.LockTimeout, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (EventLogLockTimeoutException ex)
        {
            throw new PublishConflictException($"Another publish of {_townRoot} held {lockPath} for more than {options.LockTimeout.TotalSeconds:0.#} s ({ex.Holder ?? "holder unknown"}); nothing was committed. Publish again when it has finished, or raise PublishOptions.LockTimeout.", ex);
        }

        PublishResult result;
        using (held)
        {
            _repository.EnsureCreated();
            using var signingKey = await CommitSigning.LoadKeyAsync(_repository, _options, cancellationToken).ConfigureAwait(false);
            result = await PublishLockedAsync(options, withdraw, signingKey, cancellationToken).ConfigureAwait(false);
        }

        if (options.PushRemote is { } pushRemote)
        {
            await PushAsync(pushRemote, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private Task<PublishResult> PublishLockedAsync(PublishOptions options, string? withdraw, Identity.SshSigningKey? signingKey, CancellationToken cancellationToken)
    {
        var reader = new TownFileReader(_townRoot);
        var town = ReadTown(reader, cancellationToken);
        var routes = reader.Read(RouteTable.RelativePath, cancellationToken) is { } routeBytes ? RouteTable.Parse(routeBytes) : RouteTable.Empty;
        var before = _repository.Use(PublicationState.Read);
        var rigNames = routes.Routes.Where(r => !r.IsTownLevel).Select(r => r.RigName).Distinct(StringComparer.Ordinal).ToArray();

        // Each rig's identity; a rig whose folder cannot be read safely has none (and so is private), unless the
        // owner is naming it or it was published under that name, when the refusal is the answer.
        var identities = new Dictionary<string, string?>(StringComparer.Ordinal);
        var named = new HashSet<string>(options.Rigs, StringComparer.Ordinal);
        named.UnionWith(before.LegacyRigNames);
        foreach (var rig in rigNames)
        {
            try
            {
                identities[rig] = RigIdentity.Read(reader, rig, cancellationToken);
            }
            catch (PublishException) when (!named.Contains(rig) && !before.Rigs.Any(r => r.Name == rig))
            {
                identities[rig] = null;
            }
        }

        var rigs = before.Rigs.ToList();
        var missing = new List<string>();

        // Rigs named now, and rigs an older version remembered by name alone: recorded by identity from here on.
        foreach (var rig in options.Rigs.Concat(before.LegacyRigNames).Distinct(StringComparer.Ordinal))
        {
            if (!rigNames.Contains(rig, StringComparer.Ordinal))
            {
                if (options.Rigs.Contains(rig))
                {
                    var known = string.Join(", ", rigNames.Order(StringComparer.Ordinal));
                    throw new PublishException($"The town at {_townRoot} has no rig named '{rig}' in .beads/routes.jsonl (known rigs: {(known.Length == 0 ? "none" : known)}). Name a rig by the first component of its route path.");
                }

                missing.Add(rig);
                continue;
            }

            var identity = identities[rig] ??= RigIdentity.GetOrCreate(reader, rig, cancellationToken);
            var prefixes = routes.Routes.Where(r => r.RigName == rig).Select(r => r.Prefix);
            var existing = rigs.FindIndex(r => r.Identity == identity);
            var record = new PublishedRig(identity, rig, (existing >= 0 ? rigs[existing].Prefixes : []).Union(prefixes, StringComparer.Ordinal).ToArray());
            if (existing >= 0)
            {
                rigs[existing] = record;
            }
            else
            {
                rigs.Add(record);
            }
        }

        var withdrawn = new List<string>();
        if (withdraw is not null)
        {
            var current = identities.GetValueOrDefault(withdraw);
            var removed = rigs.RemoveAll(r => r.Identity == current || r.Name == withdraw);
            if (removed == 0)
            {
                throw new PublishException($"The rig '{withdraw}' is not published by the town at {_townRoot} (published: {string.Join(", ", rigs.Select(r => r.Name).DefaultIfEmpty("none"))}); there is nothing to withdraw.");
            }

            withdrawn.Add(withdraw);
        }

        // A record follows its identity: the rig may have been renamed since.
        for (var i = 0; i < rigs.Count; i++)
        {
            var holders = identities.Where(p => p.Value == rigs[i].Identity).Select(p => p.Key).ToArray();
            if (holders.Length > 1)
            {
                throw new PublishException($"The rigs {string.Join(" and ", holders.Select(h => $"'{h}'"))} carry the same publication marker ({RigIdentity.FileName}), so one is a copy of the other. Delete the marker in the copy (it becomes private) and publish again.");
            }

            if (holders.Length == 0 || !routes.Routes.Any(r => r.RigName == holders[0] && rigs[i].Prefixes.Contains(r.Prefix, StringComparer.Ordinal)))
            {
                missing.Add(rigs[i].Name);
            }
            else if (holders[0] != rigs[i].Name)
            {
                rigs[i] = rigs[i] with { Name = holders[0] };
            }
        }

        var state = new PublicationState(rigs, before.TownBeads || options.IncludeTownBeads, before.FeedEvents || options.IncludeFeedEvents, []);
        var plan = new PublicationPlan(town.Metadata, routes, identities, state);
        foreach (var rig in plan.PublicRigNames)
        {
            if (Model.RigNames.CaseTwin(rig, rigNames) is { } twin)
            {
                throw new PublishException($"The public rig '{rig}' and the rig '{twin}' differ only in case; on a case-insensitive file system they are one folder. Rename one of them before publishing.");
            }
        }

        var files = CollectFiles(reader, town, plan, cancellationToken);
        var context = ResolveContext(options);
        var owner = ResolveOwner(options, context, town.Metadata.Owner);
        var actor = ResolveActor(options, context);
        cancellationToken.ThrowIfCancellationRequested();

        var message = withdraw is null
            ? PublishMessage(town.Metadata.Name, plan.PublicRigNames, actor)
            : WithdrawMessage(town.Metadata.Name, withdraw, plan.PublicRigNames, actor);
        // Against what config holds when the write runs: a write that waited for another writer's lock runs again whole.
        _repository.Write(
            repo =>
            {
                state.WriteOver(repo, PublicationState.Read(repo));
                return true;
            },
            cancellationToken);
        var (commit, created) = _repository.Use(repo => Commit(repo, files, message, actor, owner, force: withdraw is not null, signingKey));

        if (created)
        {
            Log.PublishCommitted(_logger, commit, FederationRepository.PublishedBranch, string.Join(',', plan.PublicRigNames), actor, owner);
        }
        else
        {
            Log.PublishUnchanged(_logger, commit);
        }

        var result = new PublishResult(commit, created, plan.PublicRigNames, files.Keys.ToArray(), missing.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), options.PushRemote)
        {
            WithdrawnRigs = withdrawn,
            SigningKeyFingerprint = created ? signingKey?.PublicKey.Fingerprint : null,
        };
        return Task.FromResult(result);
    }

    private SortedDictionary<string, byte[]> CollectFiles(TownFileReader reader, TownFile town, PublicationPlan plan, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { [TownMetadata.RelativePath] = town.Bytes };
        if (plan.PublicRoutes.Count > 0)
        {
            files[RouteTable.RelativePath] = new RouteTable(plan.PublicRoutes).ToUtf8Bytes();
        }

        foreach (var route in plan.PublicRoutes)
        {
            if (reader.Read(route.IssuesFilePath, cancellationToken) is { } issues)
            {
                files[route.IssuesFilePath] = issues;
            }
        }

        var scanner = new PrivateReferenceScanner(plan);
        if (reader.Read(RelationshipDocument.RelativePath, cancellationToken) is { } relationships)
        {
            // Delegations and cross-references name work units, and so private rigs and their ids.
            var filtered = new RelationshipFilter(scanner).Filter(relationships);
            files[RelationshipDocument.RelativePath] = filtered.AsSpan().SequenceEqual(relationships) ? relationships : filtered;
        }

        // Agent key grants are public by purpose (followers check agents' signatures with them): only well-formed lines leave.
        if (reader.Read(Identity.AgentKeyStatement.RelativePath, cancellationToken) is { } grants && AgentGrantsFile.WellFormedLines(grants) is { Length: > 0 } kept)
        {
            files[Identity.AgentKeyStatement.RelativePath] = kept;
        }

        if (plan.State.FeedEvents && reader.Read(EventLogPaths.EventsFileName, cancellationToken) is { } events)
        {
            var feed = new FeedEventFilter(scanner).Filter(events);
            if (feed.Length > 0)
            {
                files[EventLogPaths.EventsFileName] = feed;
            }
        }

        return files;
    }

    private TownFile ReadTown(TownFileReader reader, CancellationToken cancellationToken)
    {
        var relative = TownMetadata.RelativePath;
        var bytes = reader.Read(relative, cancellationToken);
        if (bytes is null)
        {
            relative = TownMetadata.SeedRelativePath;
            bytes = reader.Read(relative, cancellationToken)
                ?? throw new PublishException($"No mayor/town.json in {_townRoot}: a town publishes its identity with its data. Create the town first (gt install, or TownMetadata.SaveAsync).");
        }

        if (!TownMetadata.TryParse(bytes, out var metadata, out var problem))
        {
            throw new PublishException($"{relative} in {_townRoot} is not a valid town.json ({problem}); fix it before publishing.");
        }

        return new TownFile(bytes, metadata);
    }

    private (string Commit, bool Created) Commit(
        LibGit2Sharp.Repository repo, SortedDictionary<string, byte[]> files, string message, string actor, string owner, bool force, Identity.SshSigningKey? signingKey)
    {
        var tree = new TreeDefinition();
        foreach (var (path, bytes) in files)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            tree.Add(path, repo.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
        }

        var newTree = repo.ObjectDatabase.CreateTree(tree);
        for (var attempt = 1; attempt <= MaxSwapAttempts; attempt++)
        {
            var tip = repo.Refs[FederationRepository.PublishedBranchRef]?.ResolveToDirectReference()?.Target as LibGit2Sharp.Commit;
            if (tip is not null && tip.Tree.Id == newTree.Id && !force && !NeedsSignature(repo, tip, signingKey))
            {
                return (tip.Sha, false);
            }

            var signature = new Signature(actor, owner, _time.GetLocalNow());
            var commit = signingKey is null
                ? repo.ObjectDatabase.CreateCommit(signature, signature, message, newTree, tip is null ? [] : [tip], prettifyMessage: false)
                : CommitSigning.CreateSignedCommit(repo, signature, message, newTree, tip, signingKey);
            if (PublishedBranchUpdater.TrySwap(repo, _repository.Path, tip?.Id, commit.Id))
            {
                return (commit.Sha, true);
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(10 * attempt));
        }

        throw new PublishConflictException($"The branch {FederationRepository.PublishedBranch} in {_repository.Path} kept moving while this publish tried to update it ({MaxSwapAttempts} attempts): another program writes to it. Nothing was committed; find that writer, then publish again.");
    }

    // A tip this town's signing key did not sign is published again, its tree unchanged, signed: after a key is first
    // configured (or changed) nothing else may change, and followers that pinned the key, or learned it from the
    // well-known document that now lists it, refuse the unsigned tip until the next publish that changes something.
    private static bool NeedsSignature(LibGit2Sharp.Repository repo, LibGit2Sharp.Commit tip, Identity.SshSigningKey? signingKey)
    {
        if (signingKey is null)
        {
            return false;
        }

        return CommitSignatureVerifier.Verify(repo, tip.Sha) is not { Status: CommitSignatureStatus.Valid, Key: { } key }
               || !string.Equals(key.Fingerprint, signingKey.PublicKey.Fingerprint, StringComparison.Ordinal);
    }

    internal static string PublishMessage(string? townName, IEnumerable<string> rigs, string actor)
    {
        var rigList = string.Join(", ", rigs);
        var subject = $"Publish {townName ?? "town"}: {(rigList.Length == 0 ? "no public rigs" : "rigs " + rigList)}";
        return CommitTrailers.Append(subject, [new CommitTrailer(ProvenanceTrailerKeys.ExecutedBy, actor)]);
    }

    internal static string WithdrawMessage(string? townName, string rig, IEnumerable<string> rigs, string actor)
    {
        var rigList = string.Join(", ", rigs);
        var message = $"Withdraw rig {rig} from {townName ?? "town"}: no longer published (still public: {(rigList.Length == 0 ? "no rigs" : rigList)})\n\n"
            + $"Earlier commits of this branch still hold what was published of {rig}; git cannot take back what was pushed or fetched.";
        return CommitTrailers.Append(message, [new CommitTrailer(ProvenanceTrailerKeys.ExecutedBy, actor)]);
    }

    // Checked before anything is committed: a push target no remote names (the branch moved, then the push failed, and
    // the towns that fetch this town's own repository took what the publish said it had not published), and a chain
    // remote. A chain remote serves another town's chain, which this town fetches: its repository is that town's, and
    // pushing this town's published branch there would put this town's commits on top of that town's history (or be
    // refused as a non-fast-forward, with advice about someone else publishing there).
    private void CheckPushTarget(string remoteName)
    {
        var (exists, chain, registered) = _repository.Exists
            ? _repository.Use(repo => (
                repo.Network.Remotes[remoteName] is not null,
                repo.Config.Get<string>("remote", remoteName, RemoteRegistry.ChainKey)?.Value,
                repo.Network.Remotes.Select(r => r.Name).ToList()))
            : (false, null, []);
        if (!exists)
        {
            throw RemoteNotFoundException.ForPushTarget(remoteName, _repository.Path, registered);
        }

        if (chain is not null)
        {
            throw new PublishException($"Remote '{remoteName}' is the chain remote this town fetches {chain} from: that repository is its owner's, not this town's, so the published branch is not pushed there. Nothing was published. Register the repository others fetch this town from as a push target, and push there.");
        }
    }

    private async Task PushAsync(string remoteName, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.PushTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        string url = remoteName;
        try
        {
            await Task.Run(() =>
            {
                using var repo = _repository.OpenPrivate();
                var remote = repo.Network.Remotes[remoteName]
                    ?? throw RemoteNotFoundException.For(remoteName, _repository.Path, repo.Network.Remotes.Select(r => r.Name));
                url = UrlCredentials.Redacted(remote.PushUrl ?? remote.Url); // for messages: the push itself takes the remote
                string? rejection = null;
                var options = new PushOptions
                {
                    CredentialsProvider = _options.CredentialsProvider,
                    OnPushStatusError = error => rejection = error.Message,
                    OnPushTransferProgress = (_, _, _) => !token.IsCancellationRequested,
                    OnPackBuilderProgress = (_, _, _) => !token.IsCancellationRequested,
                    OnNegotiationCompletedBeforePush = _ => !token.IsCancellationRequested,
                };
                var spec = FederationRepository.PublishedBranchRef + ":" + FederationRepository.PublishedBranchRef;
                LibGit2Messages.Run(() => repo.Network.Push(remote, spec, options));
                if (rejection is not null)
                {
                    throw new PushRejectedException(remoteName, url,
                        $"Remote '{remoteName}' ({url}) refused {FederationRepository.PublishedBranch}: {rejection}. Its branch has commits this town did not publish; fetch it and find out who else publishes there.",
                        null);
                }
            }, token).WaitAsync(token).ConfigureAwait(false);
            Log.PushSucceeded(_logger, FederationRepository.PublishedBranch, remoteName);
        }
        catch (NonFastForwardException ex)
        {
            var rejected = new PushRejectedException(remoteName, url,
                $"Remote '{remoteName}' ({url}) refused {FederationRepository.PublishedBranch} as a non-fast-forward: it has commits this town did not publish. Fetch it and find out who else publishes there; this town's branch is published locally.",
                ex);
            Log.PushFailed(_logger, FederationRepository.PublishedBranch, remoteName, rejected);
            throw rejected;
        }
        catch (Exception ex) when (ex is OperationCanceledException or UserCancelledException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Pushing to '{remoteName}' was cancelled.", ex, cancellationToken);
            }

            var failed = new RemotePushException(remoteName, url, $"Pushing to '{remoteName}' ({url}) did not finish within {_options.PushTimeout}. Check the network and push again (PublishOptions.PushRemote); this town's branch is published locally.", ex);
            Log.PushFailed(_logger, FederationRepository.PublishedBranch, remoteName, failed);
            throw failed;
        }
        catch (LibGit2SharpException ex)
        {
            // A file the system refuses is said as it is: a folder this process may not read looks like no repository.
            var failed = !LibGit2Messages.IsRefusal(ex.Message) && GitUrl.LocalProblem(url) is { } problem
                ? new RemotePushException(remoteName, url,
                    $"Pushing to '{remoteName}' failed: {problem}. Make it first (git init --bare {url}), or give the push target the path of an existing repository; this town's branch is published locally, push again then.", ex)
                : new RemotePushException(remoteName, url,
                    $"Pushing to '{remoteName}' ({url}) failed: {ex.Message}. Check the URL and your access; this town's branch is published locally, push again later.", ex);
            Log.PushFailed(_logger, FederationRepository.PublishedBranch, remoteName, failed);
            throw failed;
        }
    }

    private ActorContext? ResolveContext(PublishOptions options)
    {
        if (options.Actor is not null && options.Owner is not null)
        {
            return null;
        }

        try
        {
            return _actors.Resolve();
        }
        catch (InvalidActorConfigurationException ex)
        {
            throw new PublishException($"The configured actor is not valid ({ex.Message}); set PublishOptions.Actor or fix BEADS_ACTOR/BD_ACTOR.", ex);
        }
    }

    private static string ResolveActor(PublishOptions options, ActorContext? context)
    {
        // Without any configured actor, the town's mayor publishes on the owner's behalf.
        var actor = options.Actor ?? context?.Actor?.Path ?? ActorId.Mayor.Path;
        if (!ActorId.TryParse(actor, out _, out var error))
        {
            throw new PublishException($"The actor is not a Gas Town actor path ({error}); use e.g. mayor, gastown/witness or gastown/crew/max.");
        }

        if (actor.Contains('<', StringComparison.Ordinal) || actor.Contains('>', StringComparison.Ordinal))
        {
            // git's author line is "name <email>": angle brackets in the name would corrupt it.
            throw new PublishException($"The actor '{actor}' contains '<' or '>', which cannot appear in a git author name; use e.g. mayor, gastown/witness or gastown/crew/max.");
        }

        return actor;
    }

    private string ResolveOwner(PublishOptions options, ActorContext? context, string? townOwner)
    {
        var owner = NonEmpty(options.Owner) ?? NonEmpty(context?.Owner) ?? NonEmpty(townOwner);
        if (owner is null || owner.Any(c => char.IsControl(c) || c is '<' or '>'))
        {
            throw new PublishException($"No owner to attribute the publication to: set PublishOptions.Owner or GIT_AUTHOR_EMAIL, or give the town an owner in {_townRoot}/mayor/town.json.");
        }

        return owner;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record TownFile(byte[] Bytes, TownMetadata Metadata);
}
