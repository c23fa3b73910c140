using System.Diagnostics;
using System.Runtime.CompilerServices;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Query;

/// <summary>
/// The federated queries of the seed (<c>show</c>, <c>list --remote/--org/--project</c>, ready work,
/// <c>audit</c>) over every chain an <see cref="IChainProvider"/> knows: the local town and the
/// registered remotes. Each call is independent: it loads the chains it needs (lazily, bounded by
/// <see cref="QueryOptions"/>) and reports what it could not reach beside its results rather than
/// failing, with every chain's trust state and the bounds that cut it short. Queries never go to the network
/// unasked: they answer from what was fetched, unless called through <see cref="WithFetch"/>.
/// Thread-safe and immutable; register once (<c>services.AddGasTownFederationQuery()</c>) or create directly.
/// </summary>
/// <remarks>
/// Every query returns <see cref="ValueTask{TResult}"/>, by the SDK's rule for Query: a method that may finish
/// without waiting (a cached or local chain) returns <c>ValueTask</c>; await it once, or call <c>AsTask()</c>
/// to keep or combine it.
/// </remarks>
public sealed class FederationQueries
{
    private readonly IChainProvider chains;
    private readonly QueryOptions options;
    private readonly ICommitHistorySource? commits;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ChainFetchMode fetch;
    private readonly IQueryIndex? index;

