using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Brings one chain's rows up to date, in one transaction. The chain's small files go through Model's
/// <see cref="ChainLoader"/> (identity, routes, rig names, relationships and their trust, within <see cref="ChainLimits"/>);
/// each issues file is streamed line by line: an unchanged file (same blob id, or same local stamp) is not read, and in
/// a changed one a line whose bytes hash as before is not parsed again. Anything the chain's data does to the indexer
/// (a limit, an unreadable file, a reader throwing) marks this chain unavailable with the reason; the others go on.
/// </summary>
internal sealed class ChainIndexer
{
    private readonly SqliteConnection _connection;
    private readonly string _townRoot;

    // The local town's files, found by the rule a load reads them by (links kept inside the town, a folder refused).
    private readonly FolderChainSource _townFolder;
    private readonly RemoteRegistry? _registry;
    private readonly ChainLimits _limits;
    private readonly JsonlReadOptions _lineOptions;
    private readonly IProgress<IndexProgress>? _progress;
    private readonly TimeProvider _time;

    public ChainIndexer(SqliteConnection connection, string townRoot, RemoteRegistry? registry, ChainLimits limits, IProgress<IndexProgress>? progress, TimeProvider time)
    {
        _connection = connection;
        _townRoot = townRoot;
        _townFolder = new FolderChainSource(townRoot);
        _registry = registry;
        _limits = limits;
        _lineOptions = new JsonlReadOptions { MaxLineLength = limits.MaxLineBytes };
        _progress = progress;
        _time = time;
    }

    /// <summary>How many old rows of files read again this indexer has read back to compare their lines with.</summary>
    public long OldRowsRead { get; private set; }

    /// <summary>Indexes <paramref name="target"/>; returns what it did.</summary>
    public async ValueTask<ChainRefresh> IndexAsync(ChainTarget target, CancellationToken cancellationToken)
    {
        var chainId = UpsertChain(target);
        var wasIndexed = IndexDatabase.Scalar(_connection, null, "SELECT state FROM chains WHERE id = $p0", chainId) is "available";
        if (target.Revision is null)
        {
            // Only a remote has no tip (the local town's revision is its files' stamps).
            var (unfetchedReason, unfetched) = NothingFetched(target)!.Value;
            MarkUnavailable(chainId, target, unfetchedReason, unfetched);
            return new ChainRefresh(target.Uri, Updated: true, LinesParsed: 0, Units: 0, Unavailable: unfetchedReason, Message: unfetched);
        }

        // The commit the provider answers from when the tip is refused (its last verified snapshot), if any; and the tip's
        // signature as checked, read at most once.
        var older = target.IsLocal || target.Verified is not { } verified || string.Equals(verified, target.Revision, StringComparison.Ordinal) ? null : verified;
        CommitSignatureCheck? tipSignature = null;
        CommitSignatureCheck TipSignature() => tipSignature ??= _registry!.Repository.Use(repo => CommitSignatureVerifier.Verify(repo, target.Revision));

        // A tip that is no commit (its branch names a tree or a tag) is refused by a load before anything else, with no
        // signature to judge and no tree to read: said here in its words, and the older snapshot's rows kept in its place
        // when there is one, as for any refused tip.
        if (!target.IsLocal && _registry!.Repository.Use(repo => TrackingRefs.NotACommit(repo, target.Remote!, target.Revision)) is { } notACommit)
        {
            return await RefuseNotACommitAsync(target, chainId, wasIndexed, older, notACommit, cancellationToken).ConfigureAwait(false);
        }

        // A load judges the tip's signature first, against the keys kept now: refused for it, the provider answers from the
        // last verified snapshot, so that snapshot's rows are kept in the tip's place (a query judges the tip again against
        // the keys kept when it asks, and a change of keys makes the chain not current: FederationIndex.IsCurrent).
        if (older is not null)
        {
            var keys = new TrustedKeyStore(_registry!.Repository).ReadAll().Get(target.Uri.Entity);
            if (SnapshotTrust.JudgeChecked(_registry.Repository, target.Remote!, target.Revision, TipSignature(), keys, _limits.MaxBlobBytes).Refusal is { } signatureRefusal
                && await TryAnswerFromOlderAsync(target, chainId, wasIndexed, new OlderAnswer(older, ChainUnavailableReason.SignatureRefused,
                    GitChainProvider.OlderSnapshotNotice(target.Remote!, older, target.Revision, signatureRefusal).Message,
                    RefusalLimits: null, StoredSignatureCheck.Encode(TipSignature()), target.Keys), cancellationToken).ConfigureAwait(false) is { } answered)
            {
                return answered;
            }
        }

        var (refresh, failure) = await IndexSnapshotAsync(target, chainId, wasIndexed, target.Revision, older: null, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            return refresh!;
        }

        var reason = ChainResult.ReasonFor(failure);
        var message = target.IsLocal
            ? $"The local town at {_townRoot} could not be indexed: {failure.Message}"
            : $"Remote '{target.Remote!.Name}' at {target.Revision[..7]} was refused: {failure.Message}";
        string? loadLimits = null;
        string? tipCheck = null;
        if (!target.IsLocal && await RefusalAsALoadSaysItAsync(target, cancellationToken).ConfigureAwait(false) is { } load)
        {
            // With the tip's signature as checked now: a query judges it against the keys kept when it asks, since a
            // load judges the signature before the content (a key learnt since makes it a refusal for the signature).
            (reason, message, loadLimits) = (load.Reason, load.Message, ChainNotes.RefusalLimitsOf(_limits));
            tipCheck = StoredSignatureCheck.Encode(TipSignature());

            // The provider answers from the last snapshot that passed, when there is one: its rows are kept instead, so a
            // query answers from them as from any chain's, where it would load that snapshot whole (a remote could make
            // every query of the town read its largest accepted snapshot by publishing one it knows is refused).
            if (older is not null
                && await TryAnswerFromOlderAsync(target, chainId, wasIndexed, new OlderAnswer(older, load.Reason,
                    GitChainProvider.OlderSnapshotNotice(target.Remote!, older, target.Revision, load.Refusal).Message, loadLimits, tipCheck, target.Keys),
                    cancellationToken).ConfigureAwait(false) is { } answered)
            {
                return answered;
            }
        }

        MarkUnavailable(chainId, target, reason, message, loadLimits, tipCheck);
        return new ChainRefresh(target.Uri, Updated: true, 0, 0, reason, message);
    }

