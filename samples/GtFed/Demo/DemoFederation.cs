namespace GtFed.Demo;

/// <summary>
/// The demo's federation: an organisation (acme.com) whose projects chain delegates work to an
/// employee (alice), who delegates part of it on to a contractor (carol); a second employee (bob)
/// whose closed work unblocks acme; a private rig that must never leave acme; a claim of
/// employment the organisation never made; and a reference to a chain nobody registered.
/// </summary>
internal static class DemoFederation
{
    public const string AcmeProject = "gt://acme.com/projects/platform/pl-100";

    public static DemoTown Acme(string root) => new DemoTown(Path.Combine(root, "acme"), "acme.com", "projects", "ACME Corp")
        .Rig("platform", "pl-")
        .Rig("secret", "sx-")
        .Issue("pl-100", "Federated work tracking launch", type: "epic", priority: 1, createdBy: "mayor")
        .Issue("pl-100.1", "Backend: cross-town query service", createdBy: "platform/crew/dana", parent: "pl-100", day: 1)
        .Issue("pl-100.2", "Launch announcement", createdBy: "platform/crew/dana", parent: "pl-100", blockedBy: ["pl-100.1"], day: 1)
        .Issue("pl-101", "Adopt gt:// URIs in the dashboard", createdBy: "platform/polecats/rictus",
            blockedBy: ["gt://bob@example.com/main-town/backend/be-2"], day: 2)
        .Issue("pl-102", "Audit trail for contractors", type: "bug", createdBy: "platform/witness",
            blockedBy: ["gt://ghost.example/nowhere/hq-1"], day: 2)
        .Issue("sx-1", "Acquisition target: Initech (confidential)", createdBy: "mayor", day: 3)
        .Employs("alice@example.com", "acme.com")
        .Employs("bob@example.com", "acme.com")
        .Delegates(AcmeProject + ".1", "gt://alice@example.com/town/gastown/gt-xyz", "backend", "2026-02-01", "mayor", "alice@example.com");

    public static DemoTown Alice(string root) => new DemoTown(Path.Combine(root, "alice"), "alice@example.com", "town", "Alice")
        .Rig("gastown", "gt-")
        .Rig("beads", "bd-")
        .Issue("gt-xyz", "Query service backend", status: "in_progress", type: "feature", priority: 1, createdBy: "gastown/crew/max", assignee: "gastown/crew/max", day: 1)
        .Issue("gt-xyz.1", "Resolver cache", status: "closed", createdBy: "gastown/crew/max", assignee: "gastown/polecats/toast", parent: "gt-xyz", day: 2)
        .Issue("gt-xyz.2", "Fetch progress reporting", createdBy: "gastown/crew/max", parent: "gt-xyz", blockedBy: ["external:beads:bd-7"], day: 2)
        .Issue("bd-7", "Hyphenated prefix routing", status: "closed", type: "bug", createdBy: "beads/crew/emma", assignee: "beads/polecats/nux", day: 2)
        .Employs("alice@example.com", "acme.com")
        .Delegates(AcmeProject + ".1", "gt://alice@example.com/town/gastown/gt-xyz", "backend", "2026-02-01", "mayor", "alice@example.com")
        .Delegates("gt://alice@example.com/town/gastown/gt-xyz", "gt://carol@contractor.dev/studio/web/wb-7", "frontend", "2026-01-25", "gastown/crew/max", "carol@contractor.dev");

    public static DemoTown Bob(string root) => new DemoTown(Path.Combine(root, "bob"), "bob@example.com", "main-town", "Bob")
        .Rig("backend", "be-")
        .Issue("be-1", "Schema migration", status: "closed", createdBy: "backend/crew/bob", assignee: "backend/polecats/slit", day: 0)
        .Issue("be-2", "Publish API", status: "closed", createdBy: "backend/crew/bob", assignee: "backend/crew/bob", blockedBy: ["be-1"], day: 1)
        .Issue("be-3", "Rate limits", createdBy: "backend/crew/bob", day: 3)
        .Employs("bob@example.com", "acme.com");

    public static DemoTown Carol(string root) => new DemoTown(Path.Combine(root, "carol"), "carol@contractor.dev", "studio", "Carol's Studio")
        .Rig("web", "wb-")
        .Issue("wb-7", "Query dashboard UI", status: "closed", type: "feature", createdBy: "web/crew/carol", assignee: "web/crew/carol", day: 2)
        .Issue("wb-8", "Dark mode", createdBy: "web/crew/carol", blockedBy: ["gt://alice@example.com/town/gastown/gt-xyz.2"], day: 3)
        // Carol claims to work for acme; acme never says so, so the claim stays unverified.
        .Employs("carol@contractor.dev", "acme.com")
        .Delegates("gt://alice@example.com/town/gastown/gt-xyz", "gt://carol@contractor.dev/studio/web/wb-7", "frontend", "2026-01-25", "gastown/crew/max", "carol@contractor.dev");
}