    /// <summary>Creates the queries over <paramref name="chains"/>.</summary>
    /// <param name="chains">Where chains come from: a folder provider in tests, GitTransport's provider in a real town.</param>
    /// <param name="options">The bounds; null for the defaults. Validated here.</param>
    /// <param name="commits">Where the audit reads git commits; null leaves commits out of audits.</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock for deferral and staleness; null for the system clock.</param>
    /// <param name="index">
    /// A store that answers without loading whole chains (the federation index of the same chains), or null to always load
    /// them; see <see cref="IQueryIndex"/>. Answers are the same either way.
    /// </param>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> is out of range.</exception>
    public FederationQueries(
        IChainProvider chains, QueryOptions? options = null, ICommitHistorySource? commits = null, ILogger<FederationQueries>? logger = null, TimeProvider? timeProvider = null, IQueryIndex? index = null)
    {
        ArgumentNullException.ThrowIfNull(chains);
        options ??= new QueryOptions();
        var validation = new QueryOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(QueryOptions), validation.Failures);
        }

        this.chains = chains;
        this.options = options;
        this.commits = commits;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        fetch = ChainFetchMode.Never;
        this.index = index;
    }

    private FederationQueries(FederationQueries other, ChainFetchMode fetch, IQueryIndex? index)
    {
        EventSignatures = other.EventSignatures;
        chains = other.chains;
        options = other.options;
        commits = other.commits;
        logger = other.logger;
        time = other.time;
        this.fetch = fetch;
        this.index = index;
    }

    /// <summary>
    /// Judges the signatures of event lines an audit reads (<see cref="AuditEntry.Signature"/>); null leaves them unjudged.
    /// GitTransport registers one, which the registration of these queries passes here.
    /// </summary>
    public IEventSignatureVerifier? EventSignatures { get; init; }

    /// <summary>Whether these queries may fetch before answering (<see cref="ChainFetchMode.Never"/> unless made by <see cref="WithFetch"/>).</summary>
    public ChainFetchMode Fetch => fetch;

    /// <summary>
    /// The same queries, allowed to go to the network as <paramref name="mode"/> says, for the calls made through
    /// the returned object only (this one is unchanged): <c>queries.WithFetch(ChainFetchMode.IfMissing).ShowAsync(uri)</c>.
    /// </summary>
    /// <param name="mode">Whether chains may be fetched before answering.</param>
    /// <returns>Queries sharing this one's provider, options and logger, with that fetch mode.</returns>
    public FederationQueries WithFetch(ChainFetchMode mode) => mode == fetch ? this : new FederationQueries(this, mode, index);

    /// <summary>Whether these queries may answer from an <see cref="IQueryIndex"/> (only while they may not fetch).</summary>
    public bool UsesIndex => index is not null && fetch == ChainFetchMode.Never;

    /// <summary>
    /// The same queries, always loading whole chains through the provider (never from an index), for the calls made
    /// through the returned object only: to compare with the indexed answers, or to read past an index.
    /// </summary>
    /// <returns>Queries sharing this one's provider, options, logger and fetch mode, without an index.</returns>
    public FederationQueries WithoutIndex() => index is null ? this : new FederationQueries(this, fetch, null);

    /// <summary>
    /// Shows one work unit, reading (from what was fetched, unless <see cref="WithFetch"/> allows fetching) its
    /// chain and the chains its dependencies point into: each
    /// dependency's target is resolved to its canonical <c>gt://</c> URI (local ids routed through the
    /// chain's routes, <c>external:&lt;rig&gt;:&lt;id&gt;</c> to that rig of the same chain, URIs as is)
    /// with the target's status and title where reachable.
    /// </summary>
    /// <param name="reference">A <c>gt://</c> URI, or a short form (<c>gt-xyz</c>, <c>gastown/gt-xyz</c>, <c>./gt-xyz</c>, <c>external:gastown:gt-xyz</c>) resolved against the local town.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The work unit and its resolved dependencies.</returns>
    /// <exception cref="FederationQueryException">Bad reference (<see cref="FederationQueryError.BadInput"/>), no such work unit (<see cref="FederationQueryError.NotFound"/>), or its chain is unavailable (<see cref="FederationQueryError.Unavailable"/>).</exception>
    public ValueTask<ShowResult> ShowAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Log.QueryStarted(logger, "show", reference);
        return MeasureAsync("show", ShowQuery.RunAsync, reference, static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// Who depends on one work unit: every dependency edge of another unit, in every known chain (local and fetched),
    /// whose reference resolves to it, each resolved in its own chain as <see cref="ShowAsync"/> resolves a dependency
    /// (a bare id or <c>external:rig:id</c> within that chain, a <c>gt://</c> URI anywhere). With an index that can
    /// answer, only the edges that name the unit's id are read and only the dependents' lines are parsed, so the cost
    /// follows the answer; otherwise every known chain is loaded. The answer is the same.
    /// </summary>
    /// <param name="reference">A <c>gt://</c> URI, or a short form resolved against the local town (as <see cref="ShowAsync"/> reads it).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The edges that name the unit, with their units; the chains that could not be read.</returns>
    /// <exception cref="FederationQueryException">A reference that names no work unit (<see cref="FederationQueryError.BadInput"/>).</exception>
    public ValueTask<DependentsResult> GetDependentsAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Log.QueryStarted(logger, "dependents", reference);
        return MeasureAsync("dependents", DependentsQuery.RunAsync, reference, static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// One page of <see cref="GetDependentsAsync"/>: the edges of at most <paramref name="limit"/> dependent work units
    /// (by URI, ordinal) after the unit the <paramref name="after"/> token names, and how many depend on the unit in all.
    /// With an index that can answer, every edge that names the unit is resolved from the index's rows and only the page's
    /// units' lines are parsed, so a unit with 50,000 dependents costs a page what its rows cost; otherwise every known
    /// chain is loaded and the answer cut to the page. The answer is the same.
    /// </summary>
    /// <param name="reference">A <c>gt://</c> URI, or a short form resolved against the local town (as <see cref="ShowAsync"/> reads it).</param>
    /// <param name="limit">The most dependent work units on the page, 1 to 10,000.</param>
    /// <param name="after">The previous page's <see cref="DependentsPage.Next"/>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page's edges with their units, the count of all dependents, the chains that could not be read, and the next token.</returns>
    /// <exception cref="FederationQueryException">
    /// A limit out of range, a token that is not this unit's dependents list, or a reference that names no work unit
    /// (<see cref="FederationQueryError.BadInput"/>).
    /// </exception>
    public ValueTask<DependentsPage> GetDependentsPageAsync(string reference, int limit, string? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        CheckLimit(limit);
        Log.QueryStarted(logger, "dependents (page)", reference);
        return MeasureAsync("dependents.page", static (c, a, t) => DependentsQuery.PageAsync(c, a.reference, a.limit, a.after, t), (reference, limit, after), static r => r.Result.Chains, cancellationToken);
    }

    /// <summary>
    /// Every page of <see cref="GetDependentsAsync"/>, in order, as <see cref="GetDependentsPageAsync"/> gives them, for a
    /// host that writes the answer as it comes and never holds it. With an index that can answer exactly, the walk reads
    /// one view of it throughout: the edges that name the unit are resolved once from its rows (their keys held, not their
    /// units) and each page parses only its own units' lines, so a unit with a million dependents costs their keys and a
    /// page. When it cannot, the answer is loaded once and the rest of the walk cut from it after the last unit walked.
    /// </summary>
    /// <param name="reference">A <c>gt://</c> URI, or a short form resolved against the local town (as <see cref="ShowAsync"/> reads it).</param>
    /// <param name="pageSize">Dependent work units per page, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the walk; checked before each page.</param>
    /// <returns>
    /// The pages (each with the whole answer's target, unreachable chains, chain states and truncations, and its
    /// <see cref="DependentsPage.DependentCount"/> and <see cref="DependentsPage.EdgeCount"/>); the first always comes
    /// (empty when nothing depends on the unit), the last has no next token.
    /// </returns>
    /// <exception cref="FederationQueryException">
    /// A page size out of range, at the call (<see cref="FederationQueryError.BadInput"/>); as <see cref="GetDependentsPageAsync"/>,
    /// when the first page is asked for.
    /// </exception>
    public IAsyncEnumerable<DependentsPage> WalkDependentsAsync(string reference, int pageSize = DefaultWalkPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        CheckLimit(pageSize);
        Log.QueryStarted(logger, "dependents (walk)", reference);
        return PageWalk.RunAsync(this, "dependents.walk", DependentsQuery.Walk(reference, pageSize), cancellationToken);
    }

    /// <summary>
    /// Lists every work unit of one registered remote chain (<c>bd list --remote=NAME</c>). With an index that can describe
    /// the chain exactly (see <see cref="IQueryIndex"/>), only the listed units' lines are read; the answer is the same.
    /// </summary>
    /// <param name="remoteName">The name a remote was registered under, or a known chain's URI (<c>gt://entity/chain</c>).</param>
    /// <param name="filter">Status and type filter; null for everything.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The work units ordered by URI, or the reason the chain could not be read.</returns>
    /// <exception cref="FederationQueryException">No remote has that name (<see cref="FederationQueryError.NotFound"/>).</exception>
    public ValueTask<WorkListResult> ListByRemoteAsync(string remoteName, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteName);
        Log.QueryStarted(logger, "list --remote", remoteName);
        return MeasureAsync("list.remote", static (c, a, t) => RemoteListQuery.RunAsync(c, a.remoteName, a.Item2, t), (remoteName, filter ?? WorkFilter.None), static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// One page of <see cref="ListByRemoteAsync"/>: the same items in the same order (by URI), at most
    /// <paramref name="limit"/> of them after the page whose <see cref="WorkListPage.Next"/> token <paramref name="after"/>
    /// is. With an index that can describe the chain exactly, a page parses only its own lines; otherwise the chain is
    /// loaded and the listing cut to the page. The token names the last unit's URI, so a unit added or removed between two
    /// pages neither repeats nor shifts another.
    /// </summary>
    /// <param name="remoteName">The name a remote was registered under, or a known chain's URI (<c>gt://entity/chain</c>).</param>
    /// <param name="limit">The page size, 1 to 10,000.</param>
    /// <param name="after">The previous page's <see cref="WorkListPage.Next"/>, or null for the first page.</param>
    /// <param name="filter">Status and type filter; null for everything.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page (chain, unreachable items, data age and chain state are the whole listing's) and the next token.</returns>
    /// <exception cref="FederationQueryException">
    /// A limit out of range or a token that is not a remote list's (<see cref="FederationQueryError.BadInput"/>); no remote
    /// has that name (<see cref="FederationQueryError.NotFound"/>).
    /// </exception>
    public ValueTask<WorkListPage> ListByRemotePageAsync(string remoteName, int limit, string? after = null, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteName);
        CheckLimit(limit);
        Log.QueryStarted(logger, "list --remote (page)", remoteName);
        return MeasureAsync("list.remote.page", static (c, a, t) => RemoteListQuery.PageAsync(c, a.remoteName, a.Item4, a.limit, a.after, t),
            (remoteName, limit, after, filter ?? WorkFilter.None), static r => r.Result.Chains, cancellationToken);
    }

    /// <summary>
    /// Every page of <see cref="ListByRemoteAsync"/>, in order, for a host that writes the list as it comes (a CLI, a
    /// streamed response) and never holds it: each page is <see cref="ListByRemotePageAsync"/>'s, so memory is bounded by
    /// <paramref name="pageSize"/> while the index answers. When it cannot (or there is none) the chain is loaded once and
    /// the rest of the walk is cut from it, after the last unit already walked: no unit repeats or is skipped, but that
    /// rest costs what the whole list costs.
    /// </summary>
    /// <param name="remoteName">The name a remote was registered under, or a known chain's URI (<c>gt://entity/chain</c>).</param>
    /// <param name="filter">Status and type filter; null for everything.</param>
    /// <param name="pageSize">Units per page, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the walk; checked before each page.</param>
    /// <returns>The pages; the first one always comes (empty for an empty list), the last has no <see cref="WorkListPage.Next"/>.</returns>
    /// <exception cref="FederationQueryException">As <see cref="ListByRemotePageAsync"/>, when the first page is asked for.</exception>
    public IAsyncEnumerable<WorkListPage> WalkByRemoteAsync(string remoteName, WorkFilter? filter = null, int pageSize = DefaultWalkPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteName);
        CheckLimit(pageSize);
        Log.QueryStarted(logger, "list --remote (walk)", remoteName);
        return PageWalk.RunAsync(this, "list.remote.walk", ListWalks.Remote(remoteName, filter ?? WorkFilter.None, pageSize), cancellationToken);
    }

    /// <summary>
    /// Every page of <see cref="ListByOrganizationAsync"/>, in order, as <see cref="ListByOrganizationPageAsync"/> gives
    /// them: memory bounded by <paramref name="pageSize"/> while the index answers; when it cannot, the listing is loaded
    /// once and the rest of the walk cut from it after the last unit walked (see <see cref="WalkByRemoteAsync"/>).
    /// </summary>
    /// <param name="organization">The organisation entity, e.g. <c>acme.com</c>.</param>
    /// <param name="filter">Status and type filter; null for everything.</param>
    /// <param name="pageSize">Units per page, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the walk; checked before each page.</param>
    /// <returns>The pages (each with the whole listing's members, claims and chain states); the first always comes, the last has no next token.</returns>
    public IAsyncEnumerable<OrganizationWorkPage> WalkByOrganizationAsync(EntityId organization, WorkFilter? filter = null, int pageSize = DefaultWalkPageSize, CancellationToken cancellationToken = default)
    {
        CheckOrganizationPage(organization, pageSize);
        Log.QueryStarted(logger, "list --org (walk)", organization.Value);
        return PageWalk.RunAsync(this, "list.org.walk", ListWalks.Organization(organization, filter ?? WorkFilter.None, pageSize), cancellationToken);
    }

    /// <summary>
    /// Every page of <see cref="ListByProjectAsync"/>, in order, as <see cref="ListByProjectPageAsync"/> gives them. With an
    /// index that can answer exactly, the walk reads one view of it throughout: the project's tree is walked once over its
    /// edge rows (its keys held, not its units) and each page parses only its own lines, so memory is the tree's keys and
    /// <paramref name="pageSize"/> units. When it cannot, the listing is loaded once and the rest of the walk cut from it
    /// after the last unit walked (see <see cref="WalkByRemoteAsync"/>).
    /// </summary>
    /// <param name="project">The project's <c>gt://</c> URI or short form.</param>
    /// <param name="includeDelegated">Whether to follow delegations into other chains.</param>
    /// <param name="filter">Status and type filter on the listed items; null for everything.</param>
    /// <param name="pageSize">Units per page, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the walk; checked before each page.</param>
    /// <returns>The pages (each with the whole listing's delegated portions, claims, unreachable items and chain states); the first always comes, the last has no next token.</returns>
    /// <exception cref="FederationQueryException">As <see cref="ListByProjectPageAsync"/>, when the first page is asked for.</exception>
    public IAsyncEnumerable<ProjectWorkPage> WalkByProjectAsync(string project, bool includeDelegated, WorkFilter? filter = null, int pageSize = DefaultWalkPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        CheckLimit(pageSize);
        Log.QueryStarted(logger, includeDelegated ? "list --project --include-delegated (walk)" : "list --project (walk)", project);
        return ProjectListWalk.RunAsync(this, project, includeDelegated, filter ?? WorkFilter.None, pageSize, cancellationToken);
    }

    /// <summary>
    /// Every page of <see cref="GetReadyWorkAsync"/>'s ready list, in order, as <see cref="GetReadyWorkPageAsync"/> gives
    /// them: memory bounded by <paramref name="pageSize"/> while the index answers exactly; otherwise the whole answer is
    /// computed once and the rest of the walk cut from it after the last unit walked. Like a page, the walk carries no
    /// blocked list (see <see cref="ReadyWorkPage"/>); the pages' <see cref="ReadyWorkPage.Blocked"/> counts add up to the
    /// whole answer's blocked units (those the filter keeps), and <see cref="GetReadyWorkGapsAsync"/> gives its unreachable
    /// blockers, chains and truncations, so a host can write the whole answer's numbers without holding it.
    /// </summary>
    /// <param name="filter">Status and type filter on the ready units; null for every ready unit.</param>
    /// <param name="pageSize">Units per page, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the walk; checked before each page.</param>
    /// <returns>The pages; the first always comes (empty when nothing is ready), the last has no next token.</returns>
    public IAsyncEnumerable<ReadyWorkPage> WalkReadyWorkAsync(WorkFilter? filter = null, int pageSize = DefaultWalkPageSize, CancellationToken cancellationToken = default)
    {
        CheckLimit(pageSize);
        Log.QueryStarted(logger, "ready (walk)", "*");
        return PageWalk.RunAsync(this, "ready.walk", ListWalks.Ready(filter ?? WorkFilter.None, pageSize), cancellationToken);
    }

    /// <summary>
    /// What <see cref="GetReadyWorkAsync"/>'s answer reports besides its ready and blocked lists: the same unreachable
    /// items (blockers that could not be reached, chains that could not be read), chains and truncations. With an index
    /// that can say them exactly it reads the blocking edges row by row and holds only what it reports (up to
    /// 10,000 unreachable blockers); otherwise, or past that, they are taken from the whole answer, which costs what
    /// <see cref="GetReadyWorkAsync"/> costs. Paired with <see cref="WalkReadyWorkAsync"/> (and its pages'
    /// <see cref="ReadyWorkPage.Blocked"/> counts), a host writes the whole answer's document page by page.
    /// </summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The unreachable items, chains and truncations, as the whole answer's.</returns>
    public ValueTask<ReadyWorkGaps> GetReadyWorkGapsAsync(CancellationToken cancellationToken = default)
    {
        Log.QueryStarted(logger, "ready (gaps)", "*");
        return MeasureAsync("ready.gaps", static (c, _, t) => ReadyGapsQuery.RunAsync(c, t), 0, static r => r.Chains, cancellationToken);
    }

    /// <summary>The page size of a walk when the caller names none.</summary>
    public const int DefaultWalkPageSize = 1_000;

    /// <summary>
    /// Lists the work of an organisation's verified members across every known chain (<c>bd list --org</c>).
    /// Members come from employment the organisation's own chain asserts; claims made only elsewhere are
    /// returned as unverified and not counted. A member's work is every work unit of the member's own
    /// chains plus every work unit elsewhere assigned to the member's entity.
    /// </summary>
    /// <param name="organization">The organisation entity, e.g. <c>acme.com</c>.</param>
    /// <param name="filter">Status and type filter; null for everything.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Members, unverified claims, the members' work, and unreadable chains.</returns>
    public ValueTask<OrganizationWorkResult> ListByOrganizationAsync(EntityId organization, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        if (organization.IsDefault)
        {
            throw new ArgumentException("The organisation entity is empty; pass a domain such as acme.com.", nameof(organization));
        }

        Log.QueryStarted(logger, "list --org", organization.Value);
        return MeasureAsync("list.org", static (c, a, t) => OrganizationQuery.RunAsync(c, a.organization, a.Item2, t), (organization, filter ?? WorkFilter.None), static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// One page of <see cref="ListByOrganizationAsync"/>: the same items in the same order (by URI, then member), at most
    /// <paramref name="limit"/> of them after the page whose <see cref="OrganizationWorkPage.Next"/> token
    /// <paramref name="after"/> is. With an index that can answer exactly, a page parses only its own lines (it reads the rows
    /// of each scope in URI order until it has enough: in a chain where only units assigned to members count, that can be
    /// many rows for few units); otherwise the
    /// listing is loaded and cut to the page. The token names the last unit's URI, so a unit added or removed between two
    /// pages neither repeats nor shifts another.
    /// </summary>
    /// <param name="organization">The organisation entity, e.g. <c>acme.com</c>.</param>
    /// <param name="limit">The page size, 1 to 10,000.</param>
    /// <param name="after">The previous page's <see cref="OrganizationWorkPage.Next"/>, or null for the first page.</param>
    /// <param name="filter">Status and type filter; null for everything.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page (members, unverified claims, unreachable chains and chain states are the whole listing's) and the next token.</returns>
    /// <exception cref="FederationQueryException">A token that is not an organisation list's (<see cref="FederationQueryError.BadInput"/>).</exception>
    public ValueTask<OrganizationWorkPage> ListByOrganizationPageAsync(EntityId organization, int limit, string? after = null, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        CheckOrganizationPage(organization, limit);
        Log.QueryStarted(logger, "list --org (page)", organization.Value);
        return MeasureAsync("list.org.page", static (c, a, t) => OrganizationQuery.PageAsync(c, a.organization, a.Item4, a.limit, a.after, t),
            (organization, limit, after, filter ?? WorkFilter.None), static r => r.Result.Chains, cancellationToken);
    }

    /// <summary>
    /// Full-text search (SQLite FTS5 over titles, descriptions, notes and comments: every word must occur, a trailing
    /// <c>*</c> matches a prefix) over the work <see cref="ListByOrganizationAsync"/> lists, by the same member rule. Needs
    /// the index (see <see cref="IQueryIndex"/>): the words are found there. Pages follow the search's own stable order.
    /// </summary>
    /// <param name="organization">The organisation entity, e.g. <c>acme.com</c>.</param>
    /// <param name="text">The words to find.</param>
    /// <param name="limit">The page size, 1 to 10,000.</param>
    /// <param name="after">The previous page's <see cref="OrganizationWorkPage.Next"/>, or null for the first page.</param>
    /// <param name="filter">Status and type filter; null for everything.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page of matching member work (with the listing's members, unverified claims and chain states) and the next token.</returns>
    /// <exception cref="FederationQueryException">
    /// No words (through the index also: text with no letter or digit, a word read as an operator such as <c>-word</c>,
    /// <c>OR</c> or <c>title:word</c>, more than 32 different words, a word over 256 characters, a text over 16,384) or a
    /// bad token (<see cref="FederationQueryError.BadInput"/>); no index to search, or it cannot be opened
    /// (<see cref="FederationQueryError.Unavailable"/>).
    /// </exception>
    public ValueTask<OrganizationWorkPage> SearchByOrganizationAsync(EntityId organization, string text, int limit = 50, string? after = null, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckOrganizationPage(organization, limit);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FederationQueryException(FederationQueryError.BadInput, "The search text has no words to look for.", text);
        }

        Log.QueryStarted(logger, "search --org", organization.Value);
        return MeasureAsync("search.org", static (c, a, t) => OrganizationSearch.RunAsync(c, a.organization, a.text, a.Item5, a.limit, a.after, t),
            (organization, text, limit, after, filter ?? WorkFilter.None), static r => r.Result.Chains, cancellationToken);
    }

    private static void CheckOrganizationPage(EntityId organization, int limit, [CallerArgumentExpression(nameof(limit))] string parameter = "limit")
    {
        if (organization.IsDefault)
        {
            throw new ArgumentException("The organisation entity is empty; pass a domain such as acme.com.", nameof(organization));
        }

        CheckLimit(limit, parameter);
    }

    // Named as the caller's parameter is (limit of a page, pageSize of a walk), so the message says which argument to change.
    private static void CheckLimit(int limit, [CallerArgumentExpression(nameof(limit))] string parameter = "limit")
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new FederationQueryException(FederationQueryError.BadInput, $"{parameter} must be between 1 and {MaxPageSize}; it is {limit}.", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private const int MaxPageSize = 10_000;

    /// <summary>
    /// Lists a project: the work unit, its descendants (children through parent-child, transitively) and,
    /// with <paramref name="includeDelegated"/>, everything delegated from any of them to other chains,
    /// transitively (<c>bd list --project=URI --include-delegated</c>), with each delegated portion's
    /// completion cascaded up. With an index that can answer exactly (see <see cref="IQueryIndex"/>), the tree is walked
    /// over the index's parent-child edge rows and only the listed units' lines are read; the answer is the same.
    /// </summary>
    /// <param name="project">The project's <c>gt://</c> URI or short form.</param>
    /// <param name="includeDelegated">Whether to follow delegations into other chains.</param>
    /// <param name="filter">Status and type filter on the listed items (the walk itself is not filtered); null for everything.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The items, the delegated portions, unverified delegations and what could not be reached.</returns>
    /// <exception cref="FederationQueryException">Bad reference, no such project, or its chain is unavailable.</exception>
    public ValueTask<ProjectWorkResult> ListByProjectAsync(string project, bool includeDelegated, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        Log.QueryStarted(logger, includeDelegated ? "list --project --include-delegated" : "list --project", project);
        return MeasureAsync("list.project", static (c, a, t) => ProjectQuery.RunAsync(c, a.project, a.includeDelegated, a.Item3, t), (project, includeDelegated, filter ?? WorkFilter.None), static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// One page of <see cref="ListByProjectAsync"/>: the same items in the same order (by URI), at most
    /// <paramref name="limit"/> of them after the page whose <see cref="ProjectWorkPage.Next"/> token <paramref name="after"/>
    /// is. With an index that can answer exactly, the walk holds only the units' keys (read from the index's edge rows) and
    /// a page parses only its own lines; otherwise the listing is loaded and cut to the page (the same answer, with the
    /// memory of the whole walk). The token names the last unit's URI, so a unit added or removed between two pages neither
    /// repeats nor shifts another.
    /// </summary>
    /// <param name="project">The project's <c>gt://</c> URI or short form.</param>
    /// <param name="includeDelegated">Whether to follow delegations into other chains.</param>
    /// <param name="limit">The page size, 1 to 10,000.</param>
    /// <param name="after">The previous page's <see cref="ProjectWorkPage.Next"/>, or null for the first page.</param>
    /// <param name="filter">Status and type filter on the listed items (the walk itself is not filtered); null for everything.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>
    /// The page (delegated portions, unverified claims, unreachable items, chain states and truncations are the whole
    /// listing's) and the next token.
    /// </returns>
    /// <exception cref="FederationQueryException">
    /// A limit out of range or a token that is not a project list's (<see cref="FederationQueryError.BadInput"/>); bad
    /// reference, no such project, or its chain is unavailable, as <see cref="ListByProjectAsync"/> says.
    /// </exception>
    public ValueTask<ProjectWorkPage> ListByProjectPageAsync(string project, bool includeDelegated, int limit, string? after = null, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        CheckLimit(limit);
        Log.QueryStarted(logger, includeDelegated ? "list --project --include-delegated (page)" : "list --project (page)", project);
        return MeasureAsync("list.project.page", static (c, a, t) => ProjectQuery.PageAsync(c, a.project, a.includeDelegated, a.Item5, a.limit, a.after, t),
            (project, includeDelegated, limit, after, filter ?? WorkFilter.None), static r => r.Result.Chains, cancellationToken);
    }

    /// <summary>
    /// Ready work across the federation, as upstream's <c>bd ready</c>: open or in-progress work units, not
    /// pinned or deferred, whose blockers (<c>blocks</c>, <c>conditional-blocks</c>, <c>waits-for</c>, delegated
    /// children; local or in other chains) are all closed, and whose parents are not blocked. An unreachable
    /// blocker keeps its dependent unready and is reported.
    /// </summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Ready and blocked work units, and unreachable blockers.</returns>
    public ValueTask<ReadyWorkResult> GetReadyWorkAsync(CancellationToken cancellationToken = default)
    {
        Log.QueryStarted(logger, "ready", "*");
        return MeasureAsync("ready", static (c, _, t) => ReadyQuery.RunAsync(c, t), 0, static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// One page of <see cref="GetReadyWorkAsync"/>'s <see cref="ReadyWorkResult.Ready"/> list: the same units in the same
    /// order (priority, then URI), narrowed by <paramref name="filter"/>, at most <paramref name="limit"/> of them after the
    /// page whose <see cref="ReadyWorkPage.Next"/> token <paramref name="after"/> is. With an index that can answer exactly,
    /// a page reads the candidates' rows in that order and, for each, only its own edges and its ancestors' (memory and
    /// parsed lines bounded by the page, not the federation; a federation where most candidates are blocked reads more rows
    /// per page, not more memory; a blocker in a chain no one registered blocks without that chain being tried, so the page's
    /// chains, unreachable items and truncations are those it read). Otherwise (a chain the index cannot describe, an id whose rig it
    /// cannot tell, an ancestry deeper than 10,000 units, or no index) the whole ready list is computed and cut to the page:
    /// correct, but as costly as <see cref="GetReadyWorkAsync"/>. A page carries no blocked list (see <see cref="ReadyWorkPage"/>). The token names
    /// the last unit's priority and URI, so a unit added or removed between two pages neither repeats nor shifts another.
    /// </summary>
    /// <param name="limit">The page size, 1 to 10,000.</param>
    /// <param name="after">The previous page's <see cref="ReadyWorkPage.Next"/>, or null for the first page.</param>
    /// <param name="filter">Status and type filter on the ready units; null for every ready unit.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page and the next token.</returns>
    /// <exception cref="FederationQueryException">A limit out of range or a token that is not a ready page's (<see cref="FederationQueryError.BadInput"/>).</exception>
    public ValueTask<ReadyWorkPage> GetReadyWorkPageAsync(int limit, string? after = null, WorkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        Log.QueryStarted(logger, "ready (page)", "*");
        return MeasureAsync("ready.page", static (c, a, t) => ReadyPageQuery.RunAsync(c, a.Item3, a.limit, a.after, t),
            (limit, after, filter ?? WorkFilter.None), static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// An actor's history across every known chain, newest first: events, beads (created, closed,
    /// commented, dependency added) and git commits (when a commit history source was given).
    /// </summary>
    /// <param name="actor">The actor glob, e.g. <c>gastown/*</c>, <c>*/polecats/*</c>, <c>mayor</c>.</param>
    /// <param name="since">Only entries at or after this instant; null for all.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The timeline and the chains that could not be read.</returns>
    public ValueTask<AuditResult> AuditAsync(ActorPattern actor, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Log.QueryStarted(logger, "audit", actor.Pattern);
        return MeasureAsync("audit", (c, a, t) => AuditQuery.RunAsync(c, a.actor, a.since, commits, EventSignatures, t), (actor, since), static r => r.Chains, cancellationToken);
    }

    /// <summary>
    /// One page of <see cref="AuditAsync"/>: the same entries in the same order (newest first, then every field), at most
    /// <paramref name="limit"/> of them after the page whose <see cref="AuditPage.Next"/> token <paramref name="after"/> is.
    /// From an index that can answer, only the page's window is read (the units and event lines of the newest matching
    /// seconds from the token's place on: <paramref name="limit"/> + 1 per source, the units and each chain's event log,
    /// however deep the page) and commits are walked; otherwise the whole audit is computed from the loaded chains and cut
    /// to the page. The token names the last entry's place in the order, so an entry
    /// added or removed between two pages neither repeats nor shifts another.
    /// </summary>
    /// <param name="actor">The actor glob, e.g. <c>gastown/*</c>, <c>*/polecats/*</c>, <c>mayor</c>.</param>
    /// <param name="since">Only entries at or after this instant; null for all.</param>
    /// <param name="limit">The page size, 1 to 10,000.</param>
    /// <param name="after">The previous page's <see cref="AuditPage.Next"/>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page (unreachable chains, chain states and truncations are the whole audit's) and the next token.</returns>
    /// <exception cref="FederationQueryException">A limit out of range or a token that is not an audit page's (<see cref="FederationQueryError.BadInput"/>).</exception>
    public ValueTask<AuditPage> AuditPageAsync(ActorPattern actor, DateTimeOffset? since, int limit, string? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CheckLimit(limit);
        Log.QueryStarted(logger, "audit (page)", actor.Pattern);
        return MeasureAsync("audit.page", (c, a, t) => AuditQuery.PageAsync(c, a.actor, a.since, a.limit, a.after, commits, EventSignatures, t),
            (actor, since, limit, after), static r => r.Result.Chains, cancellationToken);
    }

    /// <summary>
    /// Every page of <see cref="AuditAsync"/>, in order, as <see cref="AuditPageAsync"/> gives them, for a host that writes
    /// an actor's whole history as it comes and never holds it. While the index answers, each page reads its own window
    /// of units and event lines, every page from the state of the index the first one read; each chain's commits are
    /// walked again for every page (from git as it is then), one chain at a time, and what a page keeps of them, as of an
    /// event log only a load describes (read whole), is cut to its window. So a page holds about
    /// <paramref name="pageSize"/> entries, plus the commits of the one chain being walked. When the index cannot answer,
    /// the whole audit is computed once from the loaded chains and the rest of the walk cut from it after the last entry
    /// walked, so no entry repeats or is skipped (that rest costs what the whole audit costs).
    /// </summary>
    /// <param name="actor">The actor glob, e.g. <c>gastown/*</c>, <c>*/polecats/*</c>, <c>mayor</c>.</param>
    /// <param name="since">Only entries at or after this instant; null for all.</param>
    /// <param name="pageSize">Entries per page, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the walk; checked before each page.</param>
    /// <returns>
    /// The pages; the first always comes (empty when nothing matched), the last has no <see cref="AuditPage.Next"/>. Each
    /// page's unreachable chains, chain states and truncations are the whole audit's as the path that answered it saw
    /// them: a walk that moved from the index to a load gives the load's from then on.
    /// </returns>
    /// <exception cref="FederationQueryException">The page size is out of range (<see cref="FederationQueryError.BadInput"/>), when called.</exception>
    public IAsyncEnumerable<AuditPage> WalkAuditAsync(ActorPattern actor, DateTimeOffset? since = null, int pageSize = DefaultWalkPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CheckLimit(pageSize);
        Log.QueryStarted(logger, "audit (walk)", actor.Pattern);
        return PageWalk.RunAsync(this, "audit.walk", ListWalks.Audit(actor, since, pageSize, commits, EventSignatures), cancellationToken);
    }

    /// <summary>One step of a walk (<see cref="PageWalk"/>): a query of its own, in a fresh context, measured as any other.</summary>
    internal ValueTask<T> MeasureStepAsync<T>(string query, Func<QueryContext, CancellationToken, ValueTask<T>> run, Func<T, IReadOnlyList<ChainState>> chainsOf, CancellationToken cancellationToken)
        => MeasureAsync(query, static (c, r, t) => r(c, t), run, chainsOf, cancellationToken);

    private QueryContext NewContext() => new(chains, options, fetch, logger, time, index);

    /// <summary>
    /// Runs one query with its activity, duration and chain counts recorded (<see cref="FederationTelemetry"/>). With no
    /// listener and a query that finished without waiting, this adds no allocation to the query's own.
    /// </summary>
    private ValueTask<TResult> MeasureAsync<TArgument, TResult>(
        string query,
        Func<QueryContext, TArgument, CancellationToken, ValueTask<TResult>> run,
        TArgument argument,
        Func<TResult, IReadOnlyList<ChainState>> chainsOf,
        CancellationToken cancellationToken)
    {
        var activity = Telemetry.Source.StartActivity(FederationTelemetry.QueryActivity);
        activity?.SetTag(FederationTelemetry.QueryTag, query);
        var started = Stopwatch.GetTimestamp();
        ValueTask<TResult> pending;
        try
        {
            pending = run(NewContext(), argument, cancellationToken);
        }
        catch (Exception ex)
        {
            Finish<TResult>(query, activity, started, ex, chainsOf: null, result: default);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            Finish(query, activity, started, error: null, chainsOf, result);
            return new ValueTask<TResult>(result);
        }

        return AwaitAsync(pending);

        async ValueTask<TResult> AwaitAsync(ValueTask<TResult> running)
        {
            try
            {
                var result = await running.ConfigureAwait(false);
                Finish(query, activity, started, error: null, chainsOf, result);
                return result;
            }
            catch (Exception ex)
            {
                Finish<TResult>(query, activity, started, ex, chainsOf: null, result: default);
                throw;
            }
        }
    }

    private static void Finish<TResult>(string query, Activity? activity, long started, Exception? error, Func<TResult, IReadOnlyList<ChainState>>? chainsOf, TResult? result)
    {
        var outcome = error switch
        {
            null => "ok",
            FederationException federation => federation.ErrorKind.ToString(),
            OperationCanceledException => "cancelled",
            _ => "error",
        };
        var queryTag = new KeyValuePair<string, object?>(FederationTelemetry.QueryTag, query);
        Telemetry.QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, queryTag, new KeyValuePair<string, object?>(FederationTelemetry.OutcomeTag, outcome));
        if (chainsOf is not null && result is not null && Telemetry.QueryChains.Enabled)
        {
            foreach (var chain in chainsOf(result))
            {
                Telemetry.QueryChains.Add(1, queryTag, new KeyValuePair<string, object?>(FederationTelemetry.TrustTag, chain.Trust.ToString()));
            }
        }

        if (activity is not null)
        {
            activity.SetTag(FederationTelemetry.OutcomeTag, outcome);
            if (error is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome);
            }

            activity.Dispose();
        }
    }
}
