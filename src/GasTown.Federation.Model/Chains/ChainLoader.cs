using GasTown.Federation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.Model;

/// <summary>
/// Reads a chain from an <see cref="IChainSource"/>: its town.json, routes, every rig's beads, the town-level
/// beads and its relationships. Each blob with a content id is parsed once (see <see cref="IParsedBlobCache"/>),
/// and a source with a <see cref="IChainSource.Revision"/> (a git commit) is loaded once per revision and options:
/// loading it again returns the same <see cref="Chain"/> from the cache without reading a file.
/// </summary>
/// <remarks>
/// <para>
/// Identity: a town's URI is <c>gt://owner/name</c> from its town.json. When <see cref="ChainLoadOptions.ExpectedChain"/>
/// is given, the name must equal its chain (case-sensitive) and the owner must equal its entity (case-insensitive)
/// — or, when the expected entity is an organisation (<c>acme.com</c>), the owner may be a person of exactly that
/// domain (<c>bob@acme.com</c>), because an organisation's town is installed by one of its people and gt writes
/// that person's email as owner. Subdomains do not count. Anything else is refused with
/// <see cref="ChainIdentityException"/>, and so is a town.json that cannot be parsed. A town.json without owner
/// (a version-1 town) cannot prove anything: the chain is loaded under the expected URI with
/// <see cref="Chain.IsIdentityVerified"/> false, and its relationship claims can never be verified by its word alone.
/// </para>
/// <para>
/// Problems in the files are collected in <see cref="Chain.Diagnostics"/>; only a failed identity check
/// (<see cref="ChainIdentityException"/>), a route or link leaving the chain (<see cref="ChainPathException"/>)
/// or a source holding no chain at all (<see cref="InvalidChainException"/>) stop the load.
/// </para>
/// </remarks>
public sealed class ChainLoader
{
    private readonly ILogger _logger;

    /// <summary>Creates a loader with its own <see cref="ParsedBlobCache"/> and no logging.</summary>
    public ChainLoader()
        : this(new ParsedBlobCache(), null)
    {
    }

