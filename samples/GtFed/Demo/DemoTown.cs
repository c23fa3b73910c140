using System.Diagnostics;
using System.Globalization;
using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GtFed.Demo;

/// <summary>
/// Writes one demo town with the SDK's own writers, exactly as upstream's tools lay it out:
/// mayor/town.json, .beads/routes.jsonl, each rig's .beads/issues.jsonl, federation/relationships.jsonl
/// and .events.jsonl; and makes the town folder a git repository with agent-attributed commits.
/// </summary>
internal sealed class DemoTown
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(-8));
    private readonly List<Relationship> _relationships = [];
    private readonly Dictionary<string, List<WorkUnit>> _issuesByRigPath = new(StringComparer.Ordinal);
    private RouteTable _routes = RouteTable.Empty;

    public DemoTown(string root, string owner, string name, string publicName)
    {
        Root = root;
        Uri = GtUri.ForChain(EntityId.Parse(owner), name);
        Metadata = new TownMetadata(name, owner, publicName, BeadsTimestamp.FromDateTimeOffset(Start));
    }

    public string Root { get; }

    public GtUri Uri { get; }

    public TownMetadata Metadata { get; }

    /// <summary>The town's federation repository, where its published branch lives: the URL other towns register.</summary>
    public string FederationRepository => Path.Combine(Root, "federation", "git");

    /// <summary>Adds a rig whose beads live at <c>&lt;rig&gt;/mayor/rig/.beads/issues.jsonl</c>, routed by <paramref name="prefix"/>.</summary>
    public DemoTown Rig(string rig, string prefix)
    {
        var path = $"{rig}/mayor/rig";
        _routes = _routes.With(new Route(prefix, path));
        _issuesByRigPath[path] = [];
        return this;
    }

    /// <summary>Adds a work unit to the rig its prefix routes to.</summary>
    public DemoTown Issue(
        string id,
        string title,
        string status = "open",
        string type = "task",
        int priority = 2,
        string? createdBy = null,
        string? assignee = null,
        int day = 0,
        string? parent = null,
        string[]? blockedBy = null,
        string? closeReason = null)
    {
        if (!_routes.TryRoute(id, out var route))
        {
            throw new InvalidOperationException($"demo: no rig routes {id}");
        }

        var created = Start.AddDays(day).AddMinutes(id.Length * 7);
        var dependencies = new List<Dependency>();
        if (parent is not null)
        {
            dependencies.Add(new Dependency(id, parent, DependencyType.ParentChild, BeadsTimestamp.FromDateTimeOffset(created), createdBy));
        }

        foreach (var blocker in blockedBy ?? [])
        {
            dependencies.Add(new Dependency(id, blocker, DependencyType.Blocks, BeadsTimestamp.FromDateTimeOffset(created.AddMinutes(1)), createdBy));
        }

        var closed = status == "closed";
        _issuesByRigPath[route.NormalizedPath].Add(new WorkUnit
        {
            Id = id,
            Title = title,
            Status = new WorkStatus(status),
            Priority = priority,
            IssueType = new WorkType(type),
            Assignee = assignee,
            CreatedAt = BeadsTimestamp.FromDateTimeOffset(created),
            CreatedBy = createdBy,
            UpdatedAt = BeadsTimestamp.FromDateTimeOffset(created.AddHours(closed ? 30 : 2)),
            ClosedAt = closed ? BeadsTimestamp.FromDateTimeOffset(created.AddHours(30)) : null,
            CloseReason = closed ? closeReason ?? "done" : null,
            Dependencies = dependencies,
        });
        return this;
    }

    public DemoTown Employs(string person, string organization)
    {
        _relationships.Add(new EmploymentRelationship(EntityId.Parse(person), EntityId.Parse(organization)));
        return this;
    }

    public DemoTown Delegates(string parent, string child, string portion, string deadline, string delegatedBy, string delegatedTo)
    {
        _relationships.Add(new DelegationRelationship(
            GtUri.Parse(parent),
            GtUri.Parse(child),
            new DelegationTerms(portion, deadline),
            delegatedBy,
            delegatedTo,
            BeadsTimestamp.FromDateTimeOffset(Start.AddDays(1))));
        return this;
    }

    /// <summary>Writes every file of the town.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        await Metadata.SaveAsync(Root, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(Root, ".beads"));
        Directory.CreateDirectory(Path.Combine(Root, "federation"));
        await _routes.SaveAsync(Path.Combine(Root, RouteTable.RelativePath), cancellationToken).ConfigureAwait(false);
        foreach (var (rigPath, issues) in _issuesByRigPath)
        {
            // WorkUnitDocument.Create sorts by id, as upstream's exporter does.
            var beads = Path.Combine(Root, rigPath, ".beads");
            Directory.CreateDirectory(beads);
            await WorkUnitDocument.Create(issues).SaveAsync(Path.Combine(beads, "issues.jsonl"), cancellationToken).ConfigureAwait(false);
        }

        if (_relationships.Count > 0)
        {
            await RelationshipDocument.AppendAsync(Path.Combine(Root, RelationshipDocument.RelativePath), _relationships, cancellationToken).ConfigureAwait(false);
        }

        // The federation repository is the town's own; it is not part of the town's work tree.
        await File.WriteAllTextAsync(Path.Combine(Root, ".gitignore"), "federation/git/\n.events.jsonl.lock\n", cancellationToken).ConfigureAwait(false);
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Commit("mayor", "Create town " + Metadata.Name, executedBy: "mayor");
    }

    /// <summary>Appends an event stamped with <paramref name="actor"/>, through the same locked writer agents use.</summary>
    public async Task EventAsync(string actor, string type, string payloadJson, CancellationToken cancellationToken)
    {
        var writer = new EventLogWriter(new ActorResolver(new ProvenanceOptions { Actor = actor, TownOwner = Metadata.Owner }));
        using var payload = System.Text.Json.JsonDocument.Parse(payloadJson);
        await writer.AppendAsync(Root, new TownEventDraft(type, payload.RootElement.Clone(), EventVisibility.Feed), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits the town's current files as an agent would: author name as upstream sets it (often the
    /// bare polecat or crew name), the owner's email, and the <c>Executed-By:</c> trailer with the full path.
    /// </summary>
    public void Commit(string authorName, string subject, string executedBy)
    {
        Git("add", "-A");
        var message = CommitTrailers.AppendProvenance(subject, ActorId.Parse(executedBy));
        Git("-c", $"user.name={authorName}", "-c", $"user.email={Metadata.Owner}", "commit", "-q", "--allow-empty", "-m", message);
    }

    private void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The demo must not pick up the user's signing keys or hooks.
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("demo: could not start git; is it installed?");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"demo: git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}"));
        }
    }
}
