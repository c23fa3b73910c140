using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// One read transaction of the index answering Query's <see cref="IQueryIndexReader"/>: a chain's state from its row
/// (and, for a remote, the same signature judgement and staleness notice GitTransport's provider gives), a work unit by
/// id from its row and its one stored line. A chain the provider would describe differently (answered from an older
/// snapshot, refused, or with lines or problems only a full load describes) is declined.
/// </summary>
internal sealed class IndexQueryReader : IQueryIndexReader
{
    private readonly FederationIndex _index;
    private readonly GitChainProvider _provider;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly Dictionary<GtUri, Row?> _rows = [];

    // Each chain's state as this reader first judged it. A walk holds one reader for all its pages (Query's PageWalk), so
    // a fetch between two pages must not make a later page judge the chain anew (its tip and verified ref are read live
    // from git, and would no longer name the revision this transaction's rows are of): every page sees the first verdict.
    private readonly Dictionary<GtUri, QueryIndexChain?> _judged = [];

    // The statements run once per unit or chain a walk reaches, compiled once per reader.
    private readonly PreparedStatements _statements;

    // The keys kept for every entity: the check's, or read once per reader (in one pass) when the first remote chain is judged.
    private TrustedKeysSnapshot? _keys;

    // The registered remotes by name, as this reader first read them (MatchesRegistry compares them with the index's
    // chains): one view for every chain the reader judges, not the registry read again (two stats and a scan) per chain.
    // Deliberately as of the reader's open: a fetch since then changes a tip, which a chain's first judgement reads live
    // and declines on.
    private Dictionary<string, RegisteredRemote>? _remotes;

    // The registry as the check that found the index current read it (null when this reader did its own open): the state
    // this reader answers for, so a chain's tip, its verified commit and the keys are not read from git a second time (and
    // when the check reused the snapshot the index keeps, git is not opened at all).
    private readonly RegistrySnapshot? _registry;

    private (ActorPattern Pattern, List<long> Ids)? _matched;

    // The file's line hash, read once, when the first stored line is checked.
    private LineHash? _lineHash;

    // The query's cancellation stops the statement it cancels in (a query reads through one reader from its open to its end),
    // and no statement starts after it (SQLite's interrupt stops only a statement already running).
    private readonly CancellationTokenRegistration _interrupt;
    private readonly CancellationToken _cancellationToken;

    /// <summary>
    /// A reader of the index's last committed state, in <paramref name="read"/> when given (its owner from now on), whose
    /// statements stop when <paramref name="cancellationToken"/> is cancelled (Query's <c>IndexAttempt</c> then ends the
    /// query as cancelled).
    /// </summary>
    public IndexQueryReader(FederationIndex index, GitChainProvider provider, IndexRead? read = null, CancellationToken cancellationToken = default)
    {
        _index = index;
        _provider = provider;
        _connection = read?.Connection ?? index.OpenReaderConnection();
        _registry = read?.Registry;
        _remotes = _registry?.Remotes.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _keys = _registry?.Keys;
        try
        {
            _interrupt = IndexDatabase.InterruptOn(_connection, cancellationToken);
            _cancellationToken = cancellationToken;
            _transaction = read?.Transaction ?? _connection.BeginTransaction();
            _statements = new PreparedStatements(_connection, _transaction, cancellationToken);
            LocalChain = Scalar("SELECT uri FROM chains WHERE is_local = 1 LIMIT 1") is string local ? GtUri.Parse(local) : null;
        }
        catch
        {
            _interrupt.Dispose();
            _connection.Dispose();
            throw;
        }
    }

    public GtUri? LocalChain { get; }

    private LineHash LineHashOfFile => _lineHash ??= LineHash.For(_connection, _transaction);

