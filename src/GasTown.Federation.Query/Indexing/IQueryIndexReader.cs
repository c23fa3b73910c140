using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// One consistent view of an <see cref="IQueryIndex"/>: every answer comes from the same committed state. A method
/// that returns null or false where it could not answer exactly makes the query load the chains instead. A walk holds one
/// reader for all its pages (across awaits, one page at a time, never from two threads at once), so an implementation
/// must keep its view for its whole life, and <see cref="GetChain"/> must give a chain the same answer every time it is
/// asked.
/// </summary>
public interface IQueryIndexReader : IDisposable
{
    /// <summary>The local town's chain, or null when the store knows none.</summary>
    GtUri? LocalChain { get; }

    /// <summary>
    /// A chain as the store holds it: available with its state (from an older snapshot when the newest was refused:
    /// <see cref="QueryIndexChain.IsFromOlderSnapshot"/>), or unavailable as <see cref="ChainUnavailableReason.NotRegistered"/>,
    /// <see cref="ChainUnavailableReason.NeverFetched"/> or with the reason and words a load refuses it with. Null when
    /// the store cannot say exactly what loading the chain would (a refusal a load would say otherwise, or lines or
    /// problems only a full load describes).
    /// </summary>
    /// <param name="chain">A chain (<c>gt://entity/chain</c>).</param>
    /// <returns>The chain, or null.</returns>
    QueryIndexChain? GetChain(GtUri chain);

    /// <summary>
    /// Finds a work unit of an available chain by id as <see cref="Chain.TryGetWorkUnit(string, out ChainWorkUnit?)"/>
    /// does (an id in two rigs is its owner rig's unit, the only one a store holds), parsing only that unit's line.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="workId">The work id.</param>
    /// <param name="unit">The work unit with its exact upstream line, or null when the chain has none with that id.</param>
    /// <returns>False when the store cannot tell exactly (more than one row of the id: a store this version did not write).</returns>
    bool TryFindWorkUnit(GtUri chain, string workId, out WorkUnitSummary? unit);

    /// <summary>Every chain the store knows: the local town and each registered remote, available or not.</summary>
    IReadOnlyList<GtUri> KnownChains { get; }

    /// <summary>
    /// The chain the remote registered as <paramref name="remoteName"/> serves, as the store was found current for; null
    /// when it knows no such remote, or cannot say (then the query resolves the name through the chain provider).
    /// </summary>
    /// <param name="remoteName">The remote's registered name.</param>
    /// <returns>The chain, or null.</returns>
    GtUri? FindRemoteChain(string remoteName) => null;

    /// <summary>
    /// Whether an available chain asserts a delegation in any form (its relationships, a <c>delegated-from</c> dependency
    /// or <c>delegated_from</c> metadata); true too when the store cannot tell (the chain is not available in it). A walk
    /// over delegations that loads this chain alone meets no delegation when this is false.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <returns>False only when the chain holds no delegation.</returns>
    bool HoldsDelegations(GtUri chain);

    /// <summary>
    /// The dependencies of every work unit of an available chain whose type is one of <paramref name="types"/> (every
    /// type when null), without reading the units' lines.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="types">The dependency types (<c>blocks</c>, <c>parent-child</c>, …), or null for every type.</param>
    /// <returns>Each dependency, by its unit's URI.</returns>
    IEnumerable<QueryIndexDependency> GetDependencies(GtUri chain, IReadOnlyCollection<string>? types);

    /// <summary>
    /// As <see cref="GetDependencies"/>, in no promised order, read row by row as the caller enumerates them: a pass over a
    /// large chain's dependencies holds one at a time (the default implementation reads them all first). Enumerate it
    /// once, before the reader is disposed; other calls on the reader may come between its rows.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="types">The dependency types (<c>blocks</c>, <c>parent-child</c>, …), or null for every type.</param>
    /// <returns>Each dependency, by its unit's URI.</returns>
    IEnumerable<QueryIndexDependency> StreamDependencies(GtUri chain, IReadOnlyCollection<string>? types) => GetDependencies(chain, types);

    /// <summary>The work units of an available chain that are not closed (neither closed nor tombstone), each parsed from its line.</summary>
    /// <param name="chain">The chain.</param>
    /// <returns>The work units with their exact upstream lines, ordered by URI.</returns>
    IEnumerable<WorkUnitSummary> GetUnfinishedWorkUnits(GtUri chain);

    /// <summary>The rig of an available chain that holds a work id, as <see cref="TryFindWorkUnit"/> finds it, without reading the unit.</summary>
    /// <param name="chain">The chain.</param>
    /// <param name="workId">The work id.</param>
    /// <param name="rig">The rig's name, or null when the chain has no unit with that id.</param>
    /// <returns>False when the store cannot tell exactly.</returns>
    bool TryFindRig(GtUri chain, string workId, out string? rig);