    private async ValueTask<ChainRefresh> RefuseNotACommitAsync(ChainTarget target, long chainId, bool wasIndexed, string? older, SnapshotNotACommitException refusal, CancellationToken cancellationToken)
    {
        var reason = ChainResult.ReasonFor(refusal);
        var limits = ChainNotes.RefusalLimitsOf(_limits);
        var check = StoredSignatureCheck.NotACommit(target.Revision!);
        if (older is not null
            && await TryAnswerFromOlderAsync(target, chainId, wasIndexed, new OlderAnswer(older, reason,
                GitChainProvider.OlderSnapshotNotice(target.Remote!, older, target.Revision!, refusal).Message, limits, check, target.Keys),
                cancellationToken).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        var message = GitChainProvider.RefusedMessage(target.Remote!, target.Revision!, refusal);
        MarkUnavailable(chainId, target, reason, message, limits, check);
        return new ChainRefresh(target.Uri, Updated: true, 0, 0, reason, message);
    }

    /// <summary>
    /// Indexes the remote's last verified snapshot in its refused tip's place; null when the indexer refuses that snapshot
    /// too (a limit smaller than when it passed): the caller then indexes or refuses the tip, and a query loads.
    /// </summary>
    private async ValueTask<ChainRefresh?> TryAnswerFromOlderAsync(ChainTarget target, long chainId, bool wasIndexed, OlderAnswer older, CancellationToken cancellationToken)
    {
        var (refresh, failure) = await IndexSnapshotAsync(target, chainId, wasIndexed, older.Commit, older, cancellationToken).ConfigureAwait(false);
        return failure is null ? refresh : null;
    }

    /// <summary>
    /// Indexes the chain's snapshot at <paramref name="commit"/> (the local town's folder when local) in one transaction:
    /// the refresh, or the failure that rolled it back. <paramref name="older"/> is set when <paramref name="commit"/> is
    /// the remote's last verified snapshot, indexed because its tip (<see cref="ChainTarget.Revision"/>) was refused.
    /// </summary>
    private async ValueTask<(ChainRefresh? Refresh, Exception? Failure)> IndexSnapshotAsync(
        ChainTarget target, long chainId, bool wasIndexed, string commit, OlderAnswer? older, CancellationToken cancellationToken)
    {
        using var transaction = _connection.BeginTransaction();
        var pass = new Pass(chainId, wasIndexed) { LineHash = LineHash.For(_connection, transaction) };
        if (!wasIndexed)
        {
            ResumeFromUnseen(transaction, pass);
        }

        LibGit2Sharp.Repository? repo = null;
        GitTreeChainSource? tree = null;
        try
        {
            repo = target.IsLocal ? null : _registry!.Repository.OpenPrivate();
            IChainSource inner;
            Func<string, IssuesFile?> finder;
            if (target.IsLocal)
            {
                inner = _townFolder;
                finder = SkeletonSource.ForFolder(_townFolder);
            }
            else
            {
                tree = GitTreeChainSource.ForSnapshot(_registry!.Repository, target.Remote!, commit, _limits);
                inner = tree;
                finder = SkeletonSource.ForGit(tree, repo!);
            }

            var skeleton = new SkeletonSource(inner, finder);
            var loader = new ChainLoader(new ParsedBlobCache(), null, _limits);
            var options = new ChainLoadOptions { ExpectedChain = target.Uri, SingleRigName = target.Remote?.Rig };
            var chain = await loader.LoadAsync(skeleton, options, cancellationToken).ConfigureAwait(false);

            var current = new Dictionary<string, ChainRig>(StringComparer.Ordinal);
            foreach (var rig in chain.Rigs)
            {
                if (skeleton.IssuesFiles.ContainsKey(rig.IssuesFilePath))
                {
                    current[rig.IssuesFilePath] = rig;
                }
            }

            pass.LostFiles = RemoveVanishedFiles(transaction, chainId, current.Keys, pass);
            foreach (var (path, rig) in current)
            {
                pass.Files[path] = (skeleton.IssuesFiles[path], rig.Name, rig.IsTownLevel || !RigNames.IsValid(rig.Name) ? null : rig.Name);
            }

            foreach (var (path, rig) in current)
            {
                var (file, _, uriRig) = pass.Files[path];
                IndexFile(transaction, chain, rig, uriRig, file, repo, tree, pass, cancellationToken);
            }

            CheckDependencyLimit(transaction, pass, chain, current.Keys);

            // A unit of a file that left the chain (or of the chain when it became unavailable) that no file holds now was removed.
            RecordVanished(transaction, pass);
            if (pass.Resumed)
            {
                IndexDatabase.Execute(_connection, transaction, "DELETE FROM unseen_units WHERE chain_id = $p0", chainId);
            }

            // An id in two rigs is its owner rig's unit: the other rows go (and their files are read again next time).
            IdsInTwoRigs.LeaveOut(_connection, transaction, chain, chainId, fileId => pass.RecordsChanges && !pass.Renamed.Contains(fileId), pass.Recorded, pass.Changed, Now());

            if (target.IsLocal)
            {
                StampMissingFiles(transaction, chainId, skeleton);
            }

            // The event log, for audits: from the same source as the issues files, not read again when unchanged.
            EventRows.Write(_connection, transaction, chainId, finder, file => OpenFile(file, repo, tree), _limits, cancellationToken);

            IndexDatabase.Execute(_connection, transaction, "DELETE FROM relationships WHERE chain_id = $p0", chainId);
            foreach (var claim in chain.Relationships)
            {
                IndexDatabase.Execute(_connection, transaction, "INSERT INTO relationships(chain_id, type, description, trust) VALUES($p0, $p1, $p2, $p3)",
                    chainId, claim.Relationship.GetType().Name, claim.Relationship.ToString() ?? "", claim.Status.ToString());
            }

            // The chain's delegation claims, and the parents whose portions this pass may have completed or reopened. A chain
            // read again after it was unavailable had its claims forgotten then (and its parents judged without it): its
            // parents are judged again silently, as at a first index, though its units' changes are recorded.
            DelegationClaims.Write(_connection, transaction, chainId, chain, pass.WasIndexed, pass.WasIndexed ? pass.Changed : [], pass.LostFiles, cancellationToken);
            var units = Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction, "SELECT count(*) FROM units WHERE chain_id = $p0", chainId), CultureInfo.InvariantCulture);
            var bytes = Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction, "SELECT coalesce(sum(size), 0) FROM files WHERE chain_id = $p0", chainId), CultureInfo.InvariantCulture);
            // Every line a load counts as dropped: the reader's, an id's earlier lines in its file, the rows another rig owns.
            var dropped = Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction, "SELECT coalesce(sum(dropped) + sum(dups) + sum(left_out), 0) FROM files WHERE chain_id = $p0", chainId), CultureInfo.InvariantCulture);
            var shape = ChainFacts.Write(_connection, transaction, chainId, chain, dropped);
            var exact = EmploymentRows.Write(_connection, transaction, chainId, chain, skeleton.RelationshipsFile)
                && (shape == ChainShape.Exact
                    || await LoadedChainNotes.TryWriteAsync(_connection, transaction, chainId, dropped, inner, options, _limits, cancellationToken).ConfigureAwait(false));
            // The snapshot's signature, checked once here: queries judge it against the keys kept at the time they ask.
            var signature = repo is null ? null : StoredSignatureCheck.Encode(CommitSignatureVerifier.Verify(repo, commit));
            // revision: the tip, which the chain is current while it is; answered_from: the older commit the rows are of.
            IndexDatabase.Execute(_connection, transaction, """
                UPDATE chains SET revision = $p1, state = 'available', reason = $p15, message = $p16, identity = $p2, layout = $p3,
                    fetched_at = $p4, units = $p5, bytes = $p6, dropped = $p7, indexed_at = $p8, lines_parsed = $p9, remote = $p10, exact = $p11,
                    single_rig = $p12, tip_check = $p13, claim_lines = $p14, answered_from = $p17, refused_check = $p18, refused_limits = $p19, refused_keys = $p20,
                    route_lines = $p21
                WHERE id = $p0
                """,
                chainId, target.Revision, chain.IdentityStatus.ToString(), chain.Layout.ToString(), FetchedAt(target, older)?.ToString("O", CultureInfo.InvariantCulture),
                units, bytes, dropped, Now(), pass.LinesParsed, target.Remote?.Name, exact ? 1L : 0L, target.Remote?.Rig, signature,
                skeleton.RelationshipsFile is { } claims ? ChainLoader.LineCount(claims.Content.Span) : 0L,
                older?.Reason.ToString(), older?.Notice, older?.Commit, older?.RefusedCheck, older?.RefusalLimits, older?.Keys,
                skeleton.RoutesFile is { } routes ? ChainLoader.LineCount(routes.Content.Span) : 0L);
            IndexSchema.EnsureIndexes(_connection, transaction);
            transaction.Commit();
            return (new ChainRefresh(target.Uri, Updated: true, pass.LinesParsed, units, null, older?.Notice), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            transaction.Rollback();
            return (null, exception);
        }
        finally
        {
            if (repo is not null)
            {
                // Blobs were streamed through libgit2's own handle on this repository (NativeBlobStream): free it now,
                // not when the finalizer gets to it (it keeps the pack files open and mapped).
                NativeRepositoryHandle.Close(repo);

                // The tree and the small files were read through the town's shared handle, which keeps every pack it
                // touched mapped (the tips' too): closed, so that a pass over a hundred remotes holds one chain's pack
                // pages at a time, not the federation's (100 x 10k: 118 -> 54 MB peak, mapped packs 92 -> 29 MB of file-backed memory).
                _registry!.Repository.ReleasePacks();
            }
        }
    }

    /// <summary>Brings the local town's event log rows up to date alone (its other files are unchanged), in one transaction.</summary>
    public void IndexLocalEvents(long chainId, CancellationToken cancellationToken)
    {
        using var transaction = _connection.BeginTransaction();
        EventRows.Write(_connection, transaction, chainId, SkeletonSource.ForFolder(_townFolder), file => OpenFile(file, null, null), _limits, cancellationToken);
        IndexSchema.EnsureIndexes(_connection, transaction);
        transaction.Commit();
    }

    private void IndexFile(SqliteTransaction transaction, Chain chain, ChainRig rig, string? uriRig, IssuesFile file, LibGit2Sharp.Repository? repo, GitTreeChainSource? tree, Pass pass, CancellationToken cancellationToken)
    {
        long fileId;
        var renamed = false;
        using (var row = IndexDatabase.Command(_connection, transaction, "SELECT id, content_id, stamp, lines, rig, uri_rig, left_out FROM files WHERE chain_id = $p0 AND path = $p1", pass.ChainId, file.Path))
        using (var reader = row.ExecuteReader())
        {
            if (reader.Read())
            {
                fileId = reader.GetInt64(0);
                var stored = StoredFile.Read(reader);
                renamed = stored.IsRenamed(rig.Name, uriRig);
                if (stored.Holds(file, rig.Name, uriRig))
                {
                    // Same blob, same stamp: not read at all. Its lines still count towards the chain's limit.
                    pass.Lines += reader.GetInt64(3);
                    CheckUnitLimit(pass, file.Path, chain);
                    return;
                }
            }
            else
            {
                fileId = -1;
            }
        }

        if (renamed)
        {
            UnitWriter.DeleteFile(_connection, transaction, pass.ChainId, fileId);
            fileId = -1;
        }

        // Renamed units are the same work under new names: the feed records changes of work, so it records none here.
        var recordChanges = pass.RecordsChanges && !renamed;
        if (renamed)
        {
            // Its units went and came back without a change: the parents of its delegated children are judged silently.
            pass.LostFiles = true;
        }

        var isNewFile = fileId < 0;
        if (isNewFile)
        {
            fileId = Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction,
                "INSERT INTO files(chain_id, path, rig, uri_rig, size) VALUES($p0, $p1, $p2, $p3, $p4) RETURNING id",
                pass.ChainId, file.Path, rig.Name, uriRig, file.Size), CultureInfo.InvariantCulture);
            if (renamed)
            {
                pass.Renamed.Add(fileId);
            }
        }

        // A file row made just now holds no unit: its rows are not looked for (the chain's rows are read to find a file's,
        // so looking cost a first index of a chain of 20,000 one-line files a read of all its rows per file).
        var old = isNewFile ? new Dictionary<string, OldUnit>(StringComparer.Ordinal) : LoadOld(transaction, pass, fileId);
        var bulk = old.Count == 0 && IsBulk(transaction, file.Size);
        if (bulk)
        {
            foreach (var (name, _) in IndexSchema.SecondaryIndexes)
            {
                IndexDatabase.Execute(_connection, transaction, "DROP INDEX IF EXISTS " + name);
            }
        }

        var byHash = new Dictionary<long, OldUnit>(old.Count);
        foreach (var unit in old.Values)
        {
            byHash.TryAdd(unit.Hash, unit);
        }

        // Ids this pass wrote that had no row before it (ids with a row keep what the pass wrote in OldUnit.Written).
        var added = new HashSet<string>(StringComparer.Ordinal);

        using var stream = OpenFile(file, repo, tree);
        using var hashing = file.BlobId is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var source = hashing is null ? stream : new HashingStream(stream, hashing);
        var scanner = new LineScanner(source, _limits.MaxLineBytes);
        using var writer = new UnitWriter(_connection, pass.ChainId, fileId, rig.Name);
        long lineNo = 0;
        long dropped = 0;
        long warnedWithoutUnit = 0;

        // The longest line that holds a unit: a process whose MaxLineBytes is smaller would drop it, so it loads the chain.
        long longest = 0;

        // Lines that hold a unit; more than the distinct ids means duplicate ids, which a load reports.
        long unitLines = 0;

        // The dependency edges of lines that hold no row (a line the reader drops, an earlier line of an id the file
        // repeats): a load counts them against ChainLimits.MaxDependencies before it parses, so the chain's count is its
        // rows' edges and these (files.dep_extra).
        long extraEdges = 0;
        while (scanner.TryNext(out var line, cancellationToken))
        {
            lineNo++;
            pass.Lines++;
            if ((pass.Lines & 0x3FFF) == 0)
            {
                CheckUnitLimit(pass, file.Path, chain);
                _progress?.Report(new IndexProgress(chain.Uri, file.Path, scanner.Position, file.Size, lineNo));
            }

            if (line.TooLong)
            {
                dropped++;
                continue;
            }

            var content = line.Content.Span;
            // Blank as WorkUnitDocument reads it: only spaces, tabs and carriage returns.
            if (content.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                continue;
            }

            var hash = pass.LineHash.Of(content);
            if (byHash.TryGetValue(hash, out var known) && (known.Written is not { } written || written == hash))
            {
                // The same bytes as before: the row stands as it is, wherever the line now sits in the file.
                if (known.Written is not null)
                {
                    // A line repeated byte for byte: the row is its last copy's, so this one's edges are a line's with no row.
                    var repeatedEdges = DependencyEdgeCount.CountLine(content);
                    extraEdges += repeatedEdges;
                    CountWrittenEdges(pass, repeatedEdges, file.Path, chain);
                }

                known.Written = hash;
                unitLines++;
                longest = Math.Max(longest, line.Length);
                continue;
            }

            pass.LinesParsed++;
            var document = WorkUnitDocument.Parse(line.Content, _lineOptions);
            if (document.WorkUnits.Count == 0)
            {
                var lineEdges = DependencyEdgeCount.CountLine(content);
                extraEdges += lineEdges;
                CountWrittenEdges(pass, lineEdges, file.Path, chain);
                if (document.Diagnostics.Any(d => d.Severity == JsonlDiagnosticSeverity.Error))
                {
                    dropped++;
                }
                else if (document.Diagnostics.Count > 0)
                {
                    // No unit, but a warning the load reports as a chain warning (an unknown export type): counted, so
                    // the chain is not taken as one the index describes exactly.
                    warnedWithoutUnit++;
                }

                continue;
            }

            var parsed = document.WorkUnits[0];
            GtUri uri;
            try
            {
                // An id no gt:// URI can name, by the loader's own rule: it drops the line too.
                if (chain.WhyUnnamable(rig, parsed.Id) is not null)
                {
                    dropped++;
                    extraEdges += parsed.Dependencies.Count;
                    CountWrittenEdges(pass, parsed.Dependencies.Count, file.Path, chain);
                    continue;
                }

                uri = GtUri.ForWorkUnit(chain.Uri.Entity, chain.Name, uriRig, parsed.Id);
            }
            catch (ArgumentException)
            {
                // What the rule above passes, a URI is made of; this is the last guard (the chain is then not exact, and
                // queries load it, since the load counts no such dropped line).
                dropped++;
                extraEdges += parsed.Dependencies.Count;
                CountWrittenEdges(pass, parsed.Dependencies.Count, file.Path, chain);
                continue;
            }

            old.TryGetValue(parsed.Id, out var before);
            var isRewrite = before is not null ? before.Written is not null : added.Contains(parsed.Id);
            var replacedEdges = writer.Upsert(parsed, uri, content, hash, isNew: before is null && !isRewrite, warned: document.Diagnostics.Count > 0);
            if (isRewrite)
            {
                // The row replaced was an earlier line of this id: its edges are a line's that now holds no row.
                extraEdges += replacedEdges;
            }

            CountWrittenEdges(pass, parsed.Dependencies.Count, file.Path, chain);
            unitLines++;
            longest = Math.Max(longest, line.Length);
            if (before is not null)
            {
                before.Written = hash;
            }
            else
            {
                added.Add(parsed.Id);
            }
            if (recordChanges)
            {
                // An id the file repeats is the last of its lines: a later line of the same id takes back the change its
                // earlier line recorded, and the change is recorded from the row before this pass to the later line.
                if (isRewrite && pass.Recorded.Remove((fileId, parsed.Id), out var earlier))
                {
                    IndexDatabase.Execute(_connection, transaction, "DELETE FROM changes WHERE seq = $p0", earlier);
                    pass.Changed.Remove(uri);
                }

                // A unit new to this file may have come from a file that left the chain (a route moved it): the change is
                // recorded from the row it had there, so a moved file records nothing.
                var from = before ?? pass.Reappeared(uri.ToString(), parsed.Id);
                if (RecordChange(transaction, pass.ChainId, uri, from, parsed) is { } seq)
                {
                    pass.Recorded[(fileId, parsed.Id)] = seq;
                    pass.Changed.Add(uri);
                }
            }
        }

        CheckUnitLimit(pass, file.Path, chain);
        long distinctIds = added.Count;
        foreach (var (id, unit) in old)
        {
            if (unit.Written is not null)
            {
                distinctIds++;
            }
            else
            {
                writer.Delete(unit.RowId);
                if (recordChanges)
                {
                    var uri = GtUri.ForWorkUnit(chain.Uri.Entity, chain.Name, uriRig, id);
                    IndexDatabase.Execute(_connection, transaction, "INSERT INTO changes(chain_id, uri, kind, old_status, at) VALUES($p0, $p1, 'removed', $p2, $p3)",
                        pass.ChainId, uri.ToString(), unit.Status, Now());
                    pass.Changed.Add(uri);
                }
            }
        }

        if (bulk)
        {
            foreach (var (_, create) in IndexSchema.SecondaryIndexes)
            {
                IndexDatabase.Execute(_connection, transaction, create);
            }
        }

        string? contentId = file.BlobId;
        if (hashing is not null)
        {
            contentId = "sha256:" + Convert.ToHexStringLower(hashing.GetHashAndReset());
        }

        IndexDatabase.Execute(_connection, transaction, "UPDATE files SET rig = $p1, uri_rig = $p2, content_id = $p3, stamp = $p4, size = $p5, lines = $p6, dropped = $p7, dups = $p8, warned = $p9, longest = $p10, dep_extra = $p11 WHERE id = $p0",
            fileId, rig.Name, uriRig, contentId, file.Stamp, file.Size, lineNo, dropped, unitLines - distinctIds, warnedWithoutUnit, longest, extraEdges);
        _progress?.Report(new IndexProgress(chain.Uri, file.Path, file.Size, file.Size, lineNo));
    }

    // The row recorded in changes, or null when the line changes nothing a change names.
    private long? RecordChange(SqliteTransaction transaction, long chainId, GtUri uri, OldUnit? before, WorkUnit after)
    {
        var status = after.Status.Value;
        string? kind = before is null ? "created"
            : string.Equals(before.Status, status, StringComparison.Ordinal) ? null
            : after.Status.IsClosed ? "closed"
            : "status_changed";
        if (kind is null)
        {
            return null;
        }

        return Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction, "INSERT INTO changes(chain_id, uri, kind, old_status, new_status, title, at) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6) RETURNING seq",
            chainId, uri.ToString(), kind, before?.Status, status, after.Title, Now()), CultureInfo.InvariantCulture);
    }

    private void CheckUnitLimit(Pass pass, string path, Chain chain)
    {
        if (pass.Lines > _limits.MaxWorkUnits)
        {
            throw new ChainLimitExceededException(ChainLimitKind.WorkUnits, path, pass.Lines, _limits.MaxWorkUnits, chain.Source.Description);
        }
    }

    // The edges this pass wrote, as it writes them: every one ends as a row or in files.dep_extra, so past the limit the
    // chain is refused at once, not after the rest of a hostile file's rows are written and rolled back.
    private void CountWrittenEdges(Pass pass, long edges, string path, Chain chain)
    {
        pass.EdgesWritten += edges;
        if (pass.EdgesWritten > _limits.MaxDependencies)
        {
            throw new ChainLimitExceededException(ChainLimitKind.Dependencies, path, pass.EdgesWritten, _limits.MaxDependencies, chain.Source.Description);
        }
    }

    // The chain's dependency edges against ChainLimits.MaxDependencies, counted as a load counts them before it parses
    // (DependencyEdgeCount): the edges of the rows this pass kept or wrote, and those of the lines that hold no row
    // (files.dep_extra). The skeleton's issues files are empty, so the load above did not count them, and a chain a load
    // refuses (LimitExceeded) must not be answered from the index.
    private void CheckDependencyLimit(SqliteTransaction transaction, Pass pass, Chain chain, IEnumerable<string> paths)
    {
        var edges = Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction, "SELECT count(*) FROM deps WHERE unit IN (SELECT id FROM units WHERE chain_id = $p0)", pass.ChainId), CultureInfo.InvariantCulture)
            + Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction, "SELECT coalesce(sum(dep_extra), 0) FROM files WHERE chain_id = $p0", pass.ChainId), CultureInfo.InvariantCulture);
        // Kept, so a process reading within a smaller limit loads (and refuses) the chain instead of answering these rows.
        IndexDatabase.Execute(_connection, transaction, "UPDATE chains SET dep_edges = $p1 WHERE id = $p0", pass.ChainId, edges);
        if (edges > _limits.MaxDependencies)
        {
            throw new ChainLimitExceededException(ChainLimitKind.Dependencies, paths.LastOrDefault() ?? "", edges, _limits.MaxDependencies, chain.Source.Description);
        }
    }

    // A file of more lines (at about 400 bytes a line) than the index holds units, and at least a thousand: dropping the
    // secondary indexes and sorting them again after costs at most twice this file's rows, and saves a B-tree insert per
    // row and index. A small file, or one more chain in a big federation, keeps them.
    private bool IsBulk(SqliteTransaction transaction, long size)
    {
        var lines = size / 400;
        return lines >= 1_000
            && lines > Convert.ToInt64(IndexDatabase.Scalar(_connection, transaction, "SELECT count(*) FROM units"), CultureInfo.InvariantCulture);
    }

    // Every row of the file, read raw (inside the open transaction): a re-index reads them all, and a command's reader,
    // which made a string of each status too, was a sixth of a re-index of a 100k-line file after one changed line.
    // A file's rows are found among its chain's (there is no index by file): the first file read again in a pass reads
    // them alone; from the second on, the rows of every file the pass has not reached yet and will read again are read at
    // once, by file, so a remote changing each of its 1,000 rigs at every fetch costs one read of its rows, not one per rig.
    // The rows of files the pass will skip as unchanged are passed over, not kept: two small rigs changed beside a file of
    // 500,000 unchanged units keep the small rigs' rows only.
    private Dictionary<string, OldUnit> LoadOld(SqliteTransaction transaction, Pass pass, long fileId)
    {
        if (pass.OldByFile is { } byFile)
        {
            return byFile.Remove(fileId, out var known) ? known : new Dictionary<string, OldUnit>(StringComparer.Ordinal);
        }

        pass.FilesLoaded.Add(fileId);
        if (pass.FilesLoaded.Count < 2)
        {
            var old = new Dictionary<string, OldUnit>(StringComparer.Ordinal);
            using var rows = new RawStatement(_connection, "SELECT id, unit_id, hash, status FROM units WHERE chain_id = ?1 AND file_id = ?2");
            rows.Bind(1, pass.ChainId).Bind(2, fileId);
            while (rows.NextRow())
            {
                var unit = new OldUnit(rows.Int64(0), Encoding.UTF8.GetString(rows.Utf8(1)), rows.Int64(2), WorkStatus.FromUtf8(rows.Utf8(3)).Value);
                old[unit.UnitId] = unit;
                OldRowsRead++;
            }

            return old;
        }

        // The files the pass read before hold its own rows now: left out, as are the files it will not read again.
        var readAgain = FilesReadAgain(transaction, pass);
        readAgain.Add(fileId);
        byFile = [];
        using (var rows = new RawStatement(_connection, "SELECT file_id, id, unit_id, hash, status FROM units WHERE chain_id = ?1"))
        {
            rows.Bind(1, pass.ChainId);
            while (rows.NextRow())
            {
                var file = rows.Int64(0);
                if (file != fileId && (pass.FilesLoaded.Contains(file) || !readAgain.Contains(file)))
                {
                    continue;
                }

                OldRowsRead++;

                if (!byFile.TryGetValue(file, out var units))
                {
                    byFile[file] = units = new Dictionary<string, OldUnit>(StringComparer.Ordinal);
                }

                var unit = new OldUnit(rows.Int64(1), Encoding.UTF8.GetString(rows.Utf8(2)), rows.Int64(3), WorkStatus.FromUtf8(rows.Utf8(4)).Value);
                units[unit.UnitId] = unit;
            }
        }

        pass.OldByFile = byFile;
        return byFile.Remove(fileId, out var mine) ? mine : new Dictionary<string, OldUnit>(StringComparer.Ordinal);
    }

    // The chain's files whose old rows the pass will read (IndexFile's rule, StoredFile.Holds): those it indexes now whose
    // rows are not theirs as found now, and that keep their rig (a renamed file is read afresh, without its old rows).
    private HashSet<long> FilesReadAgain(SqliteTransaction transaction, Pass pass)
    {
        var ids = new HashSet<long>();
        using var command = IndexDatabase.Command(_connection, transaction, "SELECT id, content_id, stamp, lines, rig, uri_rig, left_out, path FROM files WHERE chain_id = $p0", pass.ChainId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (pass.Files.TryGetValue(reader.GetString(7), out var now)
                && StoredFile.Read(reader) is var stored
                && !stored.IsRenamed(now.Rig, now.UriRig)
                && !stored.Holds(now.File, now.Rig, now.UriRig))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        return ids;
    }

    private Stream OpenFile(IssuesFile file, LibGit2Sharp.Repository? repo, GitTreeChainSource? tree)
    {
        if (file.BlobId is { } blobId)
        {
            // Through the tree, as the skeleton found it: a lookup by id would inflate the whole blob once more before
            // reading it (a 47 MB blob cost a re-index a third of its time that way).
            var (id, stream) = tree!.OpenBlob(repo!, file.Path)
                ?? throw new GitTransportException($"The file {file.Path} is not in {tree.Description}; fetch the remote again.");
            if (!string.Equals(id.Sha, blobId, StringComparison.Ordinal))
            {
                stream.Dispose();
                throw new GitTransportException($"The file {file.Path} of {tree.Description} is not the blob {blobId[..7]} its skeleton named.");
            }

            return stream;
        }

        // Found again by the rule that found it (links kept inside the town), never by joining its path to the root.
        var local = _townFolder.FindFile(file.Path)
            ?? throw new FileNotFoundException($"The file {file.Path} of the town at {_townRoot} is gone since it was found; it is read again at the next query.", Path.Combine(_townRoot, file.Path));
        return LocalFile.OpenRead(local.FullName, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 64 * 1024, Options = FileOptions.SequentialScan });
    }

    // An issues file the loader asked for that does not exist yet (a rig with a route and no beads) is stamped missing,
    // so that its first write makes the stamps differ and the chain is indexed again. Such a row has no lines.
    private void StampMissingFiles(SqliteTransaction transaction, long chainId, SkeletonSource skeleton)
    {
        foreach (var path in skeleton.AskedIssuesPaths.Where(p => !skeleton.IssuesFiles.ContainsKey(p)).Order(StringComparer.Ordinal))
        {
            IndexDatabase.Execute(_connection, transaction, "INSERT INTO files(chain_id, path, rig, stamp) VALUES($p0, $p1, '', $p2)",
                chainId, path, LocalStamp.Missing);
        }
    }

    // Deletes the rows of the chain's files that are gone; when the pass records changes, their units are kept in
    // Pass.Vanished first (a unit that comes back in another file is a change from that row, one that does not is removed).
    private bool RemoveVanishedFiles(SqliteTransaction transaction, long chainId, IEnumerable<string> currentPaths, Pass pass)
    {
        var keep = new HashSet<string>(currentPaths, StringComparer.Ordinal);
        var gone = new List<long>();
        using (var command = IndexDatabase.Command(_connection, transaction, "SELECT id, path FROM files WHERE chain_id = $p0", chainId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!keep.Contains(reader.GetString(1)))
                {
                    gone.Add(reader.GetInt64(0));
                }
            }
        }

        foreach (var fileId in gone)
        {
            if (pass.WasIndexed)
            {
                using var command = IndexDatabase.Command(_connection, transaction, "SELECT uri, status FROM units WHERE chain_id = $p0 AND file_id = $p1", chainId, fileId);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    pass.Vanished[reader.GetString(0)] = reader.GetString(1);
                }
            }

            UnitWriter.DeleteFile(_connection, transaction, chainId, fileId);
        }

        return gone.Count > 0;
    }

    // A chain indexed again after it was unavailable: the units it had then are taken as the rows before this pass, so a
    // unit it still has records a change only if its status changed, one it no longer has is removed, a new one created.
    private void ResumeFromUnseen(SqliteTransaction transaction, Pass pass)
    {
        using var command = IndexDatabase.Command(_connection, transaction, "SELECT uri, status FROM unseen_units WHERE chain_id = $p0", pass.ChainId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            pass.Resumed = true;
            if (reader.GetString(0) is { Length: > 0 } uri)
            {
                pass.Vanished[uri] = reader.GetString(1);
            }
        }
    }

    private void RecordVanished(SqliteTransaction transaction, Pass pass)
    {
        foreach (var (uri, status) in pass.Vanished.Where(v => !pass.Came.Contains(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            IndexDatabase.Execute(_connection, transaction, "INSERT INTO changes(chain_id, uri, kind, old_status, at) VALUES($p0, $p1, 'removed', $p2, $p3)",
                pass.ChainId, uri, status, Now());
            pass.Changed.Add(GtUri.Parse(uri));
        }
    }

    /// <summary>
    /// Why a remote with no fetched tip is unavailable, as its row says it: the last fetch's failure when one is recorded
    /// (that is why; a query loads the chain and says it with its age), else never fetched or fetched with no branch to
    /// read. The provider's words, with a time that stays true in a stored row. Null for a chain with a tip, or the local
    /// town. A row that says something else is not current (FederationIndex.IsCurrent): a fetch since changed the answer
    /// without moving a tip.
    /// </summary>
    internal static (ChainUnavailableReason Reason, string Message)? NothingFetched(ChainTarget target)
    {
        if (target.Revision is not null || target.Remote is not { } remote)
        {
            return null;
        }

        return remote.LastFetchFailure is { } failed
            ? (ChainUnavailableReason.FetchFailed, GitChainProvider.RecordedFailure(remote, failed, "at " + MessageText.Time(failed.At)))
            : (ChainUnavailableReason.NeverFetched, GitChainProvider.NothingFetched(remote));
    }

    private long UpsertChain(ChainTarget target)
        => Convert.ToInt64(IndexDatabase.Scalar(_connection, null, """
            INSERT INTO chains(uri, remote, is_local, state) VALUES($p0, $p1, $p2, 'pending')
            ON CONFLICT(uri) DO UPDATE SET remote = excluded.remote, is_local = excluded.is_local
            RETURNING id
            """, target.Uri.ToString(), target.Remote?.Name, target.IsLocal ? 1 : 0), CultureInfo.InvariantCulture);

    // A refused remote snapshot as the provider's load refuses it (SnapshotLoad, within these limits, its signature
    // judged): its reason and the load's own words, which a query then says without loading the chain. Null when the
    // load would not refuse it, or refuses it for its signature (judged against the keys kept when a query asks): the
    // row then keeps the index's words, and queries load the chain.
    private async ValueTask<(ChainUnavailableReason Reason, string Message, Exception Refusal)?> RefusalAsALoadSaysItAsync(ChainTarget target, CancellationToken cancellationToken)
    {
        var remote = target.Remote!;
        var loader = new ChainLoader(new ParsedBlobCache(), null, _limits);
        var (_, refusal, _, _) = await SnapshotLoad.LoadAsync(_registry!.Repository, loader, remote, target.Revision!, judgeSignature: true, cancellationToken, recordOutcome: false)
            .ConfigureAwait(false);
        return refusal is not null && SnapshotLoad.IsRefusal(refusal) && ChainResult.ReasonFor(refusal) is var reason && reason != ChainUnavailableReason.SignatureRefused
            ? (reason, GitChainProvider.RefusedMessage(remote, target.Revision!, refusal), refusal)
            : null;
    }

    private void MarkUnavailable(long chainId, ChainTarget target, ChainUnavailableReason reason, string message, string? loadLimits = null, string? tipCheck = null)
    {
        using var transaction = _connection.BeginTransaction();
        DelegationClaims.Forget(_connection, transaction, chainId, target.Uri.ToString());

        // What the chain held, kept while it is unavailable so that the pass that reads it again records what changed
        // meanwhile (ResumeFromUnseen). A chain unavailable already holds no units, and keeps the ones it had before.
        IndexDatabase.Execute(_connection, transaction, "INSERT OR REPLACE INTO unseen_units(chain_id, uri, status) SELECT chain_id, uri, status FROM units WHERE chain_id = $p0", chainId);

        // A chain that was available with no units at all keeps a row too (no URI): its work when it is read again is news.
        IndexDatabase.Execute(_connection, transaction, "INSERT OR IGNORE INTO unseen_units(chain_id, uri, status) SELECT $p0, '', '' FROM chains WHERE id = $p0 AND state = 'available'", chainId);
        ChainRows.Forget(_connection, transaction, chainId);

        // notes_limits: set when the message is a load's own words, within those limits (see RefusalAsALoadSaysItAsync).
        IndexDatabase.Execute(_connection, transaction, """
            UPDATE chains SET revision = $p1, state = 'unavailable', reason = $p2, message = $p3, units = 0, bytes = 0, dropped = 0,
                indexed_at = $p4, fetched_at = $p5, lines_parsed = 0, exact = 0, routes = NULL, single_rig = $p6, tip_check = $p8,
                notes_limits = $p7, answered_from = NULL, refused_check = NULL, refused_limits = NULL, refused_keys = NULL
            WHERE id = $p0
            """, chainId, target.Revision, reason.ToString(), message, Now(), target.Remote?.LastFetchedAt?.ToString("O", CultureInfo.InvariantCulture), target.Remote?.Rig,
            loadLimits, tipCheck);
        transaction.Commit();
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    // What a chain's rows are as of, as GitChainProvider says it: the remote's last fetch, or, for rows of an older snapshot
    // kept because the newest was refused, the last fetch that found that snapshot the tip.
    private static DateTimeOffset? FetchedAt(ChainTarget target, OlderAnswer? older)
        => older is null ? target.Remote?.LastFetchedAt : target.Remote?.VerifiedFetchedAt;

    /// <summary>
    /// The remote's last verified snapshot (<paramref name="Commit"/>), indexed in place of its refused tip, as the
    /// provider answers from it: why the tip was refused, the notice a load gives (<see cref="GitChainProvider.OlderSnapshotNotice"/>),
    /// the limits it was refused within (null for its signature), the tip's signature as checked (a query judges it against the keys kept then)
    /// and the keys kept when it was judged (<see cref="ChainTarget.Keys"/>).
    /// </summary>
    private sealed record OlderAnswer(string Commit, ChainUnavailableReason Reason, string Notice, string? RefusalLimits, string? RefusedCheck, string? Keys);

    /// <summary>What one chain's pass counts.</summary>
    private sealed class Pass(long chainId, bool wasIndexed)
    {
        public long ChainId { get; } = chainId;

        public bool WasIndexed { get; } = wasIndexed;

        /// <summary>
        /// Whether this pass reads a chain that was unavailable after it had been indexed: its units of then
        /// (<c>unseen_units</c>) are in <see cref="Vanished"/>, so what changed meanwhile is recorded as a re-index records it.
        /// </summary>
        public bool Resumed { get; set; }

        /// <summary>Whether this pass records the changes it finds: the chain was indexed before (or <see cref="Resumed"/>).</summary>
        public bool RecordsChanges => WasIndexed || Resumed;

        /// <summary>The index file's line hash (<see cref="Index.LineHash"/>).</summary>
        public LineHash LineHash { get; init; }

        /// <summary>
        /// The change this pass recorded for each row, by file and id, as its seq in <c>changes</c>: a later line of the
        /// same id takes it back, and so does leaving the row out for another rig's (<see cref="IdsInTwoRigs"/>).
        /// </summary>
        public Dictionary<(long FileId, string UnitId), long> Recorded { get; } = [];

        /// <summary>The files read afresh under another rig name, whose changes this pass does not record.</summary>
        public HashSet<long> Renamed { get; } = [];

        public long Lines { get; set; }

        /// <summary>
        /// The dependency edges of the lines this pass read and did not skip as a row's own bytes (written as rows, or
        /// counted as lines that hold none): a lower bound of the chain's, see CountWrittenEdges.
        /// </summary>
        public long EdgesWritten { get; set; }

        /// <summary>The chain's issues files this pass indexes, by path: the file as found, its rig, and the rig its URIs name (null for none).</summary>
        public Dictionary<string, (IssuesFile File, string Rig, string? UriRig)> Files { get; } = new(StringComparer.Ordinal);

        /// <summary>The files whose rows this pass read one file at a time (at most two: see <see cref="OldByFile"/>).</summary>
        public HashSet<long> FilesLoaded { get; } = [];

        /// <summary>
        /// The rows of the files the pass had not reached when a second file was read again, by file: each is taken as its
        /// file is read (the files it skips as unchanged leave theirs here until the pass ends).
        /// </summary>
        public Dictionary<long, Dictionary<string, OldUnit>>? OldByFile { get; set; }

        public long LinesParsed { get; set; }

        /// <summary>The work units this pass recorded a change for (their delegated parents are judged again).</summary>
        public List<GtUri> Changed { get; } = [];

        /// <summary>Whether an issues file left the chain, or was read afresh under another rig name (its units went without a change).</summary>
        public bool LostFiles { get; set; }

        /// <summary>
        /// The units of the files that left the chain in this pass (recorded only when it records changes), or of the chain
        /// when it was marked unavailable (<see cref="Resumed"/>): URI and status.
        /// </summary>
        public Dictionary<string, string> Vanished { get; } = new(StringComparer.Ordinal);

        /// <summary>The URIs of <see cref="Vanished"/> that a file of the chain holds again.</summary>
        public HashSet<string> Came { get; } = new(StringComparer.Ordinal);

        /// <summary>The row a unit new to its file had in a file that left the chain, or null; it is then not removed.</summary>
        public OldUnit? Reappeared(string uri, string unitId)
        {
            if (!Vanished.TryGetValue(uri, out var status))
            {
                return null;
            }

            Came.Add(uri);
            return new OldUnit(0, unitId, 0, status);
        }
    }
}