    /// <summary>Creates a loader.</summary>
    /// <param name="cache">The parsed-blob cache, shared by every load (GitTransport supplies blob ids as content ids).</param>
    /// <param name="logger">The logger, or null.</param>
    public ChainLoader(IParsedBlobCache cache, ILogger<ChainLoader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        Cache = cache;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The parsed-blob cache.</summary>
    public IParsedBlobCache Cache { get; }

    /// <summary>Loads the chain held by <paramref name="source"/>.</summary>
    /// <param name="source">Where the chain's files are.</param>
    /// <param name="options">What the caller expects, or null for <see cref="ChainLoadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The chain.</returns>
    /// <exception cref="ChainIdentityException">town.json names another chain than <see cref="ChainLoadOptions.ExpectedChain"/>, or the chain cannot be named.</exception>
    /// <exception cref="ChainPathException">A route, or a symbolic link, leads outside the chain.</exception>
    /// <exception cref="InvalidChainException">The source holds neither a town nor a one-rig repository.</exception>
    /// <exception cref="IOException">The source could not be read (its own exception, passed through).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<Chain> LoadAsync(IChainSource source, ChainLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= ChainLoadOptions.Default;
        var expected = options.ExpectedChain;
        if (expected is { } e && e.Kind != GtUriKind.Chain)
        {
            throw new ArgumentException($"ExpectedChain must name a chain (gt://entity/chain), got '{e}'.", nameof(options));
        }

        // A git snapshot never changes: the same commit read with the same options is the same chain, so a
        // warm query costs one lookup instead of reading and indexing every file again.
        var chainKey = source.Revision is { Length: > 0 } revision
            ? $"chain|{revision}|{source.Description}|{expected}|{options.SingleRigName}|{options.IssuesReadOptions?.MaxLineLength}"
            : null;
        if (chainKey is not null && Cache.TryGet<Chain>(chainKey, out var cachedChain))
        {
            Log.ChainCacheHit(_logger, cachedChain.Uri.ToString(), source.Description, source.Revision!);
            return cachedChain;
        }

        var diagnostics = new List<ChainDiagnostic>();
        var townFile = await source.ReadFileAsync(TownMetadata.RelativePath, cancellationToken).ConfigureAwait(false)
                       ?? await source.ReadFileAsync(TownMetadata.SeedRelativePath, cancellationToken).ConfigureAwait(false);
        Chain chain;
        try
        {
            chain = townFile is null
                ? await LoadSingleRigAsync(source, options, diagnostics, cancellationToken).ConfigureAwait(false)
                : await LoadTownAsync(source, townFile, options, diagnostics, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainPathException exception)
        {
            Log.PathEscapeRefused(_logger, source.Description, exception.Message);
            throw;
        }

        // Relationships last: cross-references derive from the work units just read.
        var relationshipFile = await source.ReadFileAsync(RelationshipDocument.RelativePath, cancellationToken).ConfigureAwait(false);
        var claims = new List<RelationshipClaim>();
        if (relationshipFile is not null)
        {
            var document = Parse(relationshipFile, static f => RelationshipDocument.Parse(f.Content));
            AddLineDiagnostics(diagnostics, RelationshipDocument.RelativePath, document.Diagnostics);
            claims.AddRange(document.Relationships.Select(r => new RelationshipClaim(r, chain.Uri, TrustStatus.Unverified) { IsAsserterIdentityVerified = chain.IsIdentityVerified }));
        }

        claims.AddRange(DependencyCrossReferences.Extract(chain, diagnostics).Select(r => new RelationshipClaim(r, chain.Uri, TrustStatus.Unverified) { IsAsserterIdentityVerified = chain.IsIdentityVerified }));
        chain.Complete(TrustEvaluator.Evaluate(claims), diagnostics.ToArray());

        var errors = diagnostics.Where(d => d.Severity == ChainDiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Log.ChainDiagnostics(_logger, chain.Uri.ToString(), errors.Count, errors[0].ToString());
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.ChainLoaded(_logger, chain.Uri.ToString(), chain.Layout, source.Description, chain.Rigs.Count, chain.Rigs.Sum(r => r.Document.WorkUnits.Count), chain.Relationships.Count, diagnostics.Count);
        }

        if (chainKey is not null)
        {
            Cache.Set(chainKey, chain);
        }

        return chain;
    }

    private async ValueTask<Chain> LoadTownAsync(IChainSource source, ChainFile townFile, ChainLoadOptions options, List<ChainDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var expected = options.ExpectedChain;
        TownMetadata? town = null;
        try
        {
            town = Parse(townFile, static f => TownMetadata.Parse(f.Content.Span, f.Path));
        }
        catch (TownMetadataException exception)
        {
            if (expected is not { } wanted)
            {
                throw new InvalidChainException($"The chain in {source.Description} cannot be named: {exception.Message}", exception);
            }

            // Loading it anyway under the expected URI would let a remote dodge the spoofing check just by
            // publishing a broken town.json, so an unreadable identity is refused like a wrong one.
            Log.IdentityMismatch(_logger, source.Description, wanted.ToString(), null, null);
            throw new ChainIdentityException(
                $"The chain in {source.Description} was expected to be {wanted}, but its {townFile.Path} could not be read ({exception.Problem}), so its identity cannot be checked. Refused as possible spoofing: ask the remote's owner to fix {townFile.Path} (gt doctor), or check the remote's URL.",
                wanted,
                null,
                null);
        }

        var (uri, verified) = Identify(source, town, townFile.Path, expected, diagnostics);

        var routes = RouteTable.Empty;
        var routesFile = await source.ReadFileAsync(RouteTable.RelativePath, cancellationToken).ConfigureAwait(false);
        if (routesFile is not null)
        {
            routes = Parse(routesFile, static f => RouteTable.Parse(f.Content.Span));
            if (routes.Diagnostics.FirstOrDefault(d => d.IsPathEscape) is { } escape)
            {
                throw new ChainPathException(escape.RefusedPath!, escape.Message, $"{source.Description}, {RouteTable.RelativePath} line {escape.LineNumber}");
            }

            AddLineDiagnostics(diagnostics, RouteTable.RelativePath, routes.Diagnostics);
        }

        var rigs = new List<ChainRig>();
        var seenPaths = new HashSet<string>(StringComparer.Ordinal);
        var seenNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in routes.Routes)
        {
            if (!seenPaths.Add(route.NormalizedPath))
            {
                continue;
            }

            if (seenNames.TryGetValue(route.RigName, out var firstPath))
            {
                diagnostics.Add(new ChainDiagnostic(RouteTable.RelativePath, 0, $"route {route} names rig '{route.RigName}' again (first at '{firstPath}'); its beads are not read", ChainDiagnosticSeverity.Warning));
                continue;
            }

            seenNames[route.RigName] = route.NormalizedPath;
            var file = await source.ReadFileAsync(route.IssuesFilePath, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                diagnostics.Add(new ChainDiagnostic(route.IssuesFilePath, 0, $"rig '{route.RigName}' has a route ({route.Prefix}) but no issues file (not published, or no beads yet)", ChainDiagnosticSeverity.Info));
            }

            rigs.Add(new ChainRig(route.RigName, route.IsTownLevel ? "." : route.NormalizedPath, ParseIssues(file, route.IssuesFilePath, options, diagnostics)));
        }

        if (!seenNames.ContainsKey(Route.TownLevelRigName))
        {
            var townBeads = await source.ReadFileAsync(".beads/issues.jsonl", cancellationToken).ConfigureAwait(false);
            if (townBeads is not null)
            {
                diagnostics.Add(new ChainDiagnostic(".beads/issues.jsonl", 0, "town-level beads without a \".\" route; read anyway (add {\"prefix\":\"hq-\",\"path\":\".\"} to routes.jsonl)", ChainDiagnosticSeverity.Info));
                rigs.Add(new ChainRig(Route.TownLevelRigName, ".", ParseIssues(townBeads, ".beads/issues.jsonl", options, diagnostics)));
            }
        }

        var rigsWithoutUriSegment = CheckRigNames(uri, rigs, diagnostics);
        CheckWorkIds(rigs, diagnostics);
        return new Chain(uri, ChainLayout.Town, verified, town, routes, rigs, [], diagnostics, source, rigsWithoutUriSegment);
    }