    /// <summary>
    /// The employment relationships naming <paramref name="organization"/> that an available chain asserts in its
    /// <c>federation/relationships.jsonl</c>, in file order, each read from its exact line by Model's parser.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="organization">The organisation.</param>
    /// <returns>The relationships (each an <see cref="EmploymentRelationship"/>).</returns>
    IReadOnlyList<Relationship> GetEmployments(GtUri chain, EntityId organization);

    /// <summary>The work units of a scope that pass <paramref name="filter"/>, each parsed from its line.</summary>
    /// <param name="scope">The chain and, optionally, the assignees.</param>
    /// <param name="filter">Status and type.</param>
    /// <returns>The work units with their exact upstream lines, ordered by URI.</returns>
    IEnumerable<WorkUnitSummary> GetWorkUnits(QueryIndexScope scope, WorkFilter filter);

    /// <summary>
    /// At most <paramref name="count"/> work units of the scopes that pass <paramref name="filter"/>, ordered by URI
    /// (ordinal), after <paramref name="afterUri"/>; only their lines are parsed (a scope of assignees may read many rows
    /// of its chain to find them).
    /// </summary>
    /// <param name="scopes">The chains (each once) and their assignees.</param>
    /// <param name="filter">Status and type.</param>
    /// <param name="afterUri">The URI the page starts after, or null for the first page.</param>
    /// <param name="count">The most work units to return.</param>
    /// <returns>The work units.</returns>
    IReadOnlyList<WorkUnitSummary> GetWorkUnitsPage(IReadOnlyList<QueryIndexScope> scopes, WorkFilter filter, string? afterUri, int count);

    /// <summary>
    /// Full-text search (every word must occur; a trailing <c>*</c> matches a prefix) over the titles, descriptions,
    /// notes and comments of the scopes' work units that pass <paramref name="filter"/>, in the search's own stable order.
    /// </summary>
    /// <param name="text">The words.</param>
    /// <param name="scopes">The chains (each once) and their assignees.</param>
    /// <param name="filter">Status and type.</param>
    /// <param name="after">The <see cref="QueryIndexMatch.Position"/> to continue after, or 0 from the start.</param>
    /// <param name="count">The most matches to return.</param>
    /// <returns>The matches.</returns>
    /// <exception cref="FederationQueryException">
    /// The text has no words to look for, more than 32 different words, a word over 256 characters or is over 16,384
    /// characters (<see cref="FederationQueryError.BadInput"/>).
    /// </exception>
    IReadOnlyList<QueryIndexMatch> Search(string text, IReadOnlyList<QueryIndexScope> scopes, WorkFilter filter, long after, int count);

    /// <summary>
    /// At most <paramref name="count"/> candidates for ready work, in the ready list's order (priority, then URI ordinal),
    /// after the position (<paramref name="afterPriority"/>, <paramref name="afterUri"/>): the work units of available
    /// chains whose status is <c>open</c> or <c>in_progress</c>, that pass <paramref name="filter"/>, are not pinned and
    /// are not deferred past <paramref name="now"/>. Read from the units' rows only; no line is parsed.
    /// </summary>
    /// <param name="filter">Status and type.</param>
    /// <param name="now">The instant a <c>defer_until</c> must be after to defer a unit.</param>
    /// <param name="afterPriority">The priority of the position to start after, or null for the first candidates.</param>
    /// <param name="afterUri">The URI of the position to start after (with <paramref name="afterPriority"/>).</param>
    /// <param name="count">The most candidates to return.</param>
    /// <returns>The candidates, in order.</returns>
    IReadOnlyList<QueryIndexUnitState> GetReadyCandidates(WorkFilter filter, DateTimeOffset now, int? afterPriority, string? afterUri, int count);

    /// <summary>
    /// The dependencies of one work unit of an available chain (every type, in the order its line lists them), without
    /// reading its line; empty when the chain is not available or holds no unit with that URI.
    /// </summary>
    /// <param name="unit">The work unit's canonical URI, as <see cref="QueryIndexUnitState.Uri"/> gives it.</param>
    /// <returns>Its dependencies.</returns>
    IReadOnlyList<QueryIndexDependency> GetUnitDependencies(GtUri unit);

    /// <summary>
    /// Finds a work unit of an available chain by id as <see cref="TryFindWorkUnit"/> does, reading only its row (status,
    /// priority, pinned, <c>defer_until</c>), not its line.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="workId">The work id.</param>
    /// <param name="state">The unit's state, or null when the chain has no unit with that id.</param>
    /// <returns>False when the store cannot tell exactly (as <see cref="TryFindWorkUnit"/>).</returns>
    bool TryFindWorkUnitState(GtUri chain, string workId, out QueryIndexUnitState? state);

