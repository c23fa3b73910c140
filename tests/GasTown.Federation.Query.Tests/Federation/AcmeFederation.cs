using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>
/// A federation of four real town folders:
/// <list type="bullet">
/// <item>acme.com/projects (the local town; organisation): rigs <c>projects</c> (proj-) and <c>tools</c> (tl-); employs alice and bob;
/// delegates proj-1 → alice gt-1 (backend), proj-1.1 → bob bb-1 and bb-2 (frontend), proj-1.2 → an unregistered chain (translation).</item>
/// <item>alice@example.com/town: rig <c>gastown</c> (gt-) and a private rig <c>secret</c> (sc-, never published: no issues file);
/// a blocks cycle gt-2 ⇄ gt-3; delegates gt-1 → carol ca-1 (second level); accepts proj-1 → gt-1.</item>
/// <item>bob@example.com/home: rig <c>web</c> (bb-).</item>
/// <item>carol@freelance.dev/shop (contractor): rig <c>work</c> (ca-); claims employment by acme.com (not verified); ca-2 assigned to alice.</item>
/// </list>
/// ghost.org/nowhere is referenced but never registered.
/// </summary>
internal sealed class AcmeFederation : IDisposable
{
    public const string Acme = "gt://acme.com/projects";
    public const string Alice = "gt://alice@example.com/town";
    public const string Bob = "gt://bob@example.com/home";
    public const string Carol = "gt://carol@freelance.dev/shop";
    public const string Ghost = "gt://ghost.org/nowhere";

    private const string T0 = "2025-12-30T10:00:00Z";

    private readonly TempDirectory temp = new("gtfed-query");

    public AcmeFederation()
    {
        AcmeTown = TownBuilder.At(temp.Combine("acme")).Named("projects").OwnedBy("acme.com").CreatedAt(T0)
            .WithRig("projects", "proj-", rig => rig
                .WithIssue("proj-1", "Launch v2", i => i.Type("epic").Priority(1).CreatedBy("mayor"))
                .WithIssue("proj-1.1", "API work", i => i.DependsOn("proj-1", "parent-child"))
                .WithIssue("proj-1.2", "Docs", i => i.DependsOn("proj-1", "parent-child").Assignee("projects/crew/dana").Closed("2026-01-02T09:00:00Z"))
                .WithIssue("proj-1.1.1", "API auth", i => i.DependsOn("proj-1.1", "parent-child").Type("bug"))
                .WithIssue("proj-2", "Marketing site", i => i.DependsOn($"{Alice}/gastown/gt-2"))
                .WithIssue("proj-3", "Partner deal", i => i.DependsOn($"{Ghost}/gh-1"))
                .WithIssue("proj-4", "Ready task", i => i.Priority(0).DependsOn("proj-1.2").DependsOn("proj-3", "discovered-from"))
                .WithIssue("proj-5", "Uses tools", i => i.DependsOn("external:tools:tl-1")))
            .WithRig("tools", "tl-", rig => rig
                .WithIssue("tl-1", "Tooling", i => i.Closed("2026-01-01T08:00:00Z")))
            .WithEmployment("alice@example.com", "acme.com")
            .WithEmployment("bob@example.com", "acme.com")
            .WithDelegation($"{Acme}/proj-1", $"{Alice}/gastown/gt-1", portion: "backend", deadline: "2026-01-15")
            .WithDelegation($"{Acme}/proj-1.1", $"{Bob}/web/bb-1", portion: "frontend")
            .WithDelegation($"{Acme}/proj-1.1", $"{Bob}/web/bb-2", portion: "frontend")
            .WithDelegation($"{Acme}/proj-1.2", $"{Ghost}/gh-9", portion: "translation")
            .WithCrossReference($"{Acme}/proj-4", ("depends_on", $"{Carol}/work/ca-1"))
            .Build();

        AliceTown = TownBuilder.At(temp.Combine("alice")).Named("town").OwnedBy("alice@example.com").CreatedAt(T0)
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "Backend for launch", i => i.Assignee("gastown/polecats/nux").Closed("2026-01-10T12:00:00Z"))
                .WithIssue("gt-1.1", "DB schema", i => i.DependsOn("gt-1", "parent-child").Closed("2026-01-09T12:00:00Z"))
                .WithIssue("gt-2", "Alice open task", i => i.DependsOn("gt-3"))
                .WithIssue("gt-3", "Cycle partner", i => i.DependsOn("gt-2"))
                .WithIssue("gt-4", "Uses secret", i => i.DependsOn("sc-1")))
            .WithRig("secret", "sc-", rig => rig.WithoutIssuesFile())
            .WithEmployment("alice@example.com", "acme.com")
            .WithDelegation($"{Acme}/proj-1", $"{Alice}/gastown/gt-1", portion: "backend", deadline: "2026-01-15")
            .WithDelegation($"{Alice}/gastown/gt-1", $"{Carol}/work/ca-1", portion: "migrations")
            .Build();

        BobTown = TownBuilder.At(temp.Combine("bob")).Named("home").OwnedBy("bob@example.com").CreatedAt(T0)
            .WithRig("web", "bb-", rig => rig
                .WithIssue("bb-1", "Landing page", i => i.Assignee("web/crew/bob").Closed("2026-01-05T10:00:00Z"))
                .WithIssue("bb-2", "Signup form")
                .WithIssue("bb-3", "Signup validation", i => i.DependsOn("bb-2", "parent-child"))
                .WithIssue("bb-4", "Bob's own thing", i => i.Priority(3)))
            .Build();

        CarolTown = TownBuilder.At(temp.Combine("carol")).Named("shop").OwnedBy("carol@freelance.dev").CreatedAt(T0)
            .WithRig("work", "ca-", rig => rig
                .WithIssue("ca-1", "Migrations")
                .WithIssue("ca-1.1", "Migration tests", i => i.DependsOn("ca-1", "parent-child").Closed("2026-01-08T10:00:00Z"))
                .WithIssue("ca-2", "Contract for acme", i => i.Assignee("alice@example.com")))
            .WithEmployment("carol@freelance.dev", "acme.com")
            .Build();
    }

    public BuiltTown AcmeTown { get; }

    public BuiltTown AliceTown { get; }

    public BuiltTown BobTown { get; }

    public BuiltTown CarolTown { get; }

    public string Root => temp.Path;

    /// <summary>A provider with acme as the local town and alice, bob and carol as named remotes.</summary>
    public NamedChainProvider Provider()
    {
        var folders = new FolderChainProvider(new ChainLoader(), GtUri.Parse(Acme))
            .Add(GtUri.Parse(Acme), AcmeTown.Root)
            .Add(GtUri.Parse(Alice), AliceTown.Root)
            .Add(GtUri.Parse(Bob), BobTown.Root)
            .Add(GtUri.Parse(Carol), CarolTown.Root);
        return new NamedChainProvider(folders, new Dictionary<GtUri, string>
        {
            [GtUri.Parse(Alice)] = "alice",
            [GtUri.Parse(Bob)] = "bob",
            [GtUri.Parse(Carol)] = "carol",
        });
    }

    public FederationQueries Queries(QueryOptions? options = null) => new(Provider(), options);

    public void Dispose() => temp.Dispose();
}