    private async ValueTask<Chain> LoadSingleRigAsync(IChainSource source, ChainLoadOptions options, List<ChainDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        const string IssuesPath = ".beads/issues.jsonl";
        var file = await source.ReadFileAsync(IssuesPath, cancellationToken).ConfigureAwait(false)
                   ?? throw new InvalidChainException($"{source.Description} holds no chain: no {TownMetadata.RelativePath}, no {TownMetadata.SeedRelativePath} and no {IssuesPath}. Point at a town root (gt install) or a repository with beads at its root.");
        if (options.ExpectedChain is not { } expected)
        {
            throw new ChainIdentityException(
                $"{source.Description} is a one-rig repository ({IssuesPath} at its root, no town.json), so nothing in it names its chain. Pass ChainLoadOptions.ExpectedChain (the gt:// URI it is registered under) and SingleRigName.",
                null,
                null,
                null);
        }

        var rigName = options.SingleRigName ?? expected.Chain!;
        if (options.SingleRigName is null)
        {
            diagnostics.Add(new ChainDiagnostic(IssuesPath, 0, $"one-rig repository without SingleRigName: the rig is named '{rigName}' after the chain", ChainDiagnosticSeverity.Info));
        }

        Log.IdentityUnverified(_logger, expected.ToString(), source.Description, "a one-rig repository has no town.json");
        var rigs = new List<ChainRig> { new(rigName, ".", ParseIssues(file, IssuesPath, options, diagnostics)) };
        var rigsWithoutUriSegment = CheckRigNames(expected, rigs, diagnostics);
        CheckWorkIds(rigs, diagnostics);
        return new Chain(expected, ChainLayout.SingleRig, false, null, RouteTable.Empty, rigs, [], diagnostics, source, rigsWithoutUriSegment);
    }

    private (GtUri Uri, bool Verified) Identify(IChainSource source, TownMetadata town, string townPath, GtUri? expected, List<ChainDiagnostic> diagnostics)
    {
        var hasOwner = town.TryGetOwnerEntity(out var owner);
        if (expected is { } wanted)
        {
            if (!string.Equals(town.Name, wanted.Chain, StringComparison.Ordinal) || (hasOwner && !OwnerMatches(owner, wanted.Entity)) || (!hasOwner && town.Owner is not null))
            {
                Log.IdentityMismatch(_logger, source.Description, wanted.ToString(), town.Owner, town.Name);
                var declared = hasOwner ? $"gt://{owner}/{town.Name}" : $"owner '{town.Owner ?? "(none)"}', name '{town.Name}'";
                throw new ChainIdentityException(
                    $"The chain in {source.Description} was expected to be {wanted}, but its {townPath} declares {declared} (owner '{town.Owner}', name '{town.Name}'). Refused as possible spoofing: check the remote's URL, or register it under the URI its town.json declares.",
                    wanted,
                    town.Owner,
                    town.Name);
            }

            if (!hasOwner)
            {
                diagnostics.Add(new ChainDiagnostic(townPath, 0, $"town.json has no owner (a version-1 town), so the chain cannot prove it is {wanted}; loaded unverified", ChainDiagnosticSeverity.Warning));
                Log.IdentityUnverified(_logger, wanted.ToString(), source.Description, "town.json has no owner");
                return (wanted, false);
            }

            return (wanted, true);
        }

        if (!hasOwner)
        {
            throw new ChainIdentityException(
                $"The chain in {source.Description} cannot be named: its {townPath} has {(town.Owner is null ? "no owner" : $"the owner '{town.Owner}', which is neither an email nor a domain")}. Set the owner (gt install --owner EMAIL) or pass ChainLoadOptions.ExpectedChain.",
                null,
                town.Owner,
                town.Name);
        }

        try
        {
            return (GtUri.ForChain(owner, town.Name), true);
        }
        catch (ArgumentException exception)
        {
            throw new ChainIdentityException(
                $"The chain in {source.Description} cannot be named: its town name '{town.Name}' is not a valid gt:// chain name ({exception.Message}). Pass ChainLoadOptions.ExpectedChain.",
                null,
                town.Owner,
                town.Name);
        }
    }