    /// <summary>
    /// The <c>parent-child</c> dependencies written in an available chain whose <c>depends_on_id</c> names one of
    /// <paramref name="parentWorkIds"/>, in any spelling of a reference (a bare id, <c>rig/id</c>, <c>./id</c>,
    /// <c>external:rig:id</c>, a <c>gt://</c> or <c>hop://</c> URI of any chain), without reading the children's lines.
    /// The id alone does not place the parent: resolve each <see cref="QueryIndexChildEdge.DependsOnId"/> in the chain's
    /// context to know whether it names the parent asked for. Reads only the edge rows that name those ids.
    /// </summary>
    /// <param name="chain">The chain whose work units depend (the children's chain).</param>
    /// <param name="parentWorkIds">The parents' work ids.</param>
    /// <returns>Each such dependency with its child, ordered by the child's URI, then as written.</returns>
    IReadOnlyList<QueryIndexChildEdge> GetChildEdges(GtUri chain, IReadOnlyCollection<string> parentWorkIds);

    /// <summary>
    /// The dependency edges that may name <paramref name="target"/>, read by the work id their reference names without
    /// reading a line: in the target's own chain every spelling of its id (a bare id, <c>rig/id</c>,
    /// <c>external:rig:id</c>, a URI), in any other available chain only the <c>gt://</c> and <c>hop://</c> spellings
    /// (a short form resolves in its own chain, never in another; the federation index reads only those that name the
    /// target itself). A superset of the edges that resolve to the target (the caller resolves each in its unit's chain); a
    /// remote writing many forms of a common id costs nothing here.
    /// Null when the store cannot find edges by the id they name (the default; the caller loads).
    /// </summary>
    /// <param name="target">The work unit, its canonical URI.</param>
    /// <returns>The edges, ordered by their unit's URI (ordinal), then as written; or null.</returns>
    IReadOnlyList<QueryIndexNamingEdge>? GetEdgesNaming(GtUri target) => null;

    /// <summary>The work units of an available chain with the given canonical URIs, each parsed from its line; a URI it has no unit at is left out.</summary>
    /// <param name="chain">The chain.</param>
    /// <param name="uris">The work units' URIs, as the index names them (<see cref="QueryIndexChildEdge.Child"/>).</param>
    /// <returns>The work units with their exact upstream lines, ordered by URI (ordinal).</returns>
    IReadOnlyList<WorkUnitSummary> GetWorkUnitsByUri(GtUri chain, IReadOnlyCollection<GtUri> uris);

    /// <summary>
    /// The work units of every available chain whose line names an actor matching <paramref name="actor"/> as an audit reads
    /// beads (the creator, the assignee of a closed unit, a comment's author, a dependency's creator) at or after
    /// <paramref name="since"/>, each parsed from its line: a superset of the units an audit finds entries in (the caller
    /// derives the entries from each unit), never a unit without such an actor.
    /// </summary>
    /// <param name="actor">The actor glob.</param>
    /// <param name="since">Only actors acting at or after this instant; null for all.</param>
    /// <returns>The work units with their exact upstream lines, in no particular order, read a few hundred at a time as the sequence is walked (walk it while the reader is open).</returns>
    IEnumerable<WorkUnitSummary> GetAuditWorkUnits(Provenance.ActorPattern actor, DateTimeOffset? since);

    /// <summary>
    /// As <see cref="GetAuditWorkUnits(Provenance.ActorPattern, DateTimeOffset?)"/>, for one page of an audit: a superset
    /// of the units holding a matching fact within <paramref name="window"/>. The default implementation returns every
    /// matching unit (correct, at the whole audit's cost); an index that keeps each fact's second reads the window only.
    /// </summary>
    /// <param name="actor">The actor glob.</param>
    /// <param name="since">Only actors acting at or after this instant; null for all.</param>
    /// <param name="window">The facts the page needs.</param>
    /// <returns>The work units with their exact upstream lines, in no particular order.</returns>
    IEnumerable<WorkUnitSummary> GetAuditWorkUnits(Provenance.ActorPattern actor, DateTimeOffset? since, QueryIndexAuditWindow window) => GetAuditWorkUnits(actor, since);