    // A statement of this read; none starts once the query is cancelled.
    private SqliteCommand Command(string sql, params object?[] values)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return IndexDatabase.Command(_connection, _transaction, sql, values);
    }

    private object? Scalar(string sql, params object?[] values)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return IndexDatabase.Scalar(_connection, _transaction, sql, values);
    }

    /// <summary>A reader of the index's last committed state, or null when its chains are not the registry's (see <see cref="MatchesRegistry"/>).</summary>
    public static IndexQueryReader? TryOpen(FederationIndex index, GitChainProvider provider, IndexRead? read = null, CancellationToken cancellationToken = default)
    {
        var reader = new IndexQueryReader(index, provider, read, cancellationToken);
        try
        {
            if (reader.MatchesRegistry())
            {
                return reader;
            }
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        reader.Dispose();
        return null;
    }

    public IReadOnlyList<GtUri> KnownChains
    {
        get
        {
            var chains = new List<GtUri>();
            using var command = Command("SELECT uri FROM chains ORDER BY uri");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                chains.Add(GtUri.Parse(reader.GetString(0)));
            }

            return chains;
        }
    }

    public GtUri? FindRemoteChain(string remoteName) => Remotes.TryGetValue(remoteName, out var remote) ? remote.Chain : null;

    /// <summary>
    /// Whether the chains the index holds are the ones a load would walk: the local town's and every registered remote's
    /// (as the check that found the index current listed them, when this reader was handed its read; else as listed now).
    /// A remote added or removed by another process since then makes them differ, and the query loads its chains.
    /// </summary>
    public bool MatchesRegistry()
    {
        var expected = Remotes.Values.Select(r => r.Chain.ToString()).ToHashSet(StringComparer.Ordinal);
        if (LocalChain is { } local)
        {
            expected.Add(local.ToString());
        }

        return expected.SetEquals(KnownChains.Select(c => c.ToString()));
    }

    public bool HoldsDelegations(GtUri chain)
        => RowOf(chain) is not { Available: true } row
            || Scalar("SELECT 1 FROM chains WHERE id = $p0 AND delegates = 0", row.Id) is null;

    // In the deps table's own order (no sort: the rows come as SQLite walks them, one held at a time).
    public IEnumerable<QueryIndexDependency> StreamDependencies(GtUri chain, IReadOnlyCollection<string>? types)
        => ReadDependencies(chain, types, ordered: false);

    public IEnumerable<QueryIndexDependency> GetDependencies(GtUri chain, IReadOnlyCollection<string>? types)
        => ReadDependencies(chain, types, ordered: true).ToList();

    // A chain's dependency rows, of the given types (null: all), by unit URI then row order when ordered; yielded one at a
    // time from one open statement.
    private IEnumerable<QueryIndexDependency> ReadDependencies(GtUri chain, IReadOnlyCollection<string>? types, bool ordered)
    {
        if (RowOf(chain) is not { Available: true } row || types is { Count: 0 })
        {
            yield break;
        }

        var values = new List<object?> { row.Id };
        var names = new List<string>();
        foreach (var type in types ?? [])
        {
            names.Add("$p" + values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            values.Add(type);
        }

        var typed = types is null ? "" : $" AND d.type IN ({string.Join(", ", names)})";
        var order = ordered ? " ORDER BY u.uri, d.rowid" : "";
        using var command = Command(
            $"SELECT u.uri, d.depends_on, d.type FROM deps d JOIN units u ON u.id = d.unit WHERE u.chain_id = $p0{typed}{order}", [.. values]);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new QueryIndexDependency(GtUri.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2));
        }
    }

    public IEnumerable<WorkUnitSummary> GetUnfinishedWorkUnits(GtUri chain)
    {
        var rows = new List<UnitRow>();
        if (RowOf(chain) is not { Available: true } row)
        {
            return [];
        }

        using (var command = Command(
            "SELECT uri, rig, line, hash FROM units WHERE chain_id = $p0 AND status NOT IN ('closed', 'tombstone') ORDER BY uri", row.Id))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(UnitRow.Read(reader));
            }
        }

        return _index.Build(rows, LineHashOfFile);
    }

    public QueryIndexChain? GetChain(GtUri chain)
    {
        if (!_judged.TryGetValue(chain, out var judged))
        {
            judged = Judge(chain);
            _judged[chain] = judged;
        }

        return judged;
    }

    private QueryIndexChain? Judge(GtUri chain)
    {
        var registry = _index.Registry;
        var row = RowOf(chain);
        if (row is null)
        {
            // Every known chain is in the index once it is up to date; one that is not is not registered.
            return Remotes.Values.Any(r => r.Chain == chain.ChainUri) || chain == LocalChain ? null : new QueryIndexChain(chain, ChainUnavailableReason.NotRegistered, null);
        }

        if (!row.Available)
        {
            if (row.Reason == nameof(ChainUnavailableReason.NeverFetched) && row.Remote is { } name && Remotes.TryGetValue(name, out var unfetched))
            {
                // Nothing fetched, but a fetch failed since (recorded by whichever process ran it, after this row was
                // written): its load says that failure, which is what the user needs, not "never fetched". Loading a chain
                // with no tip reads nothing.
                // The provider's words: a remote fetched with no branch to read names the branch it looked for.
                return unfetched.LastFetchFailure is null
                    ? new QueryIndexChain(chain, ChainUnavailableReason.NeverFetched, unfetched.LastFetchedAt) { Message = GitChainProvider.NothingFetched(unfetched) }
                    : null;
            }

            return RefusedAsALoadRefusesIt(chain, row);
        }

        // Over this process's limits, though within those of the process that indexed it (a host with smaller limits
        // sharing the town's index): its own load refuses the chain (more lines than MaxWorkUnits, an issues file over
        // MaxBlobBytes, issues files larger together than MaxIssuesBytes, a relationships file of more lines than
        // MaxRelationships, a routes file of more than MaxRigs, more dependency edges than MaxDependencies, counted as the
        // indexer and the loader count them), or drops a line longer
        // than MaxLineBytes that the index holds a unit of, so it loads it and says so.
        if (row.Lines > _index.Limits.MaxWorkUnits || row.LargestFile > _index.Limits.MaxBlobBytes || row.LongestLine > _index.Limits.MaxLineBytes
            || row.ClaimLines > _index.Limits.MaxRelationships || row.RouteLines > _index.Limits.MaxRigs || row.DependencyEdges > _index.Limits.MaxDependencies
            || row.IssuesBytes > _index.Limits.MaxIssuesBytes)
        {
            return null;
        }

        // Notes a whole load gave within other limits than this process reads within: its own load would say otherwise.
        if (!row.Exact || !Enum.TryParse<ChainIdentityStatus>(row.Identity, out var identity)
            || (row.NotesLimits is { } limits && !string.Equals(limits, ChainNotes.LimitsOf(_index.Limits), StringComparison.Ordinal)))
        {
            return null;
        }

        var notices = new List<ChainNotice>();
        DateTimeOffset? dataAsOf = null;
        IdentityProof? proof = null;
        if (!row.IsLocal)
        {
            if (row.Remote is not { } remoteName || !Remotes.TryGetValue(remoteName, out var remote) || remote.Chain != chain || row.Revision is not { } revision)
            {
                return null;
            }

            // The provider answers from the tip only if it passed when fetched (else from an older one, or not at all); the
            // rows are of the commit it answers from: the tip, or the last verified snapshot when the tip was refused, for its
            // signature or its content (answered_from). And the row must be of the tip the provider reads (RefsOf says how).
            var rowsOf = row.AnsweredFrom ?? revision;
            var (verified, tip) = RefsOf(remote, revision);
            if (!string.Equals(verified, rowsOf, StringComparison.Ordinal) || !string.Equals(tip, revision, StringComparison.Ordinal))
            {
                return null;
            }

            if (row.AnsweredFrom is not null)
            {
                // Why the tip is refused, as a load says it: its signature first, judged against the keys kept now; else
                // its content, in the words kept when it was indexed within these limits (roomier ones might pass it).
                // A tip refused for its signature then and accepted now: the load reads it, so the query loads. A tip that is
                // no commit has no signature: a load refuses it for that first, in the words kept.
                var notACommit = StoredSignatureCheck.IsNotACommit(row.RefusedCheck, revision);
                var tipCheck = notACommit ? null : StoredSignatureCheck.Decode(row.RefusedCheck, revision);
                if (!notACommit && tipCheck is null)
                {
                    return null;
                }

                if (tipCheck is not null
                    && SnapshotTrust.JudgeChecked(registry.Repository, remote, revision, tipCheck, KeysOf(chain.Entity), _index.Limits.MaxBlobBytes).Refusal is { } signatureRefusal)
                {
                    notices.Add(GitChainProvider.OlderSnapshotNotice(remote, rowsOf, revision, signatureRefusal));
                }
                else if (row.Reason != nameof(ChainUnavailableReason.SignatureRefused) && row.Message is not null
                    && string.Equals(row.RefusedLimits, ChainNotes.RefusalLimitsOf(_index.Limits), StringComparison.Ordinal))
                {
                    notices.Add(new ChainNotice(ChainNoticeKind.NewestSnapshotRefused, row.Message));
                }
                else
                {
                    return null;
                }
            }

            var (judged, refusal) = ProofOfRows(registry.Repository, remote, rowsOf, row.TipCheck, KeysOf(chain.Entity), _index.Limits.MaxBlobBytes);
            if (refusal is not null && row.AnsweredFrom is null)
            {
                return null;
            }

            proof = judged;
            // As GitChainProvider says it: rows of an older snapshot are as of the last fetch that found it the tip.
            dataAsOf = row.AnsweredFrom is null ? remote.LastFetchedAt : remote.VerifiedFetchedAt;
            if (_provider.StaleNotice(remote) is { } stale)
            {
                notices.Add(stale);
            }
        }

        if (ChainNotices.ForIdentity(chain, identity) is { } unverified)
        {
            notices.Add(unverified);
        }

        // The chain's problems, and the notices a load gives a chain whose lines are irregular (LoadedChainNotes), after
        // the identity notice, as ChainNotices.For orders them (ForIdentity, then ForContent).
        var problems = new List<string>();
        using (var reader = _statements.For("SELECT text, kind FROM chain_notes WHERE chain_id = $p0 ORDER BY seq", row.Id).ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.IsDBNull(1))
                {
                    problems.Add(reader.GetString(0));
                }
                else if (Enum.TryParse<ChainNoticeKind>(reader.GetString(1), out var kind))
                {
                    notices.Add(new ChainNotice(kind, reader.GetString(0)));
                }
                else
                {
                    return null;
                }
            }
        }

        return new QueryIndexChain(chain, null, dataAsOf)
        {
            IsFromOlderSnapshot = row.AnsweredFrom is not null,
            Routes = row.Routes,
            IsIdentityVerified = identity == ChainIdentityStatus.Verified,
            Notices = notices,
            Problems = problems,
            DroppedLineCount = row.Dropped,
            Proof = proof,
        };
    }

    public bool TryFindRig(GtUri chain, string workId, out string? rig)
    {
        rig = null;
        if (!TryFindRow(chain, workId, withLine: false, out var found))
        {
            return false;
        }

        rig = found?.Rig;
        return true;
    }

    public bool TryFindWorkUnit(GtUri chain, string workId, out WorkUnitSummary? unit)
    {
        unit = null;
        if (!TryFindRow(chain, workId, withLine: true, out var found))
        {
            return false;
        }

        if (found is not null)
        {
            unit = _index.Build([found], LineHashOfFile)[0];
        }

        return true;
    }

    public IReadOnlyList<Relationship> GetEmployments(GtUri chain, EntityId organization)
    {
        var relationships = new List<Relationship>();
        if (RowOf(chain) is not { Available: true } row)
        {
            return relationships;
        }

        using var command = Command(
            "SELECT line FROM employments WHERE organization = $p0 AND chain_id = $p1 ORDER BY seq", organization.Value, row.Id);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            // The exact line, read by the parser the loader uses; anything else means the row is not what was written.
            relationships.Add(RelationshipDocument.Parse((byte[])reader.GetValue(0)).Relationships is [EmploymentRelationship employment]
                ? employment
                : throw new FederationIndexException(FederationErrorKind.RemoteFailure, $"The index file {_index.DatabasePath} is damaged (an employment line of {chain} does not read back); rebuild it or delete it."));
        }

        return relationships;
    }

    public IEnumerable<WorkUnitSummary> GetWorkUnits(QueryIndexScope scope, WorkFilter filter)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        if (RowOf(scope.Chain) is not { Available: true } row)
        {
            return [];
        }

        var where = new ScopeSql([]).Scope(row.Id, scope.Assignees).Filter(filter);
        return _index.Build(ReadUnitRows($"SELECT uri, rig, line, hash, id FROM units u WHERE 1 = 1{where.Sql} ORDER BY uri", where.Values), LineHashOfFile);
    }

    public IReadOnlyList<WorkUnitSummary> GetWorkUnitsPage(IReadOnlyList<QueryIndexScope> scopes, WorkFilter filter, string? afterUri, int count)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(filter);

        // Each chain's next URIs by its (chain_id, uri) index, then the first of all: a page reads at most `count` index
        // entries per chain and the lines of its own rows only.
        var candidates = new List<(string Uri, long Id)>();
        foreach (var scope in scopes)
        {
            if (count <= 0 || RowOf(scope.Chain) is not { Available: true } row)
            {
                continue;
            }

            var where = new ScopeSql([]).Scope(row.Id, scope.Assignees).Filter(filter);
            if (afterUri is not null)
            {
                where.And("u.uri > $v", afterUri);
            }

            using var command = Command(
                $"SELECT u.uri, u.id FROM units u WHERE 1 = 1{where.Sql} ORDER BY u.uri LIMIT {count.ToString(System.Globalization.CultureInfo.InvariantCulture)}", [.. where.Values]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                candidates.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        candidates.Sort((a, b) => string.CompareOrdinal(a.Uri, b.Uri));
        var ids = candidates.Take(Math.Max(count, 0)).Select(c => c.Id).ToList();
        var rows = new List<UnitRow>(ids.Count);
        foreach (var batch in ids.Chunk(500))
        {
            var names = string.Join(", ", batch.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            rows.AddRange(ReadUnitRows($"SELECT uri, rig, line, hash, id FROM units WHERE id IN ({names})", [.. batch.Cast<object?>()]));
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Uri, b.Uri));
        return _index.Build(rows, LineHashOfFile);
    }

    public IReadOnlyList<QueryIndexChildEdge> GetChildEdges(GtUri chain, IReadOnlyCollection<string> parentWorkIds)
    {
        ArgumentNullException.ThrowIfNull(parentWorkIds);
        var edges = new List<(string Uri, long Row, QueryIndexChildEdge Edge)>();
        if (RowOf(chain) is not { Available: true } row)
        {
            return [];
        }

        // By the partial index over the rows that name a parent id, chain first (deps_parent): only this chain's edges naming
        // these ids are read, however many edges other chains write naming the same ids.
        foreach (var batch in parentWorkIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = string.Join(", ", batch.Select((_, i) => "$p" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var command = Command(
                ChildEdgesSql(names),
                [row.Id, .. batch]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var uri = reader.GetString(0);
                edges.Add((uri, reader.GetInt64(4), new QueryIndexChildEdge(GtUri.Parse(uri), reader.GetString(1), new WorkStatus(reader.GetString(2)), new WorkType(reader.GetString(3)))));
            }
        }

        edges.Sort((a, b) => string.CompareOrdinal(a.Uri, b.Uri) is var c && c != 0 ? c : a.Row.CompareTo(b.Row));
        return [.. edges.Select(e => e.Edge)];
    }

    public IReadOnlyList<QueryIndexNamingEdge> GetEdgesNaming(GtUri target)
    {
        // The rows whose reference names the unit, of the available chains; no line is read. In the target's chain, every
        // edge naming its id (deps_target: the chain and id); in the others, the edges whose URI names the unit itself
        // (deps_target_key), since outside its chain only a URI can name it. Never the edges that name the same id in other
        // chains: how many there are is up to those chains, not this answer. The caller resolves each row as a load does.
        var edges = new List<(string Uri, long Row, QueryIndexNamingEdge Edge)>();
        using var command = Command(EdgesNamingSql, target.WorkId, target.ChainUri.ToString(), WorkUnitKey.Of(target));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var uri = reader.GetString(0);
            edges.Add((uri, reader.GetInt64(3), new QueryIndexNamingEdge(GtUri.Parse(uri), reader.GetString(1), new DependencyType(reader.GetString(2)))));
        }

        edges.Sort((a, b) => string.CompareOrdinal(a.Uri, b.Uri) is var c && c != 0 ? c : a.Row.CompareTo(b.Row));
        return [.. edges.Select(e => e.Edge)];
    }

    /// <summary>The edge rows that name work id <c>$p0</c> of chain <c>$p1</c>: that chain's by the id, the others' by the unit's key <c>$p2</c>.</summary>
    internal const string EdgesNamingSql = """
        SELECT u.uri, d.depends_on, d.type, d.rowid FROM deps d JOIN units u ON u.id = d.unit JOIN chains c ON c.id = u.chain_id
        WHERE d.chain_id = (SELECT id FROM chains WHERE uri = $p1) AND d.target_id = $p0 AND c.state = 'available'
        UNION ALL
        SELECT u.uri, d.depends_on, d.type, d.rowid FROM deps d JOIN units u ON u.id = d.unit JOIN chains c ON c.id = u.chain_id
        WHERE d.target_key = $p2 AND c.uri <> $p1 AND c.state = 'available'
        """;

    /// <summary>The edge rows of chain <c>$p0</c> that name one of the parent ids <paramref name="names"/> (<c>$p1, $p2, ...</c>).</summary>
    internal static string ChildEdgesSql(string names) =>
        $"SELECT u.uri, d.depends_on, u.status, u.issue_type, d.rowid FROM deps d JOIN units u ON u.id = d.unit WHERE d.chain_id = $p0 AND d.parent_id IN ({names})";

    public IReadOnlyList<WorkUnitSummary> GetWorkUnitsByUri(GtUri chain, IReadOnlyCollection<GtUri> uris)
    {
        ArgumentNullException.ThrowIfNull(uris);
        if (RowOf(chain) is not { Available: true } row)
        {
            return [];
        }

        // By units_chain_uri; only these rows' lines are read.
        var rows = new List<UnitRow>(uris.Count);
        foreach (var batch in uris.Select(u => u.ToString()).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = string.Join(", ", batch.Select((_, i) => "$p" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            rows.AddRange(ReadUnitRows($"SELECT uri, rig, line, hash, id FROM units WHERE chain_id = $p0 AND uri IN ({names})", [row.Id, .. batch]));
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Uri, b.Uri));
        return _index.Build(rows, LineHashOfFile);
    }

    public IReadOnlyList<QueryIndexMatch> Search(string text, IReadOnlyList<QueryIndexScope> scopes, WorkFilter filter, long after, int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(filter);
        var match = SearchText.ToFtsMatch(text, out var problem);
        if (match is null)
        {
            // As FederationIndex.SearchAsync says it: nothing to look for, too much, or an operator, is the caller's mistake, not an empty answer.
            throw new FederationQueryException(FederationQueryError.BadInput, problem!, text);
        }

        var available = scopes.Select(s => (Row: RowOf(s.Chain), s.Assignees)).Where(s => s.Row is { Available: true })
            .Select(s => (s.Row!.Id, s.Assignees)).ToList();
        if (available.Count == 0 || count <= 0)
        {
            return [];
        }

        // The search's order is the full-text index's row order, as FederationIndex.SearchAsync pages it. The scopes are
        // asked in batches (SQLite refuses an expression 1,000 ORs deep or 32,766 parameters), each for the first count
        // matches after the position; the first count of their union are the answer.
        var rows = new List<UnitRow>();
        foreach (var batch in SearchBatches(available))
        {
            var where = new ScopeSql([match]).And("units_fts.rowid > $v", after).AnyScope(batch).Filter(filter);
            rows.AddRange(ReadUnitRows(
                $"SELECT u.uri, u.rig, u.line, u.hash, u.id FROM units_fts JOIN units u ON u.id = units_fts.rowid WHERE units_fts MATCH $p0{where.Sql} ORDER BY units_fts.rowid LIMIT {count.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                where.Values));
        }

        rows = [.. rows.DistinctBy(r => r.RowId).OrderBy(r => r.RowId).Take(count)];
        var units = _index.Build(rows, LineHashOfFile);
        return [.. units.Select((u, i) => new QueryIndexMatch(u, rows[i].RowId))];
    }

    public IReadOnlyList<QueryIndexUnitState> GetReadyCandidates(WorkFilter filter, DateTimeOffset now, int? afterPriority, string? afterUri, int count)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var states = new List<QueryIndexUnitState>();
        if (count <= 0)
        {
            return states;
        }

        // The status and pinned terms are the partial index's own (units_ready: pinned work is not in it, however much a
        // remote pins), so SQLite walks it in (priority, uri) order and stops after `count` rows; deferred rows are skipped
        // there, their lines never read.
        var where = new ScopeSql([]).Filter(filter).And("(u.defer_until IS NULL OR u.defer_until <= $v)", now.UtcTicks);
        if (afterPriority is { } priority)
        {
            where.And("(u.priority, u.uri) > ($v1, $v2)", (long)priority, afterUri ?? string.Empty);
        }

        using var command = Command(
            $"SELECT u.uri, u.status, u.priority, u.pinned, u.defer_until FROM units u INDEXED BY units_ready WHERE u.status IN ('open', 'in_progress') AND u.pinned = 0 AND u.chain_id IN (SELECT id FROM chains WHERE state = 'available'){where.Sql} ORDER BY u.priority, u.uri LIMIT {count.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            [.. where.Values]);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            states.Add(StateOf(reader, 0));
        }

        return states;
    }

    public IReadOnlyList<QueryIndexDependency> GetUnitDependencies(GtUri unit)
    {
        var dependencies = new List<QueryIndexDependency>();
        if (RowOf(unit.ChainUri) is not { Available: true } row)
        {
            return dependencies;
        }

        var text = unit.ToString();
        using var reader = _statements.For(
            "SELECT d.depends_on, d.type FROM units u JOIN deps d ON d.unit = u.id WHERE u.chain_id = $p0 AND u.uri = $p1 ORDER BY d.rowid", row.Id, text)
            .ExecuteReader();
        while (reader.Read())
        {
            dependencies.Add(new QueryIndexDependency(unit, reader.GetString(0), reader.GetString(1)));
        }

        return dependencies;
    }

    public bool TryFindWorkUnitState(GtUri chain, string workId, out QueryIndexUnitState? state)
    {
        ArgumentNullException.ThrowIfNull(workId);
        state = null;
        if (RowOf(chain) is not { Available: true } row)
        {
            return false;
        }

        var rows = new List<QueryIndexUnitState>(1);
        using (var reader = _statements.For(
            "SELECT uri, status, priority, pinned, defer_until FROM units WHERE chain_id = $p0 AND unit_id = $p1", row.Id, workId).ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(StateOf(reader, 0));
            }
        }

        // One row at most, as in TryFindRow.
        if (rows.Count > 1)
        {
            return false;
        }

        state = rows.Count == 0 ? null : rows[0];
        return true;
    }

    public IReadOnlyList<QueryIndexDelegation> GetDelegationClaims(GtUri chain)
    {
        var claims = new List<QueryIndexDelegation>();
        if (RowOf(chain) is not { Available: true } row)
        {
            return claims;
        }

        var asserter = chain.ChainUri;
        using var command = Command(
            "SELECT parent_uri, child_uri, verified FROM delegations WHERE chain_id = $p0 ORDER BY ord", row.Id);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            claims.Add(new QueryIndexDelegation(asserter, GtUri.Parse(reader.GetString(0)), GtUri.Parse(reader.GetString(1)), reader.GetInt64(2) != 0));
        }

        return claims;
    }

    public IReadOnlyList<QueryIndexDelegation> GetDelegationClaimsAbout(GtUri parent)
    {
        // By delegations_chain_parent: only the parent's own chain's claims naming it are read (the only claims a graph
        // follows), however many claims about it other chains write.
        var claims = new List<QueryIndexDelegation>();
        using var reader = _statements.For("""
            SELECT c.uri, d.parent_uri, d.child_uri, d.verified FROM chains c JOIN delegations d ON d.chain_id = c.id
            WHERE c.uri = $p1 AND d.parent_key = $p0 AND c.state = 'available' ORDER BY d.ord
            """, WorkUnitKey.Of(parent), parent.ChainUri.ToString()).ExecuteReader();
        while (reader.Read())
        {
            claims.Add(new QueryIndexDelegation(GtUri.Parse(reader.GetString(0)), GtUri.Parse(reader.GetString(1)), GtUri.Parse(reader.GetString(2)), reader.GetInt64(3) != 0));
        }

        return claims;
    }

    public bool MayHoldWrittenCrossReferences(GtUri chain)
    {
        if (RowOf(chain) is not { Available: true } row)
        {
            return true;
        }

        // The chain's relationships are stored from the indexer's skeleton load, whose issues files are empty: every
        // cross-reference stored was written in relationships.jsonl (a load's one per unit whose dependencies name another
        // chain or rig is never among them, and never hides one that was written).
        var written = Convert.ToInt64(Scalar(
            "SELECT count(*) FROM relationships WHERE chain_id = $p0 AND type = 'CrossReferenceRelationship'", row.Id) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        return written > 0;
    }

    private static QueryIndexUnitState StateOf(SqliteDataReader reader, int first) => new(
        GtUri.Parse(reader.GetString(first)),
        new WorkStatus(reader.GetString(first + 1)),
        reader.GetInt32(first + 2),
        reader.GetInt64(first + 3) != 0,
        reader.IsDBNull(first + 4) ? null : new DateTimeOffset(reader.GetInt64(first + 4), TimeSpan.Zero));

    // At most 200 scopes and about 10,000 parameters a batch. A scope naming more assignees than that is asked for its
    // whole chain: the caller checks every row against its own rule, and a row it did not ask for makes it decline.
    private static IEnumerable<List<(long ChainId, IReadOnlyCollection<EntityId>? Assignees)>> SearchBatches(
        List<(long ChainId, IReadOnlyCollection<EntityId>? Assignees)> scopes)
    {
        const int MaxScopes = 200;
        const int MaxParameters = 10_000;
        var batch = new List<(long ChainId, IReadOnlyCollection<EntityId>? Assignees)>();
        var parameters = 0;
        foreach (var (chainId, assignees) in scopes)
        {
            var scope = (chainId, assignees is { Count: > MaxParameters } ? null : assignees);
            var cost = 1 + (scope.Item2?.Count ?? 0);
            if (batch.Count > 0 && (batch.Count == MaxScopes || parameters + cost > MaxParameters))
            {
                yield return batch;
                batch = [];
                parameters = 0;
            }

            batch.Add(scope);
            parameters += cost;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private List<UnitRow> ReadUnitRows(string sql, List<object?> values)
    {
        var rows = new List<UnitRow>();
        using var command = Command(sql, [.. values]);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(UnitRow.Read(reader) with { RowId = reader.GetInt64(4) });
        }

        return rows;
    }

    public IEnumerable<WorkUnitSummary> GetAuditWorkUnits(ActorPattern actor, DateTimeOffset? since)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var floor = since is { } at ? AuditSeconds.Of(at) : long.MinValue;

        // The matching actors' rows by unit_actors_actor, each unit once (one may match through several actors): only ids
        // are held, never a line.
        var units = new HashSet<long>();
        foreach (var batch in MatchingActors(actor).Chunk(500))
        {
            var names = string.Join(", ", batch.Select((_, i) => "$p" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var command = Command($"SELECT unit FROM unit_actors WHERE actor IN ({names}) AND at >= $p0", [floor, .. batch.Cast<object?>()]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                units.Add(reader.GetInt64(0));
            }
        }

        return ReadAuditUnits(units);
    }

    // The most chains a window names in one statement (with 500 actors, far within SQLite's 32,766 parameters).
    private const int MaxWindowChains = 10_000;

    public IEnumerable<WorkUnitSummary> GetAuditWorkUnits(ActorPattern actor, DateTimeOffset? since, QueryIndexAuditWindow window)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(window);
        if (window.Chains is { Count: > MaxWindowChains })
        {
            // Too many to name in one statement: every matching unit, a superset.
            return GetAuditWorkUnits(actor, since);
        }

        var floor = since is { } at ? AuditSeconds.Of(at) : long.MinValue;
        List<long>? chainIds = window.Chains is { } chains ? [.. chains.Select(c => RowOf(c)).OfType<Row>().Select(r => r.Id)] : null;
        var units = new HashSet<long>();
        foreach (var batch in MatchingActors(actor).Chunk(500))
        {
            units.UnionWith(WindowRows(batch, floor, window, chainIds));
        }

        return ReadAuditUnits(units);
    }

    // Only these units' lines are read, 500 at a time (the caller derives its entries from each batch and lets it go), and
    // only of available chains (a row of another is a leftover, not an answer).
    private IEnumerable<WorkUnitSummary> ReadAuditUnits(HashSet<long> units)
    {
        foreach (var batch in units.Order().Chunk(500))
        {
            var names = string.Join(", ", batch.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var rows = ReadUnitRows(
                $"SELECT u.uri, u.rig, u.line, u.hash, u.id FROM units u JOIN chains c ON c.id = u.chain_id WHERE u.id IN ({names}) AND c.state = 'available'",
                [.. batch.Cast<object?>()]);
            foreach (var unit in _index.Build(rows, LineHashOfFile))
            {
                yield return unit;
            }
        }
    }

    public QueryIndexEventLines? GetAuditEventLines(GtUri chain, ActorPattern actor, DateTimeOffset? since) => ReadAuditEventLines(chain, actor, since, window: null);

    public QueryIndexEventLines? GetAuditEventLines(GtUri chain, ActorPattern actor, DateTimeOffset? since, QueryIndexAuditWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadAuditEventLines(chain, actor, since, window);
    }

    private QueryIndexEventLines? ReadAuditEventLines(GtUri chain, ActorPattern actor, DateTimeOffset? since, QueryIndexAuditWindow? window)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (RowOf(chain) is not { Available: true } row)
        {
            return null;
        }

        bool signed;
        int dropped;
        string? firstDropped;
        using (var command = Command("SELECT signed, exact, size, dropped, dropped_first FROM event_logs WHERE chain_id = $p0", row.Id))
        using (var reader = command.ExecuteReader())
        {
            // No row (indexed before the log was), a log only a load describes, or a fetched log over this process's blob
            // limit (indexed by a process with a larger one; a load here refuses it): the audit reads it as a load does.
            if (!reader.Read() || reader.GetInt64(1) == 0 || (!row.IsLocal && reader.GetInt64(2) > _index.Limits.MaxBlobBytes))
            {
                return null;
            }

            signed = reader.GetInt64(0) != 0;
            dropped = (int)Math.Min(reader.GetInt64(3), int.MaxValue);
            firstDropped = reader.IsDBNull(4) ? null : reader.GetString(4);
        }

        var floor = since is { } at ? AuditSeconds.Of(at) : long.MinValue;
        var lines = new List<(long Id, byte[] Line)>();
        foreach (var batch in MatchingActors(actor).Chunk(500))
        {
            if (window is not null)
            {
                // The window's rows by id, then their lines: a line is read only once it is known to be needed.
                foreach (var ids in WindowRows(batch, floor, window, eventsOf: row.Id).Chunk(500))
                {
                    var names = string.Join(", ", ids.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    using var command = Command($"SELECT id, line FROM events WHERE id IN ({names})", [.. ids.Cast<object?>()]);
                    ReadEventLines(command, lines);
                }

                continue;
            }

            var actors = string.Join(", ", batch.Select((_, i) => "$p" + (i + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var all = Command(
                $"SELECT id, line FROM events WHERE chain_id = $p0 AND actor IN ({actors}) AND at >= $p1", [row.Id, floor, .. batch.Cast<object?>()]);
            ReadEventLines(all, lines);
        }

        lines.Sort((a, b) => a.Id.CompareTo(b.Id));
        _index.CountLinesParsed(lines.Count);
        return new QueryIndexEventLines(signed, [.. lines.Select(l => (ReadOnlyMemory<byte>)l.Line)]) { DroppedLines = dropped, FirstDroppedLine = firstDropped };
    }

    private static void ReadEventLines(SqliteCommand command, List<(long Id, byte[] Line)> lines)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            lines.Add((reader.GetInt64(0), StoredLine.Read(reader, 1)));
        }
    }

    public IReadOnlyDictionary<GtUri, DateTimeOffset>? GetAuditFactsAfter(ActorPattern actor, DateTimeOffset? since, DateTimeOffset after, IReadOnlyCollection<GtUri> logs)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(logs);

        // The newest row of each chain past the cutoff's second: unit_actors_actor and events_chain_actor keep the rows by
        // actor and second, so only rows past the cutoff are scanned (none, for an honest federation).
        var first = Math.Max(AuditSeconds.Of(after) + 1, since is { } at ? AuditSeconds.Of(at) : long.MinValue);
        var newest = new Dictionary<GtUri, long>();
        void Read(GtUri? chain, string sql, IEnumerable<object?> values)
        {
            using var command = Command(sql, [.. values]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (uri, second) = (chain ?? GtUri.Parse(reader.GetString(0)), reader.GetInt64(1));
                if (!newest.TryGetValue(uri, out var known) || second > known)
                {
                    newest[uri] = second;
                }
            }
        }

        static string Names(int from, int count)
            => string.Join(", ", Enumerable.Range(from, count).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var logRows = logs.Select(c => (Chain: c, Row: RowOf(c))).Where(l => l.Row is { Available: true }).ToList();
        foreach (var batch in MatchingActors(actor).Chunk(500))
        {
            Read(null, $"SELECT c.uri, MAX(a.at) FROM unit_actors a JOIN units u ON u.id = a.unit JOIN chains c ON c.id = u.chain_id WHERE a.actor IN ({Names(1, batch.Length)}) AND a.at >= $p0 AND c.state = 'available' GROUP BY c.uri",
                [first, .. batch.Cast<object?>()]);
            foreach (var (chain, row) in logRows)
            {
                // One chain at a time, as a page's window reads its events: a seek of events_chain_actor per actor.
                Read(chain, $"SELECT NULL, MAX(at) FROM events WHERE chain_id = $p1 AND actor IN ({Names(2, batch.Length)}) AND at >= $p0 HAVING MAX(at) IS NOT NULL",
                    [first, row!.Id, .. batch.Cast<object?>()]);
            }
        }

        return newest.ToDictionary(n => n.Key, n => AuditSeconds.InstantOf(n.Value));
    }

    // The rows of an audit table (unit_actors, of the given chains or all, or one chain's events) that a page's window
    // needs, for one batch of actor ids: every row in the second of window.Until, then the window.Newest newest rows
    // before that second, with every row in the oldest of their seconds (a row's second orders it only to the second; the
    // entries decide the rest). Each row stands for at least one entry, so the rows read hold at least window.Newest
    // entries, each newer than any entry of a row not read. unit_actors_actor and events_chain_actor keep the rows by
    // actor and second: the cut is a scan of the newest rows per actor, and no line is read to find it. Returns unit ids
    // (unit_actors) or event row ids (events).
    private List<long> WindowRows(long[] actors, long floor, QueryIndexAuditWindow window, List<long>? unitChains = null, long? eventsOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window.Newest);
        var values = new List<object?> { null, null };
        string Parameters(IEnumerable<long> items)
        {
            var first = values.Count;
            values.AddRange(items.Cast<object?>());
            return string.Join(", ", Enumerable.Range(first, values.Count - first).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        string from;
        var cutFrom = (string?)null;
        if (eventsOf is { } chainId)
        {
            from = $"SELECT {{0}} FROM events WHERE chain_id = {Parameters([chainId])} AND actor IN ({Parameters(actors)}) AND at BETWEEN $p0 AND $p1";
        }
        else if (unitChains is { } chains)
        {
            var actorList = Parameters(actors);
            var chainList = Parameters(chains);
            from = $"SELECT {{0}} FROM unit_actors a JOIN units u ON u.id = a.unit WHERE a.actor IN ({actorList}) AND a.at BETWEEN $p0 AND $p1 AND u.chain_id IN ({chainList})";

            // The cut over the chains read: for one actor the join walks its rows newest first and stops at the cut; for
            // more, every row of theirs is sorted first, and joining each to its unit's row (a page of lines apiece) cost
            // 0.4 s at 100 x 1k for '*'. Their units are told instead by the set of the chains' unit ids, read from the
            // covering units_chain_uri (units_chain_id before schema 23; the + keeps SQLite from seeking unit_actors by each of those ids): 17 ms.
            if (actors.Length > 1)
            {
                cutFrom = $"SELECT {{0}} FROM unit_actors a WHERE a.actor IN ({actorList}) AND a.at BETWEEN $p0 AND $p1 AND +a.unit IN (SELECT id FROM units WHERE chain_id IN ({chainList}))";
            }
        }
        else
        {
            from = $"SELECT {{0}} FROM unit_actors WHERE actor IN ({Parameters(actors)}) AND at BETWEEN $p0 AND $p1";
        }

        var id = eventsOf is null ? (unitChains is null ? "unit" : "a.unit") : "id";
        var second = eventsOf is null && unitChains is not null ? "a.at" : "at";
        var ids = new List<long>();
        void Read(long first, long last)
        {
            values[0] = first;
            values[1] = last;
            using var command = Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, from, id), [.. values]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var before = long.MaxValue;
        if (window.Until is { } until)
        {
            var untilSecond = AuditSeconds.Of(until);
            if (untilSecond < floor)
            {
                return ids;
            }

            Read(untilSecond, untilSecond);
            before = untilSecond - 1;
        }

        values[0] = floor;
        values[1] = before;
        var offset = Parameters([window.Newest - 1]);
        var cut = Scalar(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, cutFrom ?? from, second) + $" ORDER BY {second} DESC LIMIT 1 OFFSET {offset}", [.. values]);
        values.RemoveAt(values.Count - 1);
        Read(cut is long oldest ? oldest : floor, before);
        return ids;
    }

    public async ValueTask<Chain?> ReadChainFilesAsync(GtUri chain, CancellationToken cancellationToken = default)
    {
        if (RowOf(chain) is not { Available: true } row)
        {
            return null;
        }

        IChainSource source;
        string? singleRig = null;
        if (row.IsLocal)
        {
            source = new FolderChainSource(_index.TownRoot);
        }
        else if (row.Remote is { } name && Remotes.TryGetValue(name, out var remote) && (row.AnsweredFrom ?? row.Revision) is { Length: >= 7 } revision)
        {
            // As the provider reads a snapshot (SnapshotLoad): the one the rows are of.
            source = GitTreeChainSource.ForSnapshot(_index.Registry.Repository, remote, revision, _index.Limits);
            singleRig = remote.Rig;
        }
        else
        {
            return null;
        }

        // Its issues files are left out: no work unit is read.
        var loader = new ChainLoader(new ParsedBlobCache(), null, _index.Limits);
        var options = new ChainLoadOptions { ExpectedChain = chain.ChainUri, SingleRigName = singleRig };
        return await loader.LoadAsync(new SkeletonSource(source, _ => null), options, cancellationToken).ConfigureAwait(false);
    }

    // The ids of the actors the glob matches, judged here by ActorPattern itself (its case rule is not SQLite's), once per pattern.
    private List<long> MatchingActors(ActorPattern actor)
    {
        if (_matched is { } known && known.Pattern.Equals(actor))
        {
            return known.Ids;
        }

        // Only the names the glob's literal start allows (one seek for a literal actor); every name when it starts with a
        // wildcard. The pattern itself judges each name read.
        var ids = new List<long>();
        using (var command = ActorFolding.RangeOf(actor.Pattern) is { } range
            ? Command("SELECT id, name FROM actors WHERE folded >= $p0 AND folded < $p1", range.From, range.To)
            : Command("SELECT id, name FROM actors"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (actor.IsMatch(reader.GetString(1)))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }
        }

        _matched = (actor, ids);
        return ids;
    }

    public void Dispose()
    {
        // First: disposing the registration waits for an interrupt under way, which must not meet a closed connection.
        _interrupt.Dispose();
        _statements.Dispose();
        _transaction.Dispose();
        _connection.Dispose();
    }

    // The unit's row by id, as Chain.TryGetWorkUnit(string) finds it: an id in two rigs has one row, its owner rig's (the
    // indexer leaves the others out: IdsInTwoRigs); more than one would be rows this version did not write, declined. Its
    // line is read (and inflated) only when the caller parses it: a walk resolving a short reference needs the rig alone,
    // and without withLine the row's Line is empty and its Hash 0.
    private bool TryFindRow(GtUri chain, string workId, bool withLine, out UnitRow? found)
    {
        found = null;
        if (RowOf(chain) is not { Available: true } row)
        {
            return false;
        }

        var rows = new List<UnitRow>(1);
        var sql = withLine
            ? "SELECT uri, rig, line, hash FROM units WHERE chain_id = $p0 AND unit_id = $p1"
            : "SELECT uri, rig FROM units WHERE chain_id = $p0 AND unit_id = $p1";
        using (var reader = _statements.For(sql, row.Id, workId).ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(withLine
                    ? UnitRow.Read(reader)
                    : new UnitRow(reader.GetString(0), reader.GetString(1), [], 0));
            }
        }

        if (rows.Count > 1)
        {
            return false;
        }

        found = rows.Count == 0 ? null : rows[0];
        return true;
    }

    private Dictionary<string, RegisteredRemote> Remotes => _remotes ??= _index.Registry.List().ToDictionary(r => r.Name, StringComparer.Ordinal);

    // The remote's last verified commit and its tip. A reader handed the check's read has both: the check found every row
    // of the tip it read. A reader opened on its own reads them now (another process may have fetched since the
    // refresh), the tip from its ref alone when that names the indexed revision (TrackingRefs.PeekTip's rule). A tip this
    // repository cannot read is the one its ref names, not the indexed one: the query loads, and the load says why.
    private (string? Verified, string? Tip) RefsOf(RegisteredRemote remote, string revision)
        => _registry is { } registry
            ? (registry.Verified.GetValueOrDefault(remote.Name), registry.Tips.GetValueOrDefault(remote.Name))
            : _index.Registry.Repository.Use(repo => (TrackingRefs.ReadVerified(repo, remote.Name),
                TrackingRefs.PeekTip(repo, remote) is { } peeked && peeked == revision ? peeked : TrackingRefs.ResolveTipOrPeek(repo, remote)));

    // A remote whose snapshot the indexer refused in a load's own words, within limits equal to this process's
    // (ChainIndexer.RefusalAsALoadSaysItAsync), and that has no older snapshot the provider would answer from instead
    // (no verified commit, or the refused tip itself) at the tip the provider reads: a load says the same, so the index
    // says it without loading the chain, and a query over every chain still answers from the index. Null otherwise (the
    // query loads): a refusal for the signature, or any other row.
    private QueryIndexChain? RefusedAsALoadRefusesIt(GtUri chain, Row row)
    {
        if (row.IsLocal || row.Message is null || !Enum.TryParse<ChainUnavailableReason>(row.Reason, out var reason)
            || !string.Equals(row.NotesLimits, ChainNotes.RefusalLimitsOf(_index.Limits), StringComparison.Ordinal)
            || row.Remote is not { } name || !Remotes.TryGetValue(name, out var remote) || remote.Chain != chain || row.Revision is not { } revision)
        {
            return null;
        }

        var (verified, tip) = RefsOf(remote, revision);
        if (!string.Equals(tip, revision, StringComparison.Ordinal) || (verified is not null && !string.Equals(verified, revision, StringComparison.Ordinal)))
        {
            return null;
        }

        // A load judges the tip's signature first, against the keys (and grants) kept now: refused for it, the load says
        // that instead, so the query loads. Judged from the check kept when the row was written. A tip that is no commit
        // has no signature: a load refuses it for that before judging one.
        if (!StoredSignatureCheck.IsNotACommit(row.TipCheck, revision)
            && (StoredSignatureCheck.Decode(row.TipCheck, revision) is not { } check
                || SnapshotTrust.JudgeChecked(_index.Registry.Repository, remote, revision, check, KeysOf(chain.Entity), _index.Limits.MaxBlobBytes).Refusal is not null))
        {
            return null;
        }

        return new QueryIndexChain(chain, reason, remote.LastFetchedAt) { Message = row.Message };
    }

    /// <summary>
    /// How far the rows of a remote chain are proven: the commit they are of (<paramref name="rowsOf"/>: the tip, or the
    /// last verified snapshot a refused tip is answered from) judged by its signature against the keys kept now
    /// (<paramref name="keys"/>), from the check kept when the chain was indexed (<paramref name="tipCheck"/>) or made
    /// now. The older snapshot passed when it was new: keys learnt since do not refuse it, they leave it named only
    /// (SnapshotLoad); the refusal says why, for a caller that must decline a tip refused so. The one rule for a query's
    /// chain state from the index (<see cref="GetChain"/>) and the index's own pages (<see cref="IndexedChain.Proof"/>).
    /// </summary>
    internal static (IdentityProof Proof, ChainSignatureException? Refusal) ProofOfRows(
        FederationRepository repository, RegisteredRemote remote, string rowsOf, string? tipCheck, EntityKeys? keys, long maxBlobBytes)
    {
        var (judged, refusal, _, _) = StoredSignatureCheck.Decode(tipCheck, rowsOf) is { } check
            ? SnapshotTrust.JudgeChecked(repository, remote, rowsOf, check, keys, maxBlobBytes)
            : SnapshotTrust.JudgeWithAgent(repository, remote, rowsOf, maxBlobBytes);
        return (refusal is null ? judged : IdentityProof.NameOnly, refusal);
    }

    private EntityKeys? KeysOf(EntityId entity)
    {
        _keys ??= new TrustedKeyStore(_index.Registry.Repository).ReadAll();
        return _keys.Get(entity);
    }

    private Row? RowOf(GtUri chain)
    {
        var key = chain.ChainUri;
        if (_rows.TryGetValue(key, out var known))
        {
            return known;
        }

        Row? row = null;
        using (var reader = _statements.For(
            """
            SELECT id, is_local, remote, revision, state, reason, identity, exact, routes, tip_check, dropped, notes_limits,
                (SELECT coalesce(sum(lines), 0) FROM files WHERE chain_id = chains.id), (SELECT coalesce(max(size), 0) FROM files WHERE chain_id = chains.id),
                message, (SELECT coalesce(max(longest), 0) FROM files WHERE chain_id = chains.id), claim_lines, answered_from, refused_check, refused_limits, route_lines, dep_edges,
                (SELECT coalesce(sum(size), 0) FROM files WHERE chain_id = chains.id)
            FROM chains WHERE uri = $p0
            """, key.ToString()).ExecuteReader())
        {
            if (reader.Read())
            {
                row = new Row(
                    reader.GetInt64(0),
                    reader.GetInt64(1) != 0,
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4) == "available",
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetInt64(7) != 0,
                    reader.IsDBNull(8) ? RouteTable.Empty : RouteTable.Parse((byte[])reader.GetValue(8)),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    (int)Math.Min(reader.GetInt64(10), int.MaxValue),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.GetInt64(12),
                    reader.GetInt64(13),
                    reader.IsDBNull(14) ? null : reader.GetString(14),
                    reader.GetInt64(15),
                    reader.GetInt64(16),
                    reader.GetString(4) == "available" && !reader.IsDBNull(17) ? reader.GetString(17) : null,
                    reader.IsDBNull(18) ? null : reader.GetString(18),
                    reader.IsDBNull(19) ? null : reader.GetString(19),
                    reader.GetInt64(20),
                    reader.GetInt64(21),
                    reader.GetInt64(22));
            }
        }

        _rows[key] = row;
        return row;
    }

    private sealed record Row(
        long Id, bool IsLocal, string? Remote, string? Revision, bool Available, string? Reason, string? Identity, bool Exact, RouteTable Routes, string? TipCheck, int Dropped,
        string? NotesLimits, long Lines, long LargestFile, string? Message, long LongestLine, long ClaimLines, string? AnsweredFrom, string? RefusedCheck, string? RefusedLimits,
        long RouteLines, long DependencyEdges, long IssuesBytes);
}
