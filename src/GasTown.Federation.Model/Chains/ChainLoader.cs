using GasTown.Federation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.Model;

/// <summary>
/// Reads a chain from an <see cref="IChainSource"/>: its town.json, routes, every rig's beads, the town-level
/// beads and its relationships. Each blob with a content id is parsed once (see <see cref="IParsedBlobCache"/>);
/// whole chains are cached by their providers (GitTransport keeps one per remote and commit), not here.
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
/// <para>
/// Containment: the chain is someone else's data, so the loader reads it within its <see cref="ChainLimits"/>. A file
/// larger than <see cref="ChainLimits.MaxBlobBytes"/> (checked before it is read, where the source can), a routes file of
/// more lines than <see cref="ChainLimits.MaxRigs"/> (counted before any issues file is read), issues files larger
/// together than <see cref="ChainLimits.MaxIssuesBytes"/> (the running total checked before each is read, where the
/// source can) or issues files with more lines than <see cref="ChainLimits.MaxWorkUnits"/> or more dependency edges than
/// <see cref="ChainLimits.MaxDependencies"/> (both counted before any line is parsed) refuse the chain with
/// <see cref="ChainLimitExceededException"/>; a file no reader can take, or a reader failing on it, refuses it with
/// <see cref="ChainContentException"/>. Single lines that are malformed, too long, nested too deep or whose id no URI
/// can name are dropped and counted with their reason (<see cref="Chain.DroppedLines"/>), never silently.
/// </para>
/// </remarks>
public sealed class ChainLoader
{
    // A town's own beads, read as a rig when no route names the town level.
    private const string TownBeadsPath = ".beads/issues.jsonl";

    private readonly ILogger _logger;
    private readonly ChainLimits _limits;
    private readonly JsonlReadOptions _issuesOptions;

    /// <summary>Creates a loader with its own <see cref="ParsedBlobCache"/>, the default limits and no logging.</summary>
    public ChainLoader()
        : this(new ParsedBlobCache(), null)
    {
    }

    /// <summary>Creates a loader with the default <see cref="ChainLimits"/>.</summary>
    /// <param name="cache">The parsed-blob cache, shared by every load (GitTransport supplies blob ids as content ids).</param>
    /// <param name="logger">The logger, or null.</param>
    public ChainLoader(IParsedBlobCache cache, ILogger<ChainLoader>? logger = null)
        : this(cache, logger, ChainLimits.Default)
    {
    }