    /// <summary>
    /// The lines of an available chain's event log (<c>.events.jsonl</c>) that hold an event whose actor matches
    /// <paramref name="actor"/> at or after <paramref name="since"/> (a superset: the caller reads each line again), in
    /// file order; null when the store cannot describe the log exactly as reading the loaded chain's log would (the audit
    /// then reads that log itself, from <see cref="ReadChainFilesAsync"/>'s source).
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="actor">The actor glob.</param>
    /// <param name="since">Only events at or after this instant; null for all.</param>
    /// <returns>The lines, or null.</returns>
    QueryIndexEventLines? GetAuditEventLines(GtUri chain, Provenance.ActorPattern actor, DateTimeOffset? since);

    /// <summary>
    /// As <see cref="GetAuditEventLines(GtUri, Provenance.ActorPattern, DateTimeOffset?)"/>, for one page of an audit: a
    /// superset of the chain's matching event lines within <paramref name="window"/>, in file order. The default
    /// implementation returns every matching line.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="actor">The actor glob.</param>
    /// <param name="since">Only events at or after this instant; null for all.</param>
    /// <param name="window">The facts the page needs.</param>
    /// <returns>The lines, or null.</returns>
    QueryIndexEventLines? GetAuditEventLines(GtUri chain, Provenance.ActorPattern actor, DateTimeOffset? since, QueryIndexAuditWindow window) => GetAuditEventLines(chain, actor, since);

    /// <summary>
    /// For each available chain, the newest instant (a whole second) past <paramref name="after"/>'s second at which an actor
    /// matching <paramref name="actor"/> acts (at or after <paramref name="since"/>, to the second) in its work units, as an
    /// audit reads beads, and in the event logs of <paramref name="logs"/> (those <see cref="GetAuditEventLines(GtUri, Provenance.ActorPattern, DateTimeOffset?)"/>
    /// describes); chains with none are left out. How a page of an audit, which reads only the facts up to its cutoff, knows
    /// which chains date entries past it (an audit leaves those out and says so in the chain's state) without reading them.
    /// The default implementation returns null: the audit then reads every matching fact to know.
    /// </summary>
    /// <param name="actor">The actor glob.</param>
    /// <param name="since">Only actors acting at or after this instant; null for all.</param>
    /// <param name="after">The cutoff: facts in a later second count.</param>
    /// <param name="logs">The chains whose event logs count.</param>
    /// <returns>The newest such instant of each chain that has one, or null.</returns>
    IReadOnlyDictionary<GtUri, DateTimeOffset>? GetAuditFactsAfter(Provenance.ActorPattern actor, DateTimeOffset? since, DateTimeOffset after, IReadOnlyCollection<GtUri> logs) => null;

    /// <summary>
    /// An available chain as read from the same snapshot (or folder) the store indexed, with its small files (identity,
    /// routes, relationships) and no work units: what an event signature's verdict needs (the chain's entity, its
    /// source for grants, its revision), and the source an audit reads a log from when <see cref="GetAuditEventLines(GtUri, Provenance.ActorPattern, DateTimeOffset?)"/>
    /// cannot describe it. Its <see cref="Chain.Source"/> must read as the provider's snapshot does, within the same bound
    /// (a fetched tree's plain read within <see cref="ChainLimits.MaxBlobBytes"/>), or the two paths' audits differ. Null
    /// when the store cannot give it.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="cancellationToken">Cancels reading its files.</param>
    /// <returns>The chain without its work units, or null.</returns>
    ValueTask<Chain?> ReadChainFilesAsync(GtUri chain, CancellationToken cancellationToken = default);

    /// <summary>
    /// The delegation claims an available chain asserts, in the order a load collects them (its
    /// <c>federation/relationships.jsonl</c> first, then each delegating unit's), without reading the units' lines; empty
    /// when the chain is not available.
    /// </summary>
    /// <param name="chain">The asserting chain.</param>
    /// <returns>Its claims.</returns>
    IReadOnlyList<QueryIndexDelegation> GetDelegationClaims(GtUri chain);

    /// <summary>
    /// The delegation claims about one parent work unit (its chain and id: the rig is no part of it) that the parent's own
    /// chain asserts, when it is available, as it collects them: the only claims a graph follows
    /// (<see cref="Model.TrustEvaluator.IsAssertedByAuthority"/>); claims other chains make about the parent are not read,
    /// however many a remote writes.
    /// </summary>
    /// <param name="parent">The parent work unit.</param>
    /// <returns>The claims.</returns>
    IReadOnlyList<QueryIndexDelegation> GetDelegationClaimsAbout(GtUri parent);

    /// <summary>
    /// Whether an available chain may assert a cross-reference in its <c>federation/relationships.jsonl</c> (rather than
    /// only through its units' dependencies, which a walk reads as edges); true too when the store cannot tell.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <returns>False only when every cross-reference of the chain is one of its dependencies.</returns>
    bool MayHoldWrittenCrossReferences(GtUri chain);
}
