using System.Diagnostics.CodeAnalysis;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// A loaded chain: a town's (or one-rig repository's) metadata, routes, rigs with their work units, the
/// relationships it asserts, and every problem found while reading it. Immutable; made by <see cref="ChainLoader"/>.
/// </summary>
public sealed class Chain
{
    private readonly Dictionary<string, ChainRig> _rigsByName;
    private readonly HashSet<string> _rigsWithoutUriSegment;

    // By rig name, the ids whose unit in that rig is left out because another rig owns the id (IdOwner); null when no id
    // is in two rigs, as in almost every chain. Set by the loader before anyone sees the chain.
    private Dictionary<string, HashSet<string>>? _idsOwnedElsewhere;

    internal Chain(
        GtUri uri,
        ChainLayout layout,
        ChainIdentityStatus identityStatus,
        TownMetadata? town,
        RouteTable routes,
        IReadOnlyList<ChainRig> rigs,
        IReadOnlyList<RelationshipClaim> relationships,
        IReadOnlyList<ChainDiagnostic> diagnostics,
        IChainSource source,
        HashSet<string> rigsWithoutUriSegment)
    {
        Uri = uri;
        Layout = layout;
        IdentityStatus = identityStatus;
        Town = town;
        Routes = routes;
        Rigs = rigs;
        Relationships = relationships;
        Diagnostics = diagnostics;
        Source = source;
        Revision = source.Revision;
        _rigsWithoutUriSegment = rigsWithoutUriSegment;
        _rigsByName = rigs.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>The chain's URI, <c>gt://entity/chain</c>.</summary>
    public GtUri Uri { get; }

    /// <summary>The owning entity (a person or an organisation).</summary>
    public EntityId Entity => Uri.Entity;

    /// <summary>The chain (town) name.</summary>
    public string Name => Uri.Chain!;

    /// <summary>A town, or a one-rig repository.</summary>
    public ChainLayout Layout { get; }

    /// <summary>
    /// Whether the chain's identity comes from its own town.json: true when a town.json with a valid owner
    /// and name was read and matched <see cref="ChainLoadOptions.ExpectedChain"/> (if one was given). False
    /// for a one-rig repository, or a town.json without owner, whose URI only the caller vouches for.
    /// </summary>
    public bool IsIdentityVerified => IdentityStatus == ChainIdentityStatus.Verified;

    /// <summary>How far the chain's identity is proven, and if not, why (no owner in town.json, a one-rig repository).</summary>
    public ChainIdentityStatus IdentityStatus { get; }

    /// <summary>
    /// The lines of the issues files that hold no work unit a query can see (malformed, over a limit, an id no URI can
    /// name, the earlier line of a repeated id, an id another rig holds), each with its reason; at most <see cref="ChainLimits.MaxDiagnostics"/> are itemised, see <see cref="DroppedLineCount"/>.
    /// </summary>
    public IReadOnlyList<DroppedLine> DroppedLines { get; private set; } = [];

    /// <summary>How many lines were dropped in all (itemised in <see cref="DroppedLines"/> up to the diagnostics limit).</summary>
    public int DroppedLineCount { get; private set; }

    /// <summary>How many diagnostics were found beyond <see cref="ChainLimits.MaxDiagnostics"/> and not kept in <see cref="Diagnostics"/>.</summary>
    public int OmittedDiagnosticCount { get; private set; }

    /// <summary>The town metadata, or null for a one-rig repository (or an unreadable town.json, see <see cref="Diagnostics"/>).</summary>
    public TownMetadata? Town { get; }

    /// <summary>The routes (empty for a one-rig repository).</summary>
    public RouteTable Routes { get; }

    /// <summary>The rigs, in route order; the town-level beads are the rig named <see cref="Route.TownLevelRigName"/>.</summary>
    public IReadOnlyList<ChainRig> Rigs { get; }

    /// <summary>
    /// The relationships this chain asserts (its relationships.jsonl, plus cross-references derived from beads
    /// dependencies on <c>gt://</c> URIs and <c>external:</c> references), with the trust this chain alone gives them.
    /// Combine the claims of several chains with <see cref="TrustEvaluator.Evaluate(IEnumerable{RelationshipClaim})"/>.
    /// </summary>
    public IReadOnlyList<RelationshipClaim> Relationships { get; private set; }

    /// <summary>Every problem found in the chain's files, with file and line.</summary>
    public IReadOnlyList<ChainDiagnostic> Diagnostics { get; private set; }

    /// <summary>Where the chain was read from.</summary>
    public IChainSource Source { get; }

    /// <summary>The git commit the chain was read at, or null for a live folder.</summary>
    public string? Revision { get; }

    /// <summary>
    /// Every work unit of every rig, with canonical URIs (built as enumerated). An id a rig's file repeats is one work
    /// unit, its last line, as lookups and upstream's import read it (the earlier lines stay in the file, each named by a
    /// diagnostic): one URI, one unit, in every answer. So is an id in two rigs: a chain's id names one work unit (a URI's
    /// rig segment is only a hint), the one <see cref="TryGetWorkUnit(string, out ChainWorkUnit?)"/> finds; the other
    /// rig's stays in its file, named by a diagnostic.
    /// </summary>
    public IEnumerable<ChainWorkUnit> WorkUnits
    {
        get
        {
            foreach (var rig in Rigs)
            {
                var document = rig.Document;
                var repeated = document.HasRepeatedIds;
                foreach (var unit in document.WorkUnits)
                {
                    if ((repeated && document.IsSuperseded(unit)) || IsOwnedElsewhere(rig, unit))
                    {
                        continue;
                    }

                    if (TryCreateWorkUnit(rig, unit, out var chainUnit))
                    {
                        yield return chainUnit;
                    }
                }
            }
        }
    }

    /// <summary>Finds a rig by name (<see cref="Route.TownLevelRigName"/> for the town level).</summary>
    /// <param name="name">The rig name.</param>
    /// <param name="rig">The rig.</param>
    /// <returns>Whether the chain has it.</returns>
    public bool TryGetRig(string name, [NotNullWhen(true)] out ChainRig? rig) => _rigsByName.TryGetValue(name, out rig);

    /// <summary>
    /// Finds a work unit by id: routed by prefix (longest hyphen-terminated prefix first), then, if the routed
    /// rig does not hold it, looked up in every other rig in order (beads files may hold ids of other prefixes). An id in
    /// two rigs names the unit this finds; the other is in no answer (see <see cref="WorkUnits"/>).
    /// </summary>
    /// <param name="workId">The work id, e.g. <c>gt-abc</c>.</param>
    /// <param name="unit">The work unit with its canonical URI.</param>
    /// <returns>Whether the chain holds it.</returns>
    public bool TryGetWorkUnit(string workId, [NotNullWhen(true)] out ChainWorkUnit? unit)
    {
        ArgumentNullException.ThrowIfNull(workId);
        if (IdOwner(workId) is { } rig && rig.Document.TryGet(workId, out var found))
        {
            return TryCreateWorkUnit(rig, found, out unit);
        }

        unit = null;
        return false;
    }

    /// <summary>
    /// Finds a work unit by URI; the URI must name this chain. Its rig segment, if any, is only a hint: an id names one
    /// unit of the chain, the one <see cref="TryGetWorkUnit(string, out ChainWorkUnit?)"/> finds.
    /// </summary>
    /// <param name="uri">A work-unit URI of this chain.</param>
    /// <param name="unit">The work unit.</param>
    /// <returns>Whether the chain holds it.</returns>
    public bool TryGetWorkUnit(GtUri uri, [NotNullWhen(true)] out ChainWorkUnit? unit)
    {
        if (uri.Kind != GtUriKind.WorkUnit || uri.ChainUri != Uri)
        {
            unit = null;
            return false;
        }

        return TryGetWorkUnit(uri.WorkId!, out unit);
    }

    /// <summary>
    /// The rig whose unit <paramref name="workId"/> names: the rig its prefix routes to when that rig holds it, else the
    /// first rig in order that does (a rig whose unit of that id no URI can name does not count); null when none does.
    /// The one rule for an id in two rigs (the index applies it to its rows, which are the units a URI can name).
    /// </summary>
    internal ChainRig? IdOwner(string workId) => OwnerAmong(workId, null);

    /// <summary>Whether <paramref name="unit"/>, a record of <paramref name="rig"/>, is left out of answers because another rig owns its id (<see cref="IdOwner"/>).</summary>
    internal bool IsOwnedElsewhere(ChainRig rig, WorkUnit unit)
        => _idsOwnedElsewhere is { } owned && owned.TryGetValue(rig.Name, out var ids) && ids.Contains(unit.Id);

    /// <summary>
    /// Finds the ids in two rigs and notes, for each rig whose unit is left out, which ids; called once by the loader,
    /// after the rigs are read and before anyone sees the chain. Returns each left-out unit's rig and id, with its owner.
    /// One pass over the ids (the rigs holding each), then the owner rule for the ids more than one rig holds only.
    /// </summary>
    internal List<(ChainRig Rig, string Id, ChainRig Owner)> NoteIdsInTwoRigs()
    {
        var found = new List<(ChainRig Rig, string Id, ChainRig Owner)>();
        if (Rigs.Count < 2)
        {
            return found;
        }

        var holders = Rigs.Count <= FewRigs ? HoldersByLookup() : HoldersByDictionary();
        foreach (var (id, list) in holders ?? [])
        {
            if (OwnerAmong(id, list) is not { } owner)
            {
                continue; // no URI can name it in any of them: each is a dropped line already
            }

            // A rig whose unit no URI can name is left out already (a dropped line), and is no one's to warn of twice.
            foreach (var rig in list.Where(r => !ReferenceEquals(r, owner) && WhyUnnamable(r, id) is null))
            {
                found.Add((rig, id, owner));
                _idsOwnedElsewhere ??= new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                (_idsOwnedElsewhere.TryGetValue(rig.Name, out var ids) ? ids : _idsOwnedElsewhere[rig.Name] = new HashSet<string>(StringComparer.Ordinal)).Add(id);
            }
        }

        return found;
    }

    // A town's usual handful of rigs: each id is looked up in the other rigs' documents, which allocates nothing (a warm
    // load of cached documents pays no more than lookups). More rigs: one dictionary of every id, so a town of thousands
    // of rigs (a hostile routes.jsonl) costs one pass over its ids, not one per rig.
    private const int FewRigs = 8;

    // The ids more than one rig holds, each with those rigs in chain order; null when there are none.
    private Dictionary<string, List<ChainRig>>? HoldersByLookup()
    {
        Dictionary<string, List<ChainRig>>? holders = null;
        foreach (var rig in Rigs)
        {
            foreach (var unit in rig.Document.WorkUnits)
            {
                if (holders?.ContainsKey(unit.Id) == true || !HeldElsewhere(rig, unit.Id))
                {
                    continue;
                }

                holders ??= new Dictionary<string, List<ChainRig>>(StringComparer.Ordinal);
                holders[unit.Id] = [.. Rigs.Where(r => r.Document.ContainsId(unit.Id))];
            }
        }

        return holders;
    }

    private bool HeldElsewhere(ChainRig rig, string workId)
    {
        // By index: a foreach over the interface would allocate an enumerator per id.
        for (var i = 0; i < Rigs.Count; i++)
        {
            if (!ReferenceEquals(Rigs[i], rig) && Rigs[i].Document.ContainsId(workId))
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, List<ChainRig>>? HoldersByDictionary()
    {
        var firstHolder = new Dictionary<string, ChainRig>(Rigs.Sum(r => r.Document.Count), StringComparer.Ordinal);
        Dictionary<string, List<ChainRig>>? holders = null;
        foreach (var rig in Rigs)
        {
            foreach (var unit in rig.Document.WorkUnits)
            {
                if (firstHolder.TryAdd(unit.Id, rig) || ReferenceEquals(firstHolder[unit.Id], rig))
                {
                    continue; // the first rig to hold it, or a line its file repeats
                }

                holders ??= new Dictionary<string, List<ChainRig>>(StringComparer.Ordinal);
                if (!holders.TryGetValue(unit.Id, out var list))
                {
                    holders[unit.Id] = list = [firstHolder[unit.Id]];
                }

                if (!ReferenceEquals(list[^1], rig))
                {
                    list.Add(rig);
                }
            }
        }

        return holders;
    }

    // IdOwner's rule among the rigs that hold the id, in chain order (null: ask each rig's document).
    private ChainRig? OwnerAmong(string workId, List<ChainRig>? holders)
    {
        bool Owns(ChainRig rig) => (holders?.Contains(rig) ?? rig.Document.ContainsId(workId)) && WhyUnnamable(rig, workId) is null;
        if (Routes.TryRoute(workId, out var route) && _rigsByName.TryGetValue(route.RigName, out var routed) && Owns(routed))
        {
            return routed;
        }

        foreach (var rig in (IEnumerable<ChainRig>?)holders ?? Rigs)
        {
            if (Owns(rig))
            {
                return rig;
            }
        }

        return null;
    }

    /// <summary>Completes the chain once the work units (from which cross-references derive) are in place; called once, before anyone sees it.</summary>
    internal void Complete(IReadOnlyList<RelationshipClaim> relationships, IReadOnlyList<ChainDiagnostic> diagnostics, int omittedDiagnostics, IReadOnlyList<DroppedLine> droppedLines, int droppedLineCount)
    {
        Relationships = relationships;
        Diagnostics = diagnostics;
        OmittedDiagnosticCount = omittedDiagnostics;
        DroppedLines = droppedLines;
        DroppedLineCount = droppedLineCount;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Uri} ({Layout}, {Rigs.Count} rigs, from {Source.Description})";

    /// <summary>
    /// Why no <c>gt://</c> URI can name the unit <paramref name="workId"/> of <paramref name="rig"/>, or null when one can:
    /// the id must be a work id of the reference grammar, and the URI that names it (this chain's, the rig's segment, the
    /// id) at most <see cref="GtUriLimits.MaxUriLength"/> long. The one rule for the load (such a unit is a dropped line)
    /// and the index (which drops its line too), so the two count the same lines.
    /// </summary>
    internal string? WhyUnnamable(ChainRig rig, string workId)
    {
        if (!WorkReference.TryParse(workId, out var reference) || reference.Kind != WorkReferenceKind.Prefixed)
        {
            return "cannot be named by a gt:// URI";
        }

        var segment = RigSegmentOf(rig);
        var length = Uri.ToString().Length + (segment is null ? 0 : segment.Length + 1) + 1 + workId.Length;
        return length > GtUriLimits.MaxUriLength
            ? $"would make a gt:// URI of {length} characters with this chain's and rig's names, over {GtUriLimits.MaxUriLength}"
            : null;
    }

    internal bool TryCreateWorkUnit(ChainRig rig, WorkUnit unit, [NotNullWhen(true)] out ChainWorkUnit? chainUnit)
    {
        try
        {
            var rigSegment = RigSegmentOf(rig);
            chainUnit = new ChainWorkUnit(GtUri.ForWorkUnit(Uri.Entity, Name, rigSegment, unit.Id), rig.Name, unit);
            return true;
        }
        catch (ArgumentException)
        {
            // An id no gt:// URI can name (reported in Diagnostics when the chain was loaded).
            chainUnit = null;
            return false;
        }
    }

    // The rig's segment in its units' URIs: none for the town level or a rig whose name cannot be one.
    private string? RigSegmentOf(ChainRig rig) => rig.IsTownLevel || _rigsWithoutUriSegment.Contains(rig.Name) ? null : rig.Name;
}
