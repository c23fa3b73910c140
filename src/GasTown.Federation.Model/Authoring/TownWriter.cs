using System.Text.RegularExpressions;

namespace GasTown.Federation.Model;

/// <summary>
/// Writes a town the way <c>gt rig add</c> and <c>bd create/update/close/dep add</c> do: the write path a person (or a
/// frontend) needs to start from nothing. Every change reads the current file, changes it through
/// <see cref="WorkUnitDocument"/> or <see cref="RouteTable"/> (so untouched lines stay byte for byte), and replaces it
/// atomically, under a cross-process lock on <c>.beads/gtfed-write.lock</c>; nothing is written when a change fails.
/// </summary>
/// <remarks>
/// <para>
/// Stamps follow bd 1.x (beads fbcee6c6): a new work unit gets status <c>open</c>, <c>created_at</c> and
/// <c>updated_at</c> in UTC whole seconds (what bd's Dolt store keeps and <c>bd export</c> writes), and
/// <c>created_by</c> set to the actor (and <c>owner</c>, the person's email, when the caller gives it); the first move
/// to <c>in_progress</c> stamps <c>started_at</c>; a dependency gets <c>created_at</c> and <c>created_by</c>; an update moves
/// <c>updated_at</c>; a close sets <c>closed_at</c>, <c>updated_at</c> and <c>close_reason</c>. bd keeps who updated or
/// closed a unit in its Dolt history, not in the record, and so does this writer. Ids are made as bd makes them (see
/// <c>BeadsIdGenerator</c>).
/// </para>
/// <para>
/// The actor is given by the caller, resolved with Provenance's <c>IActorResolver</c> (bd's order: explicit, then
/// <c>BEADS_ACTOR</c>, <c>BD_ACTOR</c>, <c>git config user.name</c>, <c>USER</c>); this type only checks that it is one
/// line of text.
/// </para>
/// <para>Thread-safe: instances hold no mutable state, and changes are serialised by the lock.</para>
/// <para>
/// A town this process may not write (a read-only folder or file system, a town owned by another user) fails a change
/// with <see cref="TownFileAccessException"/> when its write lock cannot be created, before anything is read. A failure
/// past the lock (one rig folder made read-only, a full disk) is .NET's own <see cref="UnauthorizedAccessException"/> or
/// <see cref="IOException"/>, naming the path; either way nothing was changed (a file is replaced whole or not at all).
/// </para>
/// </remarks>
public sealed partial class TownWriter
{
    /// <summary>bd's priorities: 0 (highest) to 4.</summary>
    public const int MaxPriority = 4;

    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates a writer for the town at <paramref name="townRoot"/>.</summary>
    /// <param name="townRoot">The town's root folder (the one holding <c>mayor/town.json</c>).</param>
    /// <param name="timeProvider">The clock for timestamps and ids; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="lockTimeout">How long a change waits for another writer's lock; 30 seconds when <see langword="null"/>.</param>
    public TownWriter(string townRoot, TimeProvider? timeProvider = null, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        TownRoot = Path.GetFullPath(townRoot);
        _time = timeProvider ?? TimeProvider.System;
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The town's root folder, as a full path.</summary>
    public string TownRoot { get; }

    /// <summary>
    /// The longest line, in bytes, a work unit may be written as: the <see cref="ChainLimits.MaxLineBytes"/> its town is
    /// read with, so that nothing this writer writes is a line queries drop. A create or change whose line would be longer
    /// is refused (<see cref="TownWriteError.InvalidInput"/>) and nothing is written.
    /// </summary>
    /// <value>The default value is <see cref="ChainLimits.DefaultMaxLineBytes"/> (1 MiB).</value>
    public int MaxLineBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            field = value;
        }
    } = ChainLimits.DefaultMaxLineBytes;

    private string RoutesPath => Path.Combine(TownRoot, RouteTable.RelativePath);

    /// <summary>
    /// Adds a rig as <c>gt rig add NAME --prefix P</c> lays it out without a clone: the route
    /// <c>{"prefix":"P-","path":"NAME"}</c> in <c>.beads/routes.jsonl</c>, <c>NAME/config.json</c>,
    /// <c>NAME/.beads/config.yaml</c>, an empty <c>NAME/.beads/issues.jsonl</c>, and the rig's entry in <c>mayor/rigs.json</c>.
    /// </summary>
    /// <param name="name">The rig's name: ASCII letters, digits and <c>_</c> (gastown refuses <c>- . /</c> and spaces), not <c>hq</c>.</param>
    /// <param name="prefix">The id prefix, with or without its trailing <c>-</c>: a letter, then up to 19 letters, digits or hyphens (gastown's rule).</param>
    /// <param name="cancellationToken">Cancels the change; nothing is written after cancellation.</param>
    /// <returns>What was created.</returns>
    /// <exception cref="TownWriteException">The name or prefix is invalid (<see cref="TownWriteError.InvalidInput"/>), or the rig, a rig whose name differs only in case, its folder or its prefix exists (<see cref="TownWriteError.Conflict"/>).</exception>
    public async ValueTask<RigAdded> AddRigAsync(string name, string prefix, CancellationToken cancellationToken = default)
    {
        ValidateRigName(name);
        var bare = NormalizePrefix(prefix);
        using var held = await TownWriteLock.AcquireAsync(TownRoot, _lockTimeout, cancellationToken).ConfigureAwait(false);
        var routes = await RouteTable.LoadAsync(RoutesPath, cancellationToken).ConfigureAwait(false);
        foreach (var route in routes.Routes)
        {
            if (string.Equals(route.Prefix, bare + "-", StringComparison.Ordinal))
            {
                throw new TownWriteException(TownWriteError.Conflict, $"The prefix '{bare}-' is already routed to '{route.Path}' in {RouteTable.RelativePath}; choose another prefix.");
            }

            if (string.Equals(route.RigName, name, StringComparison.Ordinal))
            {
                throw new TownWriteException(TownWriteError.Conflict, $"The rig '{name}' already exists (route {route.Prefix} -> {route.Path}); nothing was changed.");
            }
        }

        // By the rule a publish checks, so a rig added here is never one the town cannot publish.
        if (RigNames.CaseTwin(name, routes.Routes.Where(r => !r.IsTownLevel).Select(r => r.RigName)) is { } twin)
        {
            throw new TownWriteException(TownWriteError.Conflict, $"The rigs '{name}' and '{twin}' would differ only in case; on a case-insensitive file system they are one folder, and a publish refuses the pair. Choose another rig name; nothing was changed.");
        }

        var folder = Path.Combine(TownRoot, name);
        if (File.Exists(folder) || File.Exists(Path.Combine(folder, ".beads", "issues.jsonl")))
        {
            throw new TownWriteException(TownWriteError.Conflict, $"{folder} already holds a file or a rig's issues; choose another rig name.");
        }

        var now = BeadsTimestamp.FromDateTimeOffset(_time.GetLocalNow());
        var rigsPath = Path.Combine(TownRoot, TownRigs.RelativePath);
        var existingRigs = File.Exists(rigsPath) ? await LocalFile.ReadAllBytesAsync(rigsPath, cancellationToken).ConfigureAwait(false) : null;
        var registry = RigFiles.RigsRegistry(existingRigs, name, bare, now);
        cancellationToken.ThrowIfCancellationRequested();

        // Rig files first and the route last: until the route exists the rig is not routed to, so a failure half way
        // leaves a folder nothing reads rather than a route to nothing.
        var issues = Path.Combine(folder, ".beads", "issues.jsonl");
        await AtomicFileReplace.WriteAsync(Path.Combine(folder, "config.json"), RigFiles.RigConfig(name, bare, now), cancellationToken).ConfigureAwait(false);
        await AtomicFileReplace.WriteAsync(Path.Combine(folder, ".beads", "config.yaml"), RigFiles.BeadsConfigYaml(bare), cancellationToken).ConfigureAwait(false);
        if (!File.Exists(issues))
        {
            await WorkUnitDocument.Empty.SaveAsync(issues, cancellationToken).ConfigureAwait(false);
        }

        await AtomicFileReplace.WriteAsync(rigsPath, registry, cancellationToken).ConfigureAwait(false);
        var added = new Route(bare + "-", name);
        await routes.With(added).SaveAsync(RoutesPath, CancellationToken.None).ConfigureAwait(false);
        return new RigAdded(name, bare, added, folder);
    }

    /// <summary>
    /// The rig whose folder holds <paramref name="folder"/> (the folder a person stands in), or <see langword="null"/>
    /// when it is in no rig's folder. The deepest route wins; the town-level route (<c>.</c>) is never chosen.
    /// </summary>
    /// <param name="folder">A folder, usually the current directory.</param>
    /// <param name="cancellationToken">Cancels reading the routes.</param>
    /// <returns>The route of the rig, or <see langword="null"/>.</returns>
    public async ValueTask<Route?> FindRigForFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var relative = Path.GetRelativePath(TownRoot, Path.GetFullPath(folder)).Replace('\\', '/');
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var routes = await RouteTable.LoadAsync(RoutesPath, cancellationToken).ConfigureAwait(false);
        return routes.Routes
            .Where(r => !r.IsTownLevel && (relative == r.NormalizedPath || relative.StartsWith(r.NormalizedPath + "/", StringComparison.Ordinal)))
            .OrderByDescending(r => r.NormalizedPath.Length)
            .FirstOrDefault();
    }

    /// <summary>
    /// Creates a work unit in <paramref name="rig"/> as <c>bd create</c> does and returns it with its new id.
    /// </summary>
    /// <param name="rig">The rig's name or its prefix (<c>gastown</c> or <c>gt</c>).</param>
    /// <param name="draft">The title and the other fields.</param>
    /// <param name="actor">Who creates it: written as <c>created_by</c>.</param>
    /// <param name="cancellationToken">Cancels the change; nothing is written after cancellation.</param>
    /// <returns>The new work unit, its rig and file.</returns>
    /// <exception cref="TownWriteException">The rig or parent is unknown (<see cref="TownWriteError.NotFound"/>), or a field is invalid (<see cref="TownWriteError.InvalidInput"/>).</exception>
    public async ValueTask<WorkUnitWritten> CreateWorkUnitAsync(string rig, WorkUnitDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rig);
        ArgumentNullException.ThrowIfNull(draft);
        var creator = ValidateActor(actor);
        var title = ValidateTitle(draft.Title);
        ValidatePriority(draft.Priority);
        ValidateOneLine(draft.Assignee, "assignee");
        ValidateOneLine(draft.Owner, "owner");
        ValidateType(draft.Type);
        using var held = await TownWriteLock.AcquireAsync(TownRoot, _lockTimeout, cancellationToken).ConfigureAwait(false);
        var routes = await RouteTable.LoadAsync(RoutesPath, cancellationToken).ConfigureAwait(false);
        if (!routes.TryFindRig(rig, out var route) || route.IsTownLevel && rig != Route.TownLevelRigName)
        {
            throw new TownWriteException(TownWriteError.NotFound, $"No rig '{rig}' in {RouteTable.RelativePath}. {KnownRigs(routes)}");
        }

        var path = IssuesPath(route);
        var document = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var stamp = WholeSeconds(now);
        var ids = document.WorkUnits.Select(u => u.Id).ToArray();
        string id;
        var dependencies = new List<Dependency>();
        if (!string.IsNullOrWhiteSpace(draft.Parent))
        {
            var parent = draft.Parent.Trim();
            if (!document.Contains(parent))
            {
                throw new TownWriteException(TownWriteError.NotFound, $"The parent '{parent}' is not in rig '{route.RigName}' ({path}); a child is created in its parent's rig.");
            }

            if (BeadsIdGenerator.Depth(parent) >= BeadsIdGenerator.MaxHierarchyDepth)
            {
                throw new TownWriteException(TownWriteError.InvalidInput, $"'{parent}' is already {BeadsIdGenerator.MaxHierarchyDepth} levels deep; bd allows no deeper children.");
            }

            id = BeadsIdGenerator.NextChildId(parent, ids);
            dependencies.Add(new Dependency(id, parent, DependencyType.ParentChild, stamp, creator));
        }
        else
        {
            var bare = route.Prefix.TrimEnd('-');
            id = BeadsIdGenerator.NewId(bare, title, draft.Description, creator, now, BeadsIdGenerator.CountTopLevel(ids, bare), document.Contains);
        }

        var unit = new WorkUnit
        {
            Id = id,
            Title = title,
            Description = string.IsNullOrEmpty(draft.Description) ? null : draft.Description,
            Status = WorkStatus.Open,
            Priority = draft.Priority,
            IssueType = draft.Type,
            Assignee = string.IsNullOrWhiteSpace(draft.Assignee) ? null : draft.Assignee.Trim(),
            Owner = string.IsNullOrWhiteSpace(draft.Owner) ? null : draft.Owner.Trim(),
            CreatedAt = stamp,
            CreatedBy = creator,
            UpdatedAt = stamp,
            Labels = [.. draft.Labels.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct(StringComparer.Ordinal)],
            Dependencies = dependencies,
        };
        ThrowIfLineTooLong(document, unit, path);
        await document.With(unit).SaveAsync(path, cancellationToken).ConfigureAwait(false);
        return new WorkUnitWritten(unit, route, path);
    }

    /// <summary>Changes fields of a work unit as <c>bd update</c> does; <c>updated_at</c> moves to now.</summary>
    /// <param name="id">The work unit's id in this town (or a short form a query reads: <c>RIG/ID</c>, <c>./ID</c>, <c>external:RIG:ID</c>, the rig a hint), or its <c>gt://</c> URI in this town's chain.</param>
    /// <param name="changes">The fields to change.</param>
    /// <param name="cancellationToken">Cancels the change; nothing is written after cancellation.</param>
    /// <returns>The work unit after the change.</returns>
    /// <exception cref="TownWriteException">The id is unknown (<see cref="TownWriteError.NotFound"/>), or a change is invalid or the URI names another town's unit (<see cref="TownWriteError.InvalidInput"/>).</exception>
    public async ValueTask<WorkUnitWritten> UpdateWorkUnitAsync(string id, WorkUnitChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"Nothing to change on '{id}': name at least one field (title, description, notes, status, priority, assignee, type).");
        }

        var title = changes.Title is null ? null : ValidateTitle(changes.Title);
        ValidateOneLine(changes.Assignee, "assignee");
        if (changes.Priority is { } priority)
        {
            ValidatePriority(priority);
        }

        if (changes.Type is { } type)
        {
            ValidateType(type);
        }

        if (changes.Status is { } status && !status.IsKnown)
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"'{status}' is not a status; use one of {string.Join(", ", WorkStatus.KnownValues.Where(s => s != WorkStatus.Tombstone))}.");
        }

        return await ChangeAsync(await UnitToChangeAsync(id, ReadOwnChainAsync, cancellationToken).ConfigureAwait(false), (unit, now) =>
        {
            var changed = unit with
            {
                Title = title ?? unit.Title,
                Description = changes.Description is null ? unit.Description : NullIfEmpty(changes.Description),
                Notes = changes.Notes is null ? unit.Notes : NullIfEmpty(changes.Notes),
                Priority = changes.Priority ?? unit.Priority,
                Assignee = changes.Assignee is null ? unit.Assignee : NullIfEmpty(changes.Assignee.Trim()),
                IssueType = changes.Type ?? unit.IssueType,
                UpdatedAt = now,
            };
            if (changes.Status is { } newStatus && newStatus != unit.Status)
            {
                changed = newStatus.IsClosed
                    ? changed with { Status = newStatus, ClosedAt = now }
                    : changed with { Status = newStatus, ClosedAt = unit.IsClosed ? null : unit.ClosedAt, CloseReason = unit.IsClosed ? null : unit.CloseReason };
                if (newStatus == WorkStatus.InProgress && unit.StartedAt is null)
                {
                    // bd stamps started_at when work first moves to in_progress (beads GH#2796).
                    changed = changed with { StartedAt = now };
                }
            }

            return changed;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a work unit as <c>bd close [--reason]</c> does: status <c>closed</c>, <c>closed_at</c> and <c>updated_at</c> now.</summary>
    /// <param name="id">The work unit's id in this town (or a short form a query reads: <c>RIG/ID</c>, <c>./ID</c>, <c>external:RIG:ID</c>, the rig a hint), or its <c>gt://</c> URI in this town's chain.</param>
    /// <param name="reason">The close reason, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the change; nothing is written after cancellation.</param>
    /// <returns>The closed work unit (unchanged, with <see cref="WorkUnitWritten.Changed"/> false, when it was already closed).</returns>
    /// <exception cref="TownWriteException">The id is unknown (<see cref="TownWriteError.NotFound"/>), or the URI names another town's unit (<see cref="TownWriteError.InvalidInput"/>).</exception>
    public async ValueTask<WorkUnitWritten> CloseWorkUnitAsync(string id, string? reason = null, CancellationToken cancellationToken = default)
    {
        return await ChangeAsync(await UnitToChangeAsync(id, ReadOwnChainAsync, cancellationToken).ConfigureAwait(false), (unit, now) => unit.IsClosed
            ? unit
            : unit with
            {
                Status = WorkStatus.Closed,
                ClosedAt = now,
                UpdatedAt = now,
                CloseReason = string.IsNullOrWhiteSpace(reason) ? unit.CloseReason : reason.Trim(),
            }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a dependency as <c>bd dep add A B [--type]</c> does: <paramref name="id"/> depends on
    /// <paramref name="dependsOn"/>, stamped with <c>created_at</c> and <c>created_by</c>.
    /// </summary>
    /// <param name="id">The work unit that depends: its id in this town (or a short form a query reads: <c>RIG/ID</c>, <c>./ID</c>, <c>external:RIG:ID</c>, the rig a hint), or its <c>gt://</c> URI in this town's chain.</param>
    /// <param name="dependsOn">
    /// The target: an id in this town (it must exist), also written <c>RIG/ID</c> or <c>./ID</c>; a <c>gt://</c> or <c>hop://</c> URI of a work unit, which, when
    /// it names this town's own chain (<c>gt://OWNER/NAME</c> of <c>mayor/town.json</c>), is that unit's id and is
    /// checked and stored as the id is, and otherwise is stored in its canonical <c>gt://</c> form, the cross-chain
    /// reference the federation resolves; or an <c>external:&lt;project&gt;:&lt;id&gt;</c> reference (stored as given).
    /// </param>
    /// <param name="type">The dependency type (<see cref="DependencyType.Blocks"/> is bd's default).</param>
    /// <param name="actor">Who adds it: written as the dependency's <c>created_by</c>.</param>
    /// <param name="cancellationToken">Cancels the change; nothing is written after cancellation.</param>
    /// <returns>
    /// The work unit with the dependency, and the dependency as stored in <see cref="WorkUnitWritten.Dependency"/>
    /// (unchanged, with <see cref="WorkUnitWritten.Changed"/> false, when it was there).
    /// </returns>
    /// <exception cref="TownWriteException">
    /// An id is unknown (<see cref="TownWriteError.NotFound"/>); or the target or type is invalid, the unit would depend
    /// on itself, <paramref name="id"/> is a URI of another town's unit, or a <c>blocks</c> or
    /// <c>conditional-blocks</c> dependency would close a cycle of blockers among this town's work units, which bd
    /// refuses too (<see cref="TownWriteError.InvalidInput"/>).
    /// </exception>
    public async ValueTask<WorkUnitWritten> AddDependencyAsync(string id, string dependsOn, DependencyType type, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dependsOn);
        var creator = ValidateActor(actor);
        if (type.IsEmpty || !type.IsKnown)
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"'{type}' is not a dependency type; use one of {string.Join(", ", DependencyType.KnownValues)}.");
        }

        // town.json is read once, and only when a URI or the cycle walk needs the town's chain.
        OwnChain? ownChain = null;
        async ValueTask<OwnChain> OwnChainAsync(CancellationToken ct) => ownChain ??= await ReadOwnChainAsync(ct).ConfigureAwait(false);

        var target = dependsOn.Trim();
        var isLocal = true;
        if (IsUri(target))
        {
            var uri = WorkUnitUri(target, "a dependency target is gt://ENTITY/CHAIN/[RIG/]ID");

            // A URI of this town's own chain names the unit its id names (every query reads it so): taken as that id, it
            // is checked as the id is (itself, a cycle, that it exists, already there) and stored as the id is, so one
            // dependency is never written in two forms.
            if ((await OwnChainAsync(cancellationToken).ConfigureAwait(false)).TryGetLocalId(uri, out var local))
            {
                target = local;
            }
            else
            {
                target = uri.ToString();
                isLocal = false;
            }
        }
        else if (target.StartsWith("external:", StringComparison.Ordinal))
        {
            isLocal = false;
        }
        else
        {
            target = LocalId(target, "a dependency target is ID, RIG/ID, ./ID, external:RIG:ID or gt://ENTITY/CHAIN/[RIG/]ID");
        }

        var source = await UnitToChangeAsync(id, OwnChainAsync, cancellationToken).ConfigureAwait(false);
        if (string.Equals(target, source, StringComparison.Ordinal))
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"'{source}' cannot depend on itself.");
        }

        // bd refuses a blocking edge that closes a cycle; checked under the town's write lock, against the files as they are.
        Func<RouteTable, CancellationToken, ValueTask>? refuseCycle = isLocal && BlockingCycle.Applies(type)
            ? async (routes, ct) => await ThrowIfBlockingCycleAsync(routes, await OwnChainAsync(ct).ConfigureAwait(false), source, target, type, ct).ConfigureAwait(false)
            : null;
        var written = await ChangeAsync(source, (unit, now) =>
        {
            if (unit.Dependencies.Any(d => d.DependsOnId == target && d.Type == type))
            {
                return unit;
            }

            return unit with
            {
                Dependencies = [.. unit.Dependencies, new Dependency(unit.Id, target, type, now, creator)],
                UpdatedAt = now,
            };
        }, cancellationToken, mustExist: isLocal ? target : null, check: refuseCycle).ConfigureAwait(false);

        // The dependency as stored, so that a host reports what was written without reading the target's forms again.
        return written with { Dependency = written.WorkUnit.Dependencies.Last(d => d.DependsOnId == target && d.Type == type) };
    }

    private async ValueTask ThrowIfBlockingCycleAsync(RouteTable routes, OwnChain ownChain, string id, string target, DependencyType type, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, WorkUnitDocument>(StringComparer.Ordinal);
        async ValueTask<WorkUnit?> UnitOf(string unitId, CancellationToken ct)
        {
            if (!routes.TryRoute(unitId, out var route))
            {
                return null;
            }

            var path = IssuesPath(route);
            if (!documents.TryGetValue(path, out var document))
            {
                documents[path] = document = await LoadAsync(path, ct).ConfigureAwait(false);
            }

            return document.TryGet(unitId, out var unit) ? unit : null;
        }

        if (await BlockingCycle.FindAsync(id, target, UnitOf, ownChain.LocalIdOf, cancellationToken).ConfigureAwait(false) is { } path)
        {
            throw new TownWriteException(
                TownWriteError.InvalidInput,
                $"'{id}' cannot depend on '{target}' ({type}): '{target}' already waits on '{id}' ({string.Join(" -> ", path)}), and a cycle of "
                + "blockers is work that can never start. Use a type that does not block (related), or drop one of those dependencies first.");
        }
    }

    private ValueTask<OwnChain> ReadOwnChainAsync(CancellationToken cancellationToken) => OwnChain.ReadAsync(TownRoot, cancellationToken);

    // The unit a change is made to: its id, or its URI in this town's chain as queries take it. Another chain's unit is
    // that town's to change; routed here by its id it would be "not found", or worse another unit of the same id.
    private static async ValueTask<string> UnitToChangeAsync(string id, Func<CancellationToken, ValueTask<OwnChain>> ownChain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var trimmed = id.Trim();
        if (!IsUri(trimmed))
        {
            return LocalId(trimmed, "a work unit is ID, RIG/ID, ./ID, external:RIG:ID or gt://ENTITY/CHAIN/[RIG/]ID");
        }

        var uri = WorkUnitUri(trimmed, "a work unit is gt://ENTITY/CHAIN/[RIG/]ID");
        var chain = await ownChain(cancellationToken).ConfigureAwait(false);
        return chain.TryGetLocalId(uri, out var local)
            ? local
            : throw new TownWriteException(TownWriteError.InvalidInput,
                $"'{trimmed}' is a work unit of {uri.ChainUri}, another town (this town's chain is {chain}); a town changes only its own work units, "
                + "so make this change in that town. This town's work may still depend on it: name it as a dependency's target.");
    }

    /// <summary>
    /// Whether <paramref name="text"/> is written as a URI: it holds <c>://</c>, or starts with a URI scheme's <c>gt:</c> or
    /// <c>hop:</c> and is then read as one, so that <c>gt:/alice@…</c> is said to be no URI, not looked up as an id.
    /// </summary>
    private static bool IsUri(string text)
        => text.Contains("://", StringComparison.Ordinal)
           || text.StartsWith("gt:", StringComparison.OrdinalIgnoreCase)
           || text.StartsWith("hop:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The id a short form names in this town, read by the one parser of work references (<see cref="WorkReference"/>, as
    /// every query reads them): <c>RIG/ID</c>, <c>./ID</c> and <c>external:RIG:ID</c> name the unit their id names, the rig
    /// being a hint as in a URI; a bare id is kept as written, as bd keeps it.
    /// </summary>
    private static string LocalId(string text, string expected)
    {
        if (!text.Contains('/', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal))
        {
            return text;
        }

        return WorkReference.TryParse(text, out var reference, out var error)
            ? reference.WorkId
            : throw new TownWriteException(TownWriteError.InvalidInput, $"'{text}' is not a work unit reference: {error.Message} ({expected}).");
    }

    private static GtUri WorkUnitUri(string text, string expected)
    {
        if (!GtUri.TryParse(text, out var uri, out var error))
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"'{text}' is not a gt:// URI: {error.Message}");
        }

        return uri.Kind == GtUriKind.WorkUnit
            ? uri
            : throw new TownWriteException(TownWriteError.InvalidInput, $"'{text}' names no work unit; {expected}.");
    }

    private async ValueTask<WorkUnitWritten> ChangeAsync(
        string id,
        Func<WorkUnit, BeadsTimestamp, WorkUnit> change,
        CancellationToken cancellationToken,
        string? mustExist = null,
        Func<RouteTable, CancellationToken, ValueTask>? check = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        id = id.Trim();
        using var held = await TownWriteLock.AcquireAsync(TownRoot, _lockTimeout, cancellationToken).ConfigureAwait(false);
        var routes = await RouteTable.LoadAsync(RoutesPath, cancellationToken).ConfigureAwait(false);
        var (route, path, document, unit) = await FindAsync(routes, id, cancellationToken).ConfigureAwait(false);
        if (mustExist is not null)
        {
            // bd refuses a dependency on an id it does not have; a target in another rig of this town is fine.
            await FindAsync(routes, mustExist, cancellationToken).ConfigureAwait(false);
        }

        if (check is not null)
        {
            await check(routes, cancellationToken).ConfigureAwait(false);
        }

        var changed = change(unit, WholeSeconds(_time.GetUtcNow()));
        if (ReferenceEquals(changed, unit))
        {
            return new WorkUnitWritten(unit, route, path, Changed: false);
        }

        ThrowIfLineTooLong(document, changed, path);
        await document.With(changed).SaveAsync(path, cancellationToken).ConfigureAwait(false);
        return new WorkUnitWritten(changed, route, path);
    }

    // A line over the limit is one every reader of the town drops (LineTooLong): written, it would be work that is
    // there and cannot be shown, listed or changed again through a query.
    private void ThrowIfLineTooLong(WorkUnitDocument document, WorkUnit unit, string path)
    {
        var length = document.LineLengthOf(unit);
        if (length > MaxLineBytes)
        {
            throw new TownWriteException(TownWriteError.InvalidInput,
                $"'{unit.Id}' would be written to {path} as a line of {length:N0} bytes, more than the {MaxLineBytes:N0} its town is read with "
                + $"({nameof(ChainLimits)}.{nameof(ChainLimits.MaxLineBytes)}), so queries would drop it; nothing was written. Shorten its description or its other long fields.");
        }
    }

    private async ValueTask<(Route Route, string Path, WorkUnitDocument Document, WorkUnit Unit)> FindAsync(RouteTable routes, string id, CancellationToken cancellationToken)
    {
        if (!routes.TryRoute(id, out var route))
        {
            throw new TownWriteException(TownWriteError.NotFound, $"No rig of this town routes '{id}' (its prefix is in no route of {RouteTable.RelativePath}). {KnownRigs(routes)}");
        }

        var path = IssuesPath(route);
        var document = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return document.TryGet(id, out var unit)
            ? (route, path, document, unit)
            : throw new TownWriteException(TownWriteError.NotFound, $"No work unit '{id}' in rig '{route.RigName}' ({path}).");
    }

    private string IssuesPath(Route route) => Path.GetFullPath(Path.Combine(TownRoot, route.IssuesFilePath));

    private static async ValueTask<WorkUnitDocument> LoadAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? await WorkUnitDocument.LoadAsync(path, cancellationToken).ConfigureAwait(false) : WorkUnitDocument.Empty;

    // bd's Dolt store keeps whole seconds in UTC, and bd export writes them with 'Z'.
    private static BeadsTimestamp WholeSeconds(DateTimeOffset now) =>
        BeadsTimestamp.FromDateTimeOffset(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string KnownRigs(RouteTable routes)
    {
        var rigs = routes.Routes.Where(r => !r.IsTownLevel).Select(r => $"{r.RigName} ({r.Prefix})").ToArray();
        return rigs.Length == 0 ? "The town has no rigs yet; add one first." : $"Rigs here: {string.Join(", ", rigs)}.";
    }

    private static void ValidateRigName(string name)
    {
        // The SDK's one rig-name rule (a gt:// name), then gastown's stricter one for new rigs (no '-' or '.').
        if (string.IsNullOrEmpty(name) || !RigNames.IsValid(name) || name.Length > 64 || !RigNamePattern().IsMatch(name))
        {
            throw new TownWriteException(TownWriteError.InvalidInput,
                $"'{name}' cannot be a rig name: use 1-64 ASCII letters, digits and underscores (gastown refuses hyphens, dots, spaces and slashes), for example 'gastown' or 'web_app'.");
        }

        if (string.Equals(name, "hq", StringComparison.OrdinalIgnoreCase))
        {
            throw new TownWriteException(TownWriteError.InvalidInput, "'hq' is reserved for the town-level beads; choose another rig name.");
        }

        // A rig's folder is NAME under the town root: these two are the town's own (its metadata; its federation
        // repository and index), and a rig laid inside one would mix its files with theirs.
        if (string.Equals(name, "mayor", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "federation", StringComparison.OrdinalIgnoreCase))
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"'{name}' names the town's own folder ({name.ToLowerInvariant()}/), not a place for a rig; choose another rig name.");
        }
    }

    private static string NormalizePrefix(string prefix)
    {
        var bare = prefix?.Trim().TrimEnd('-') ?? string.Empty;
        if (!PrefixPattern().IsMatch(bare))
        {
            throw new TownWriteException(TownWriteError.InvalidInput,
                $"'{prefix}' cannot be an id prefix: start with a letter, then up to 19 letters, digits or hyphens (gastown's rule), for example 'gt' or 'web'.");
        }

        return bare;
    }

    private static string ValidateTitle(string title)
    {
        var trimmed = title?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new TownWriteException(TownWriteError.InvalidInput, "The title is empty; a work unit needs a title.");
        }

        if (trimmed.Length > 500)
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"The title is {trimmed.Length} characters long; bd allows at most 500.");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw new TownWriteException(TownWriteError.InvalidInput, "The title holds a control character (a newline or tab); titles are one line. Put the rest in the description.");
        }

        return trimmed;
    }

    /// <summary>A name written on a unit's line (its assignee, its owner): one line, as a title is; every reader shows it.</summary>
    private static void ValidateOneLine(string? value, string field)
    {
        if (value is not null && value.Any(char.IsControl))
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"The {field} holds a control character (a newline, tab or escape); it is one name or email on one line.");
        }
    }

    private static void ValidatePriority(int priority)
    {
        if (priority is < 0 or > MaxPriority)
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"Priority {priority} is out of range; use 0 (highest) to {MaxPriority}.");
        }
    }

    private static void ValidateType(WorkType type)
    {
        if (type.IsEmpty || !type.IsKnown)
        {
            throw new TownWriteException(TownWriteError.InvalidInput, $"'{type}' is not an issue type; use one of {string.Join(", ", WorkType.KnownValues)}.");
        }
    }

    private static string ValidateActor(string actor)
    {
        var trimmed = actor?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Any(char.IsControl))
        {
            throw new TownWriteException(TownWriteError.InvalidInput, "The actor is empty or not one line; resolve it with an IActorResolver (bd's order) before writing.");
        }

        return trimmed;
    }

    [GeneratedRegex("^[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RigNamePattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{0,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