    /// <summary>Creates a loader.</summary>
    /// <param name="cache">The parsed-blob cache, shared by every load (GitTransport supplies blob ids as content ids).</param>
    /// <param name="logger">The logger, or null.</param>
    /// <param name="limits">How much of a chain to read (copied), or null for <see cref="ChainLimits.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="limits"/> is not valid (see <see cref="ChainLimits.Validate"/>).</exception>
    public ChainLoader(IParsedBlobCache cache, ILogger<ChainLoader>? logger, ChainLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(cache);
        limits ??= ChainLimits.Default;
        if (limits.Validate() is { Count: > 0 } failures)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(limits));
        }

        Cache = cache;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _limits = limits.Clone();
        _issuesOptions = new JsonlReadOptions { MaxLineLength = _limits.MaxLineBytes };
    }

    /// <summary>The parsed-blob cache.</summary>
    public IParsedBlobCache Cache { get; }

    /// <summary>A copy of the limits this loader reads chains within (changing it changes nothing).</summary>
    public ChainLimits Limits => _limits.Clone();

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

        var state = new LoadState(_limits);
        var townFile = await ReadAsync(source, TownMetadata.RelativePath, cancellationToken).ConfigureAwait(false)
                       ?? await ReadAsync(source, TownMetadata.SeedRelativePath, cancellationToken).ConfigureAwait(false);
        Chain chain;
        try
        {
            chain = townFile is null
                ? await LoadSingleRigAsync(source, options, state, cancellationToken).ConfigureAwait(false)
                : await LoadTownAsync(source, townFile, options, state, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainPathException exception)
        {
            Log.PathEscapeRefused(_logger, source.Description, exception.Message);
            throw;
        }
        catch (ChainLimitExceededException exception)
        {
            Log.LimitExceeded(_logger, source.Description, exception.Limit, exception.Message);
            throw;
        }

        // Relationships last: cross-references derive from the work units just read.
        var relationshipFile = await ReadAsync(source, RelationshipDocument.RelativePath, cancellationToken).ConfigureAwait(false);
        if (relationshipFile is not null && LineCount(relationshipFile.Content.Span) is var claimLines && claimLines > _limits.MaxRelationships)
        {
            var exceeded = new ChainLimitExceededException(ChainLimitKind.Relationships, RelationshipDocument.RelativePath, claimLines, _limits.MaxRelationships, source.Description);
            Log.LimitExceeded(_logger, source.Description, exceeded.Limit, exceeded.Message);
            throw exceeded;
        }

        try
        {
            var claims = new List<RelationshipClaim>();
            if (relationshipFile is not null)
            {
                var document = Parse(relationshipFile, source, static f => RelationshipDocument.Parse(f.Content));
                AddLineDiagnostics(state, RelationshipDocument.RelativePath, document.Diagnostics);
                claims.AddRange(document.Relationships.Select(r => new RelationshipClaim(r, chain.Uri, TrustStatus.Unverified) { IsAsserterIdentityVerified = chain.IsIdentityVerified }));
            }

            var crossReferenceDiagnostics = new List<ChainDiagnostic>();
            claims.AddRange(DependencyCrossReferences.Extract(chain, crossReferenceDiagnostics).Select(r => new RelationshipClaim(r, chain.Uri, TrustStatus.Unverified) { IsAsserterIdentityVerified = chain.IsIdentityVerified }));
            foreach (var diagnostic in crossReferenceDiagnostics)
            {
                state.Add(diagnostic);
            }

            chain.Complete(TrustEvaluator.Evaluate(claims), state.Diagnostics.ToArray(), state.OmittedDiagnostics, state.Dropped.ToArray(), state.DroppedCount);
        }
        catch (Exception exception) when (exception is not (ChainException or OperationCanceledException))
        {
            // Anything a reader or the trust evaluation throws on this chain's data refuses this chain only.
            throw Unreadable(RelationshipDocument.RelativePath, source, exception);
        }

        var errors = state.Diagnostics.Where(d => d.Severity == ChainDiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Log.ChainDiagnostics(_logger, chain.Uri.ToString(), errors.Count, errors[0].ToString());
        }

        if (chain.DroppedLineCount > 0)
        {
            Log.LinesDropped(_logger, chain.Uri.ToString(), chain.DroppedLineCount, chain.DroppedLines[0].ToString());
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.ChainLoaded(_logger, chain.Uri.ToString(), chain.Layout, source.Description, chain.Rigs.Count, chain.Rigs.Sum(r => r.Document.WorkUnits.Count), chain.Relationships.Count, state.Diagnostics.Count + state.OmittedDiagnostics);
        }

        return chain;
    }

    private async ValueTask<Chain> LoadTownAsync(IChainSource source, ChainFile townFile, ChainLoadOptions options, LoadState state, CancellationToken cancellationToken)
    {
        var expected = options.ExpectedChain;
        TownMetadata? town = null;
        try
        {
            town = Parse(townFile, source, static f => TownMetadata.Parse(f.Content.Span, f.Path));
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

        var (uri, identity) = Identify(source, town, townFile.Path, expected, state);

        var routes = RouteTable.Empty;
        var routesFile = await ReadAsync(source, RouteTable.RelativePath, cancellationToken).ConfigureAwait(false);
        if (routesFile is not null)
        {
            // Counted before parsing (a vectorised byte count): each route is an issues file looked up and read.
            if (LineCount(routesFile.Content.Span) is var routeLines && routeLines > _limits.MaxRigs)
            {
                throw new ChainLimitExceededException(ChainLimitKind.Rigs, RouteTable.RelativePath, routeLines, _limits.MaxRigs, source.Description);
            }

            routes = Parse(routesFile, source, static f => RouteTable.Parse(f.Content.Span));
            if (routes.Diagnostics.FirstOrDefault(d => d.IsPathEscape) is { } escape)
            {
                throw new ChainPathException(escape.RefusedPath!, escape.Message, $"{source.Description}, {RouteTable.RelativePath} line {escape.LineNumber}");
            }

            AddLineDiagnostics(state, RouteTable.RelativePath, routes.Diagnostics);
        }

        var rigs = new List<ChainRig>();
        var seenPaths = new HashSet<string>(StringComparer.Ordinal);
        var seenNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var read = new List<Route>();
        foreach (var route in routes.Routes)
        {
            if (!seenPaths.Add(route.NormalizedPath))
            {
                continue;
            }

            if (seenNames.TryGetValue(route.RigName, out var firstPath))
            {
                state.Add(new ChainDiagnostic(RouteTable.RelativePath, 0, $"route {route} names rig '{route.RigName}' again (first at '{firstPath}'); its beads are not read", ChainDiagnosticSeverity.Warning));
                continue;
            }

            seenNames[route.RigName] = route.NormalizedPath;
            read.Add(route);
        }

        var readsTownBeads = !seenNames.ContainsKey(Route.TownLevelRigName);
        await CheckIssuesSizesAsync(source, [.. read.Select(r => r.IssuesFilePath), .. readsTownBeads ? [TownBeadsPath] : Array.Empty<string>()], cancellationToken).ConfigureAwait(false);
        foreach (var route in read)
        {
            var file = await ReadIssuesAsync(source, route.IssuesFilePath, state, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                state.Add(new ChainDiagnostic(route.IssuesFilePath, 0, $"rig '{route.RigName}' has a route ({route.Prefix}) but no issues file (not published, or no beads yet)", ChainDiagnosticSeverity.Info));
            }

            rigs.Add(new ChainRig(route.RigName, route.IsTownLevel ? "." : route.NormalizedPath, ParseIssues(file, route.IssuesFilePath, source, options, state)));
        }

        if (readsTownBeads)
        {
            var townBeads = await ReadIssuesAsync(source, TownBeadsPath, state, cancellationToken).ConfigureAwait(false);
            if (townBeads is not null)
            {
                state.Add(new ChainDiagnostic(TownBeadsPath, 0, "town-level beads without a \".\" route; read anyway (add {\"prefix\":\"hq-\",\"path\":\".\"} to routes.jsonl)", ChainDiagnosticSeverity.Info));
                rigs.Add(new ChainRig(Route.TownLevelRigName, ".", ParseIssues(townBeads, TownBeadsPath, source, options, state)));
            }
        }

        var rigsWithoutUriSegment = CheckRigNames(uri, rigs, state);
        var chain = new Chain(uri, ChainLayout.Town, identity, town, routes, rigs, [], [], source, rigsWithoutUriSegment);
        CheckWorkIds(chain, state);
        CheckIdsInTwoRigs(chain, state);
        return chain;
    }

    private async ValueTask<Chain> LoadSingleRigAsync(IChainSource source, ChainLoadOptions options, LoadState state, CancellationToken cancellationToken)
    {
        const string IssuesPath = ".beads/issues.jsonl";
        var file = await ReadIssuesAsync(source, IssuesPath, state, cancellationToken).ConfigureAwait(false)
                   ?? throw new InvalidChainException($"{source.Description} holds no chain: no {TownMetadata.RelativePath}, no {TownMetadata.SeedRelativePath} and no {IssuesPath}. Point at a town root (the folder holding {TownMetadata.RelativePath}) or a repository with beads at its root.");
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
            state.Add(new ChainDiagnostic(IssuesPath, 0, $"one-rig repository without SingleRigName: the rig is named '{rigName}' after the chain", ChainDiagnosticSeverity.Info));
        }

        Log.IdentityUnverified(_logger, expected.ToString(), source.Description, "a one-rig repository has no town.json");
        var rigs = new List<ChainRig> { new(rigName, ".", ParseIssues(file, IssuesPath, source, options, state)) };
        var rigsWithoutUriSegment = CheckRigNames(expected, rigs, state);
        var chain = new Chain(expected, ChainLayout.SingleRig, ChainIdentityStatus.SingleRig, null, RouteTable.Empty, rigs, [], [], source, rigsWithoutUriSegment);
        CheckWorkIds(chain, state);
        return chain;
    }

    private (GtUri Uri, ChainIdentityStatus Identity) Identify(IChainSource source, TownMetadata town, string townPath, GtUri? expected, LoadState state)
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
                state.Add(new ChainDiagnostic(townPath, 0, $"town.json has no owner (a version-1 town), so the chain cannot prove it is {wanted}; loaded unverified", ChainDiagnosticSeverity.Warning));
                Log.IdentityUnverified(_logger, wanted.ToString(), source.Description, "town.json has no owner");
                return (wanted, ChainIdentityStatus.NoOwner);
            }

            return (wanted, ChainIdentityStatus.Verified);
        }

        if (!hasOwner)
        {
            throw new ChainIdentityException(
                $"The chain in {source.Description} cannot be named: its {townPath} has {(town.Owner is null ? "no owner" : $"the owner '{town.Owner}', which is neither an email nor a domain")}. Set \"owner\" in {townPath} to an email or a domain, or pass ChainLoadOptions.ExpectedChain.",
                null,
                town.Owner,
                town.Name);
        }

        try
        {
            return (GtUri.ForChain(owner, town.Name), ChainIdentityStatus.Verified);
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

    /// <summary>
    /// Lines as the readers split them (a last line without its newline counts), blank ones included: an upper bound, and
    /// the count the limits are checked against (the index keeps it, for a process reading within smaller limits).
    /// </summary>
    internal static long LineCount(ReadOnlySpan<byte> content)
        => content.Count((byte)'\n') + (content.Length > 0 && content[^1] != (byte)'\n' ? 1 : 0);

    private WorkUnitDocument ParseIssues(ChainFile? file, string path, IChainSource source, ChainLoadOptions options, LoadState state)
    {
        if (file is null)
        {
            return EmptyDocument;
        }

        // Counted before parsing (a vectorised byte count), so a file of millions of tiny lines costs no work units.
        state.Lines += LineCount(file.Content.Span);
        if (state.Lines > _limits.MaxWorkUnits)
        {
            throw new ChainLimitExceededException(ChainLimitKind.WorkUnits, path, state.Lines, _limits.MaxWorkUnits, source.Description);
        }

        // Edges are counted before parsing too (bounded by '{' bytes; tokenised only past the limit): every edge is one the
        // graph and the walks hold, and a dangling one an unreachable item.
        if (!state.Dependencies.TryAdd(file.Content, out var edges))
        {
            throw new ChainLimitExceededException(ChainLimitKind.Dependencies, path, edges, _limits.MaxDependencies, source.Description);
        }

        var readOptions = options.IssuesReadOptions ?? _issuesOptions;
        var document = Parse(file, source, f => WorkUnitDocument.Parse(f.Content, readOptions));
        foreach (var diagnostic in document.Diagnostics)
        {
            var isError = diagnostic.Severity == JsonlDiagnosticSeverity.Error;
            state.Add(new ChainDiagnostic(path, diagnostic.LineNumber, diagnostic.Message, isError ? ChainDiagnosticSeverity.Error : ChainDiagnosticSeverity.Warning));
            if (isError)
            {
                // An error line holds no work unit: count it with its reason, so a query can say what it did not see.
                state.Drop(new DroppedLine(path, diagnostic.LineNumber, DropReason(diagnostic, file.Content.Span), diagnostic.Message));
            }
            else if (diagnostic.Kind == JsonlDiagnosticKind.DuplicateId)
            {
                // The earlier line of a repeated id is read but left out of every answer: a line a query cannot see either.
                state.Drop(new DroppedLine(path, diagnostic.EarlierLineNumber, DroppedLineReason.RepeatedId, diagnostic.Message));
            }
        }

        return document;
    }

    private static DroppedLineReason DropReason(JsonlDiagnostic diagnostic, ReadOnlySpan<byte> content) => diagnostic.Kind switch
    {
        JsonlDiagnosticKind.InvalidJson when JsonNesting.Exceeds(LineAt(content, diagnostic.ByteOffset), ChainLimits.MaxJsonDepth) => DroppedLineReason.NestedTooDeep,
        JsonlDiagnosticKind.InvalidJson => DroppedLineReason.InvalidJson,
        JsonlDiagnosticKind.MissingId => DroppedLineReason.MissingId,
        JsonlDiagnosticKind.InvalidUtf8 => DroppedLineReason.InvalidUtf8,
        JsonlDiagnosticKind.LineTooLong => DroppedLineReason.LineTooLong,
        JsonlDiagnosticKind.TruncatedLastLine => DroppedLineReason.TruncatedLastLine,
        _ => DroppedLineReason.InvalidRecord,
    };

    private static ReadOnlySpan<byte> LineAt(ReadOnlySpan<byte> content, long offset)
    {
        if (offset < 0 || offset >= content.Length)
        {
            return default;
        }

        var line = content[(int)offset..];
        var end = line.IndexOf((byte)'\n');
        return end < 0 ? line : line[..end];
    }

    private static WorkUnitDocument EmptyDocument => WorkUnitDocument.Empty;

    /// <summary>Reads a file within <see cref="ChainLimits.MaxBlobBytes"/> (checked before reading where the source can).</summary>
    private async ValueTask<ChainFile?> ReadAsync(IChainSource source, string path, CancellationToken cancellationToken)
    {
        var file = await source.ReadFileAsync(path, _limits.MaxBlobBytes, cancellationToken).ConfigureAwait(false);

        // A source may implement only the plain read: check what it returned too.
        return file is not null && file.Content.Length > _limits.MaxBlobBytes
            ? throw new ChainLimitExceededException(ChainLimitKind.BlobSize, path, file.Content.Length, _limits.MaxBlobBytes, source.Description)
            : file;
    }

    /// <summary>
    /// Before any issues file is read: the sizes of those a load reads, where the source can tell them without reading
    /// (<see cref="IChainSource.GetFileSizeAsync"/>), against <see cref="ChainLimits.MaxBlobBytes"/> and
    /// <see cref="ChainLimits.MaxIssuesBytes"/>, in the order they are read, so a chain refused for its total is refused
    /// before the files ahead of the one that passes it are read and parsed (up to the whole total: a remote could make
    /// every load and every query of its chain parse 256 MiB only to refuse it). The exception is the one reading them in
    /// turn would throw; <see cref="ReadIssuesAsync"/> still checks each file as it reads it (a source that cannot tell,
    /// a live folder that changed since).
    /// </summary>
    private async ValueTask CheckIssuesSizesAsync(IChainSource source, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var path in paths)
        {
            if (await source.GetFileSizeAsync(path, cancellationToken).ConfigureAwait(false) is not { } size)
            {
                continue;
            }

            if (size > _limits.MaxBlobBytes)
            {
                throw new ChainLimitExceededException(ChainLimitKind.BlobSize, path, size, _limits.MaxBlobBytes, source.Description);
            }

            total += size;
            if (total > _limits.MaxIssuesBytes)
            {
                throw new ChainLimitExceededException(ChainLimitKind.IssuesBytes, path, total, _limits.MaxIssuesBytes, source.Description);
            }
        }
    }

    /// <summary>
    /// Reads an issues file within <see cref="ChainLimits.MaxBlobBytes"/> and what is left of
    /// <see cref="ChainLimits.MaxIssuesBytes"/> (both checked before reading where the source can), and adds its size to
    /// the chain's total.
    /// </summary>
    private async ValueTask<ChainFile?> ReadIssuesAsync(IChainSource source, string path, LoadState state, CancellationToken cancellationToken)
    {
        var maxBytes = Math.Min(_limits.MaxBlobBytes, _limits.MaxIssuesBytes - state.IssuesBytes);
        ChainFile? file;
        try
        {
            file = await source.ReadFileAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainLimitExceededException exception) when (exception.Limit == ChainLimitKind.BlobSize && exception.Maximum == maxBytes && maxBytes < _limits.MaxBlobBytes)
        {
            // Refused within the bound this read gave: a file over MaxBlobBytes is that limit's, as in any read; one within
            // it passed what is left of the chain's total.
            throw exception.Actual > _limits.MaxBlobBytes
                ? new ChainLimitExceededException(ChainLimitKind.BlobSize, path, exception.Actual, _limits.MaxBlobBytes, source.Description)
                : new ChainLimitExceededException(ChainLimitKind.IssuesBytes, path, state.IssuesBytes + exception.Actual, _limits.MaxIssuesBytes, source.Description);
        }

        if (file is null)
        {
            return null;
        }

        // A source may implement only the plain read: check what it returned too.
        if (file.Content.Length > _limits.MaxBlobBytes)
        {
            throw new ChainLimitExceededException(ChainLimitKind.BlobSize, path, file.Content.Length, _limits.MaxBlobBytes, source.Description);
        }

        state.IssuesBytes += file.Content.Length;
        return state.IssuesBytes > _limits.MaxIssuesBytes
            ? throw new ChainLimitExceededException(ChainLimitKind.IssuesBytes, path, state.IssuesBytes, _limits.MaxIssuesBytes, source.Description)
            : file;
    }

    private T Parse<T>(ChainFile file, IChainSource source, Func<ChainFile, T> parse)
        where T : class
    {
        if (file.ContentId is { } id)
        {
            if (Cache.TryGet<T>(id, out var cached))
            {
                Log.BlobCacheHit(_logger, file.Path, id);
                return cached;
            }

            var parsed = ParseGuarded(file, source, parse);
            Cache.Set(id, parsed);
            Log.BlobParsed(_logger, file.Path, file.Content.Length, id);
            return parsed;
        }

        Log.BlobParsed(_logger, file.Path, file.Content.Length, null);
        return ParseGuarded(file, source, parse);
    }

    private static T ParseGuarded<T>(ChainFile file, IChainSource source, Func<ChainFile, T> parse)
    {
        try
        {
            return parse(file);
        }
        catch (Exception exception) when (exception is not (ChainException or TownMetadataException or OperationCanceledException))
        {
            // A reader that cannot take the file (invalid UTF-8 in a whole-document file, or a reader's own failure)
            // refuses this chain, never the query that asked for it.
            throw Unreadable(file.Path, source, exception);
        }
    }

    private static ChainContentException Unreadable(string path, IChainSource source, Exception exception)
        => new(path, $"{path} in {source.Description} could not be read ({exception.GetType().Name}: {exception.Message}); the chain was not loaded. Ask the chain's owner to fix the file.", exception);

    private static HashSet<string> CheckRigNames(GtUri chain, List<ChainRig> rigs, LoadState state)
    {
        var invalid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rig in rigs.Where(r => !r.IsTownLevel))
        {
            if (!RigNames.IsValid(rig.Name))
            {
                invalid.Add(rig.Name);
                state.Add(new ChainDiagnostic(rig.Path, 0, $"rig name '{rig.Name}' cannot be a gt:// URI segment; its work units' URIs name no rig and are routed by prefix", ChainDiagnosticSeverity.Warning));
            }
        }

        return invalid;
    }

    // An id names one work unit of a chain (a URI's rig segment is only a hint): in two rigs, the one Chain.IdOwner
    // finds is the unit, and the other rig's stays in its file, out of every answer, with a warning saying whose it is.
    private static void CheckIdsInTwoRigs(Chain chain, LoadState state)
    {
        foreach (var (rig, id, owner) in chain.NoteIdsInTwoRigs())
        {
            var why = chain.Routes.TryRoute(id, out var route) && route.RigName == owner.Name ? "the rig its prefix routes to" : "the first rig that holds it";
            var message = $"work id '{id}' is also in rig '{owner.Name}' ({owner.IssuesFilePath}), {why}; an id names one work unit of a chain, so this rig's is kept in its file but left out of answers. Give one of them another id.";
            state.Add(new ChainDiagnostic(rig.IssuesFilePath, 0, message, ChainDiagnosticSeverity.Warning));
            state.Drop(new DroppedLine(rig.IssuesFilePath, 0, DroppedLineReason.IdInAnotherRig, message));
        }
    }

    private static void CheckWorkIds(Chain chain, LoadState state)
    {
        foreach (var rig in chain.Rigs)
        {
            foreach (var unit in rig.Document.WorkUnits)
            {
                if (chain.WhyUnnamable(rig, unit.Id) is { } why)
                {
                    var message = $"work id '{unit.Id}' {why}; it is kept in the rig's document but not addressable";
                    state.Add(new ChainDiagnostic(rig.IssuesFilePath, 0, message, ChainDiagnosticSeverity.Warning));
                    state.Drop(new DroppedLine(rig.IssuesFilePath, 0, DroppedLineReason.UnaddressableId, message));
                }
            }
        }
    }

    private static void AddLineDiagnostics(LoadState state, string path, IReadOnlyList<LineDiagnostic> lines)
    {
        foreach (var line in lines)
        {
            state.Add(new ChainDiagnostic(path, line.LineNumber, line.Message, line.Severity));
        }
    }

    /// <summary>What one load collects, within <see cref="ChainLimits.MaxDiagnostics"/>: beyond it, problems are counted, not kept.</summary>
    private sealed class LoadState(ChainLimits limits)
    {
        public List<ChainDiagnostic> Diagnostics { get; } = [];

        public int OmittedDiagnostics { get; private set; }

        public List<DroppedLine> Dropped { get; } = [];

        public int DroppedCount { get; private set; }

        public long Lines { get; set; }

        /// <summary>The bytes of the issues files read so far, against <see cref="ChainLimits.MaxIssuesBytes"/>.</summary>
        public long IssuesBytes { get; set; }

        public DependencyEdgeCount Dependencies { get; } = new(limits.MaxDependencies, limits.MaxLineBytes);

        public void Add(ChainDiagnostic diagnostic)
        {
            if (Diagnostics.Count < limits.MaxDiagnostics)
            {
                Diagnostics.Add(diagnostic);
            }
            else
            {
                OmittedDiagnostics++;
            }
        }

        public void Drop(DroppedLine line)
        {
            DroppedCount++;
            if (Dropped.Count < limits.MaxDiagnostics)
            {
                Dropped.Add(line);
            }
        }
    }
}