    /// <summary>The identity rule (see the type's remarks): equal entities, or a person of exactly the organisation's domain.</summary>
    internal static bool OwnerMatches(EntityId owner, EntityId expected)
        => owner == expected
           || (expected.Kind == EntityKind.Organization && owner.Kind == EntityKind.Person && owner.DomainEntity == expected);

    private WorkUnitDocument ParseIssues(ChainFile? file, string path, ChainLoadOptions options, List<ChainDiagnostic> diagnostics)
    {
        if (file is null)
        {
            return EmptyDocument;
        }

        var document = Parse(file, f => WorkUnitDocument.Parse(f.Content, options.IssuesReadOptions));
        foreach (var diagnostic in document.Diagnostics)
        {
            diagnostics.Add(new ChainDiagnostic(path, diagnostic.LineNumber, diagnostic.Message, diagnostic.Severity == JsonlDiagnosticSeverity.Error ? ChainDiagnosticSeverity.Error : ChainDiagnosticSeverity.Warning));
        }

        return document;
    }

    private static WorkUnitDocument EmptyDocument => WorkUnitDocument.Empty;

    private T Parse<T>(ChainFile file, Func<ChainFile, T> parse)
        where T : class
    {
        if (file.ContentId is { } id)
        {
            if (Cache.TryGet<T>(id, out var cached))
            {
                Log.BlobCacheHit(_logger, file.Path, id);
                return cached;
            }

            var parsed = parse(file);
            Cache.Set(id, parsed);
            Log.BlobParsed(_logger, file.Path, file.Content.Length, id);
            return parsed;
        }

        Log.BlobParsed(_logger, file.Path, file.Content.Length, null);
        return parse(file);
    }

    private static HashSet<string> CheckRigNames(GtUri chain, List<ChainRig> rigs, List<ChainDiagnostic> diagnostics)
    {
        var invalid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rig in rigs.Where(r => !r.IsTownLevel))
        {
            if (!RigNames.IsValid(rig.Name))
            {
                invalid.Add(rig.Name);
                diagnostics.Add(new ChainDiagnostic(rig.Path, 0, $"rig name '{rig.Name}' cannot be a gt:// URI segment; its work units' URIs name no rig and are routed by prefix", ChainDiagnosticSeverity.Warning));
            }
        }

        return invalid;
    }

    private static void CheckWorkIds(List<ChainRig> rigs, List<ChainDiagnostic> diagnostics)
    {
        foreach (var rig in rigs)
        {
            foreach (var unit in rig.Document.WorkUnits)
            {
                if (!WorkReference.TryParse(unit.Id, out var reference) || reference.Kind != WorkReferenceKind.Prefixed)
                {
                    diagnostics.Add(new ChainDiagnostic(
                        rig.IssuesFilePath,
                        0,
                        $"work id '{unit.Id}' cannot be named by a gt:// URI; it is kept in the rig's document but not addressable",
                        ChainDiagnosticSeverity.Warning));
                }
            }
        }
    }

    private static void AddLineDiagnostics(List<ChainDiagnostic> diagnostics, string path, IReadOnlyList<LineDiagnostic> lines)
    {
        foreach (var line in lines)
        {
            diagnostics.Add(new ChainDiagnostic(path, line.LineNumber, line.Message, line.Severity));
        }
    }
}
