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
/// Commits are attributed the Gas Town way: author and committer name = the actor path, email =
/// the owner, and an <c>Executed-By: &lt;actor&gt;</c> trailer. Publishing unchanged data makes no
/// commit. Thread-safe (the repository work runs under the federation repository's lock).
/// </remarks>
public sealed class TownPublisher
{
    internal const string PublishRigKey = "gt.publish.rig";
    internal const string PublishTownBeadsKey = "gt.publish.townBeads";
    internal const string PublishFeedEventsKey = "gt.publish.feedEvents";

    private readonly FederationRepository _repository;
    private readonly string _townRoot;
    private readonly GitTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IActorResolver _actors;

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

    /// <summary>The rigs published so far (they stay public), sorted.</summary>
    /// <returns>The rig names.</returns>
    public IReadOnlyList<string> GetPublicRigs() => _repository.Use(repo => ReadSettings(repo).Rigs.Order(StringComparer.Ordinal).ToArray());

    /// <summary>Publishes the town's public data and optionally pushes it.</summary>
    /// <param name="options">Which rigs to make public, as whom, and where to push.</param>
    /// <param name="cancellationToken">Cancels reading the town and pushing.</param>
    /// <returns>What was published.</returns>
    /// <exception cref="PublishException">The town or the options are not publishable (unknown rig, unsafe route, no town.json, bad actor).</exception>
    /// <exception cref="PushRejectedException">The push was refused (non-fast-forward); the local branch is published.</exception>
    /// <exception cref="RemotePushException">The push remote could not be reached; the local branch is published.</exception>
    public async Task<PublishResult> PublishAsync(PublishOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var realRoot = RealPath.Resolve(_townRoot);
        // routes.jsonl says where the rigs are, so it is read before anything can be checked against them.
        var routesBytes = await ReadOptionalAsync(".beads/routes.jsonl", realRoot, [], cancellationToken).ConfigureAwait(false);
        var routes = routesBytes is null ? [] : RouteLine.ReadAll(routesBytes);

        var remembered = _repository.Use(ReadSettings);
        // "" and "." were never valid rigs; an old config naming them must not publish the town level.
        var publicRigs = new SortedSet<string>(remembered.Rigs.Where(r => r is not ("" or ".")), StringComparer.Ordinal);
        foreach (var rig in options.Rigs)
        {
            if (string.IsNullOrWhiteSpace(rig) || rig == ".")
            {
                throw new PublishException($"'{rig}' is not a rig name: name a rig by the first component of its route path (e.g. gastown); town-level beads are published with IncludeTownBeads.");
            }

            if (!routes.Any(r => r.Rig == rig && r.IsRig))
            {
                var known = string.Join(", ", routes.Where(r => r.IsRig).Select(r => r.Rig).Distinct().Order(StringComparer.Ordinal));
                throw new PublishException($"The town at {_townRoot} has no rig named '{rig}' in .beads/routes.jsonl (known rigs: {(known.Length == 0 ? "none" : known)}). Name a rig by the first component of its route path.");
            }

            publicRigs.Add(rig);
        }

        // A file that resolves into a private rig's folder is that rig's data, whatever its name.
        var privateFolders = routes.Where(r => r.IsRig && !publicRigs.Contains(r.Rig))
            .Select(r => RealPath.Resolve(Path.Combine(_townRoot, r.Rig))).Distinct(StringComparer.Ordinal).ToArray();
        var townJson = await ReadTownJsonAsync(realRoot, privateFolders, cancellationToken).ConfigureAwait(false);
        var context = ResolveContext(options);
        var owner = ResolveOwner(options, context, townJson);
        var actor = ResolveActor(options, context);

        var includeTownBeads = options.IncludeTownBeads || remembered.TownBeads;
        var includeFeedEvents = options.IncludeFeedEvents || remembered.FeedEvents;

        // Collect the allowed files, and only those.
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { ["mayor/town.json"] = townJson.Bytes };
        var publicRoutes = new List<RouteLine>();
        foreach (var route in routes)
        {
            var isTown = route.IsTown;
            if (isTown ? !includeTownBeads : !route.IsRig || !publicRigs.Contains(route.Rig))
            {
                continue;
            }

            if (!isTown && route.Problem is { } reason)
            {
                throw new PublishException($"The route {route.Prefix} -> '{route.Path}' of public rig '{route.Rig}' is unsafe: {reason}. Fix .beads/routes.jsonl before publishing.");
            }

            publicRoutes.Add(route);
            var issuesPath = isTown ? ".beads/issues.jsonl" : route.Path + "/.beads/issues.jsonl";
            // A rig's issues must really live in that rig's own folder: a link elsewhere in the
            // town (pub/.beads -> ../secret/.beads) would publish another rig's data under its name.
            var container = isTown ? realRoot : RealPath.Resolve(Path.Combine(_townRoot, route.Path));
            if (!isTown && (!RealPath.IsUnder(container, realRoot) || privateFolders.Any(f => RealPath.IsUnder(container, f))))
            {
                throw new PublishException($"The folder '{route.Path}' of public rig '{route.Rig}' resolves to {container}, outside the rig's own place in the town; refusing to publish it. Replace the link with the folder.");
            }

            if (await ReadOptionalAsync(issuesPath, container, privateFolders, cancellationToken).ConfigureAwait(false) is { } issues)
            {
                files[issuesPath] = issues;
            }
        }

        if (publicRoutes.Count > 0)
        {
            files[".beads/routes.jsonl"] = JoinLines(publicRoutes.Select(r => r.Raw));
        }

        if (await ReadOptionalAsync("federation/relationships.jsonl", realRoot, privateFolders, cancellationToken).ConfigureAwait(false) is { } relationships)
        {
            // Delegations and cross-references name work units, and so private rigs and their ids.
            var ownChains = new[] { townJson.Name, townJson.PublicName }.OfType<string>().Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
            var filtered = new RelationshipFilter(ownChains, routes, publicRigs, includeTownBeads).Filter(relationships);
            files["federation/relationships.jsonl"] = filtered.AsSpan().SequenceEqual(relationships) ? relationships : filtered;
        }

        if (includeFeedEvents && await ReadOptionalAsync(".events.jsonl", realRoot, privateFolders, cancellationToken).ConfigureAwait(false) is { } events)
        {
            var feed = FeedEvents(events);
            if (feed.Length > 0)
            {
                files[".events.jsonl"] = feed;
            }
        }

        var missing = publicRigs.Where(rig => !routes.Any(r => r.Rig == rig)).ToArray();
        cancellationToken.ThrowIfCancellationRequested();

        var (commit, created) = _repository.Use(repo =>
        {
            RememberSettings(repo, remembered, publicRigs, includeTownBeads, includeFeedEvents);
            return Commit(repo, files, publicRigs, townJson.Name, actor, owner);
        });

        if (created)
        {
            Log.PublishCommitted(_logger, commit, FederationRepository.PublishedBranch, string.Join(',', publicRigs), actor, owner);
        }
        else
        {
            Log.PublishUnchanged(_logger, commit);
        }

        if (options.PushRemote is { } pushRemote)
        {
            await PushAsync(pushRemote, cancellationToken).ConfigureAwait(false);
        }

        return new PublishResult(commit, created, publicRigs.ToArray(), files.Keys.ToArray(), missing, options.PushRemote);
    }

