using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
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

    public IndexQueryReader(FederationIndex index, GitChainProvider provider)
    {
        _index = index;
        _provider = provider;
        _connection = index.OpenReaderConnection();
        try
        {
            _transaction = _connection.BeginTransaction();
            LocalChain = IndexDatabase.Scalar(_connection, _transaction, "SELECT uri FROM chains WHERE is_local = 1 LIMIT 1") is string local ? GtUri.Parse(local) : null;
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public GtUri? LocalChain { get; }

    public IReadOnlyList<GtUri> KnownChains
    {
        get
        {
            var chains = new List<GtUri>();
            using var command = IndexDatabase.Command(_connection, _transaction, "SELECT uri FROM chains ORDER BY uri");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                chains.Add(GtUri.Parse(reader.GetString(0)));
            }

            return chains;
        }
    }

    public bool CanAnswerWalks => IndexDatabase.Scalar(_connection, _transaction, "SELECT 1 FROM chains WHERE delegates <> 0 LIMIT 1") is null;

    public IEnumerable<QueryIndexDependency> GetDependencies(GtUri chain, IReadOnlyCollection<string> types)
    {
        var dependencies = new List<QueryIndexDependency>();
        if (RowOf(chain) is not { Available: true } row || types.Count == 0)
        {
            return dependencies;
        }

        var values = new List<object?> { row.Id };
        var names = new List<string>();
        foreach (var type in types)
        {
            names.Add("$p" + values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            values.Add(type);
        }

        using var command = IndexDatabase.Command(_connection, _transaction,
            $"SELECT u.uri, d.depends_on, d.type FROM deps d JOIN units u ON u.id = d.unit WHERE u.chain_id = $p0 AND d.type IN ({string.Join(", ", names)}) ORDER BY u.uri, d.rowid",
            [.. values]);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            dependencies.Add(new QueryIndexDependency(GtUri.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2)));
        }

        return dependencies;
    }

    public IEnumerable<WorkUnitSummary> GetUnfinishedWorkUnits(GtUri chain)
    {
        var rows = new List<UnitRow>();
        if (RowOf(chain) is not { Available: true } row)
        {
            return [];
        }

        using (var command = IndexDatabase.Command(_connection, _transaction,
            "SELECT uri, rig, line, hash FROM units WHERE chain_id = $p0 AND status NOT IN ('closed', 'tombstone') ORDER BY uri", row.Id))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(new UnitRow(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt64(3)));
            }
        }

        return _index.Build(rows);
    }

    public QueryIndexChain? GetChain(GtUri chain)
    {
        var registry = _index.Registry;
        var row = RowOf(chain);
        if (row is null)
        {
            // Every known chain is in the index once it is up to date; one that is not is not registered.
            return registry.TryFindByChain(chain, out _) || chain == LocalChain ? null : new QueryIndexChain(chain, ChainUnavailableReason.NotRegistered, null);
        }

        if (!row.Available)
        {
            return row.Reason == nameof(ChainUnavailableReason.NeverFetched) && row.Remote is { } name && registry.TryGet(name, out var unfetched)
                ? new QueryIndexChain(chain, ChainUnavailableReason.NeverFetched, unfetched.LastFetchedAt)
                : null;
        }

        if (!row.Exact || !Enum.TryParse<ChainIdentityStatus>(row.Identity, out var identity))
        {
            return null;
        }

        var notices = new List<ChainNotice>();
        DateTimeOffset? dataAsOf = null;
        IdentityProof? proof = null;
        if (!row.IsLocal)
        {
            if (row.Remote is not { } remoteName || !registry.TryGet(remoteName, out var remote) || remote.Chain != chain || row.Revision is not { } revision)
            {
                return null;
            }

            // The provider answers from this commit only if it passed when fetched (else from an older one, or not at all).
            var verified = registry.Repository.Use(repo => TrackingRefs.ReadVerified(repo, remote.Name));
            if (!string.Equals(verified, revision, StringComparison.Ordinal))
            {
                return null;
            }

            var (judged, refusal, _) = SnapshotTrust.Judge(registry.Repository, remote, revision);
            if (refusal is not null)
            {
                return null;
            }

            proof = judged;
            dataAsOf = remote.LastFetchedAt;
            if (_provider.StaleNotice(remote) is { } stale)
            {
                notices.Add(stale);
            }
        }

        if (ChainNotices.ForIdentity(chain, identity) is { } unverified)
        {
            notices.Add(unverified);
        }

        var problems = new List<string>();
        using (var command = IndexDatabase.Command(_connection, _transaction, "SELECT text FROM chain_notes WHERE chain_id = $p0 ORDER BY seq", row.Id))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                problems.Add(reader.GetString(0));
            }
        }

        return new QueryIndexChain(chain, null, dataAsOf)
        {
            Routes = row.Routes,
            IsIdentityVerified = identity == ChainIdentityStatus.Verified,
            Notices = notices,
            Problems = problems,
            Proof = proof,
        };
    }

    public bool TryFindRig(GtUri chain, string workId, out string? rig)
    {
        rig = null;
        if (!TryFindRow(chain, workId, out var found))
        {
            return false;
        }

        rig = found?.Rig;
        return true;
    }

    public bool TryFindWorkUnit(GtUri chain, string workId, out WorkUnitSummary? unit)
    {
        unit = null;
        if (!TryFindRow(chain, workId, out var found))
        {
            return false;
        }

        if (found is not null)
        {
            unit = _index.Build([found])[0];
        }

        return true;
    }

    public void Dispose()
    {
        _transaction.Dispose();
        _connection.Dispose();
    }

    // As Chain.TryGetWorkUnit(string): the rig the id's prefix routes to first, then any other rig. Ids in several rigs
    // with none the routed one depend on the chain's rig order, which the index does not keep: declined.
    private bool TryFindRow(GtUri chain, string workId, out UnitRow? found)
    {
        found = null;
        if (RowOf(chain) is not { Available: true } row)
        {
            return false;
        }

        var rows = new List<UnitRow>(1);
        using (var command = IndexDatabase.Command(_connection, _transaction, "SELECT uri, rig, line, hash FROM units WHERE chain_id = $p0 AND unit_id = $p1", row.Id, workId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(new UnitRow(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt64(3)));
            }
        }

        if (rows.Count <= 1)
        {
            found = rows.Count == 0 ? null : rows[0];
            return true;
        }

        var routed = row.Routes.TryRoute(workId, out var route) ? route.RigName : null;
        found = rows.Find(r => r.Rig == routed);
        return found is not null;
    }

    private Row? RowOf(GtUri chain)
    {
        var key = chain.ChainUri;
        if (_rows.TryGetValue(key, out var known))
        {
            return known;
        }

        Row? row = null;
        using (var command = IndexDatabase.Command(_connection, _transaction,
            "SELECT id, is_local, remote, revision, state, reason, identity, exact, routes FROM chains WHERE uri = $p0", key.ToString()))
        using (var reader = command.ExecuteReader())
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
                    reader.IsDBNull(8) ? RouteTable.Empty : RouteTable.Parse((byte[])reader.GetValue(8)));
            }
        }

        _rows[key] = row;
        return row;
    }

    private sealed record Row(long Id, bool IsLocal, string? Remote, string? Revision, bool Available, string? Reason, string? Identity, bool Exact, RouteTable Routes);
}