    private (string Commit, bool Created) Commit(
        LibGit2Sharp.Repository repo, SortedDictionary<string, byte[]> files, SortedSet<string> rigs, string? townName, string actor, string owner)
    {
        var tree = new TreeDefinition();
        foreach (var (path, bytes) in files)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            tree.Add(path, repo.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
        }

        var newTree = repo.ObjectDatabase.CreateTree(tree);
        var tip = repo.Refs[FederationRepository.PublishedBranchRef]?.ResolveToDirectReference()?.Target as LibGit2Sharp.Commit;
        if (tip is not null && tip.Tree.Id == newTree.Id)
        {
            return (tip.Sha, false);
        }

        var signature = new Signature(actor, owner, _time.GetLocalNow());
        var message = PublishMessage(townName, rigs, actor);
        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, message, newTree, tip is null ? [] : [tip], prettifyMessage: false);
        if (tip is null)
        {
            repo.Refs.Add(FederationRepository.PublishedBranchRef, commit.Id, $"gtfed publish: {commit.Sha}");
        }
        else
        {
            repo.Refs.UpdateTarget(repo.Refs[FederationRepository.PublishedBranchRef], commit.Id, $"gtfed publish: {commit.Sha}");
        }

        return (commit.Sha, true);
    }

    internal static string PublishMessage(string? townName, IEnumerable<string> rigs, string actor)
    {
        var rigList = string.Join(", ", rigs);
        var subject = $"Publish {townName ?? "town"}: {(rigList.Length == 0 ? "no public rigs" : "rigs " + rigList)}";
        return CommitTrailers.Append(subject, [new CommitTrailer(ProvenanceTrailerKeys.ExecutedBy, actor)]);
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
                    ?? throw new RemoteNotFoundException(remoteName, _repository.Path);
                url = remote.PushUrl ?? remote.Url;
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
                repo.Network.Push(remote, spec, options);
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

            var failed = new RemotePushException(remoteName, url, $"Pushing to '{remoteName}' ({url}) did not finish within {_options.PushTimeout}. Check the network and publish again with --push.", ex);
            Log.PushFailed(_logger, FederationRepository.PublishedBranch, remoteName, failed);
            throw failed;
        }
        catch (LibGit2SharpException ex)
        {
            var failed = new RemotePushException(remoteName, url,
                $"Pushing to '{remoteName}' ({url}) failed: {ex.Message}. Check the URL and your access; this town's branch is published locally, push again later.", ex);
            Log.PushFailed(_logger, FederationRepository.PublishedBranch, remoteName, failed);
            throw failed;
        }
    }

    private async Task<TownJson> ReadTownJsonAsync(string realRoot, string[] privateFolders, CancellationToken cancellationToken)
    {
        var bytes = await ReadOptionalAsync("mayor/town.json", realRoot, privateFolders, cancellationToken).ConfigureAwait(false)
            ?? await ReadOptionalAsync(".town.json", realRoot, privateFolders, cancellationToken).ConfigureAwait(false)
            ?? throw new PublishException($"No mayor/town.json in {_townRoot}: a town publishes its identity with its data. Run 'gtfed init' (or 'gt install') first.");
        string? name = null;
        string? owner = null;
        string? publicName = null;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                name = document.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                owner = document.RootElement.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
                publicName = document.RootElement.TryGetProperty("public_name", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            }
        }
        catch (JsonException ex)
        {
            throw new PublishException($"mayor/town.json in {_townRoot} is not valid JSON ({ex.Message}); fix it before publishing.", ex);
        }

        return new TownJson(bytes, name, owner, publicName);
    }

    /// <summary>
    /// Reads <paramref name="relativePath"/> if it exists, from its real path, after checking that
    /// the real path lies under <paramref name="container"/> (a real path) and in no private rig folder.
    /// </summary>
    private async Task<byte[]?> ReadOptionalAsync(string relativePath, string container, string[] privateFolders, CancellationToken cancellationToken)
    {
        // Resolve first and read what was checked: a link could otherwise be judged by one path and read by another.
        string resolved;
        try
        {
            resolved = RealPath.Resolve(Path.Combine(_townRoot, relativePath));
        }
        catch (IOException ex)
        {
            throw new PublishException($"{relativePath} in {_townRoot} cannot be resolved ({ex.Message}); refusing to publish it. Replace the links with files.", ex);
        }

        if (!File.Exists(resolved))
        {
            return null;
        }

        if (!RealPath.IsUnder(resolved, container) || resolved == container)
        {
            var where = RealPath.IsUnder(resolved, RealPath.Resolve(_townRoot)) ? $"outside {container}, the folder it belongs to" : "outside the town";
            throw new PublishException($"{relativePath} in {_townRoot} resolves to {resolved}, {where}; refusing to publish it. Replace the link with the file.");
        }

        if (privateFolders.FirstOrDefault(f => RealPath.IsUnder(resolved, f)) is { } privateFolder)
        {
            throw new PublishException($"{relativePath} in {_townRoot} resolves to {resolved}, inside the private rig folder {privateFolder}; refusing to publish it. Replace the link with the file.");
        }

        return await File.ReadAllBytesAsync(resolved, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] JoinLines(IEnumerable<ReadOnlyMemory<byte>> lines)
    {
        using var buffer = new MemoryStream();
        foreach (var line in lines)
        {
            buffer.Write(line.Span);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    internal static byte[] FeedEvents(ReadOnlyMemory<byte> content)
    {
        var kept = new List<ReadOnlyMemory<byte>>();
        var rest = content;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            if (end < 0)
            {
                // A torn last line (a writer mid-append) is never published.
                break;
            }

            var line = rest[..end];
            rest = rest[(end + 1)..];
            if (IsFeedVisible(line))
            {
                kept.Add(line);
            }
        }

        return JoinLines(kept);
    }

    private static bool IsFeedVisible(ReadOnlyMemory<byte> line)
    {
        // The whole line must be one valid JSON object: a line broken after the key would
        // otherwise be published whole. Readers (and Go's encoding/json) take the last of
        // duplicate keys, so the last "visibility" decides.
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            JsonElement? visibility = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("visibility"u8))
                {
                    visibility = property.Value;
                }
            }

            return visibility is { ValueKind: JsonValueKind.String } value && (value.ValueEquals("feed"u8) || value.ValueEquals("both"u8));
        }
        catch (JsonException)
        {
            return false;
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

    private string ResolveOwner(PublishOptions options, ActorContext? context, TownJson town)
    {
        var owner = NonEmpty(options.Owner) ?? NonEmpty(context?.Owner) ?? NonEmpty(town.Owner);
        if (owner is null || owner.Any(c => char.IsControl(c) || c is '<' or '>'))
        {
            throw new PublishException($"No owner to attribute the publication to: set PublishOptions.Owner or GIT_AUTHOR_EMAIL, or give the town an owner in {_townRoot}/mayor/town.json.");
        }

        return owner;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static PublishSettings ReadSettings(LibGit2Sharp.Repository repo)
    {
        var rigs = repo.Config.Find(@"^gt\.publish\.rig$").Select(e => e.Value).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
        var townBeads = repo.Config.Get<bool>(PublishTownBeadsKey)?.Value ?? false;
        var feedEvents = repo.Config.Get<bool>(PublishFeedEventsKey)?.Value ?? false;
        return new PublishSettings(rigs, townBeads, feedEvents);
    }

    private static void RememberSettings(LibGit2Sharp.Repository repo, PublishSettings remembered, SortedSet<string> rigs, bool townBeads, bool feedEvents)
    {
        foreach (var rig in rigs)
        {
            if (!remembered.Rigs.Contains(rig))
            {
                repo.Config.Add(PublishRigKey, rig);
            }
        }

        if (townBeads && !remembered.TownBeads)
        {
            repo.Config.Set(PublishTownBeadsKey, true);
        }

        if (feedEvents && !remembered.FeedEvents)
        {
            repo.Config.Set(PublishFeedEventsKey, true);
        }
    }

    private sealed record TownJson(byte[] Bytes, string? Name, string? Owner, string? PublicName);

    private sealed record PublishSettings(HashSet<string> Rigs, bool TownBeads, bool FeedEvents);
}
