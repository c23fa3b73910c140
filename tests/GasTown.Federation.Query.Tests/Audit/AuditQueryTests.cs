using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Query.Tests.Audit;

/// <summary>
/// Audit over one town whose events, beads and real git commits use every actor form: exact timelines
/// for <c>gastown/*</c>, <c>*/polecats/*</c> and <c>mayor</c>.
/// </summary>
public sealed class AuditQueryTests : IDisposable
{
    private const string Chain = "gt://steve@example.com/hq-town";
    private const string Gastown = Chain + "/gastown/";
    private const string Beads = Chain + "/beads/";
    private readonly TempDirectory temp = new("gtfed-audit");
    private readonly FederationQueries queries;
    private readonly Dictionary<string, string> shas = [];

    public AuditQueryTests()
    {
        var town = TownBuilder.At(temp.Combine("hq-town")).Named("hq-town").OwnedBy("steve@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "Fix login", i => i.CreatedBy("gastown/crew/joe").CreatedAt("2025-12-31T10:00:00Z")
                    .Assignee("gastown/polecats/nux").DependsOn("gt-2", createdBy: "mayor").Closed("2026-01-01T09:30:00Z"))
                .WithIssue("gt-2", "Design auth", i => i.CreatedBy("mayor").CreatedAt("2025-12-30T09:00:00Z")))
            .WithRig("beads", "bd-", rig => rig
                .WithIssue("bd-1", "Beads bug", i => i.CreatedBy("beads/crew/joe").CreatedAt("2025-12-29T08:00:00Z")
                    .Assignee("beads/polecats/slit").Closed("2026-01-02T10:00:00Z"))
                .WithIssueLine("""{"id":"bd-2","title":"Question","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-29T09:00:00Z","created_by":"deacon","updated_at":"2026-01-02T11:00:00Z","comments":[{"id":7,"issue_id":"bd-2","author":"gastown/crew/joe","text":"Answered in gt-1\nsee the PR","created_at":"2026-01-02T11:00:00Z"}]}"""))
            .WithEvent("2026-01-01T08:00:00Z", "sling", "gastown/crew/joe", """{"bead":"gt-1","target":"gastown/polecats/nux"}""")
            .WithEvent("2026-01-01T09:00:00Z", "done", "gastown/polecats/nux", """{"bead":"gt-1","branch":"polecat/nux"}""")
            .WithEvent("2026-01-01T10:00:00Z", "patrol_started", "gastown/witness", """{"polecat_count":2,"rig":"gastown"}""")
            .WithEvent("2026-01-01T11:00:00Z", "handoff", "mayor", """{"to_session":"deacon"}""", visibility: "audit")
            .WithEvent("2026-01-01T12:00:00Z", "boot", "deacon-boot", """{"agents":["witness"],"rig":"gastown"}""")
            .WithEvent("2026-01-01T13:00:00Z", "nudge", "beads/polecats/slit", """{"reason":"stuck","rig":"beads","target":"beads/witness"}""")
            .WithEvent("2026-01-01T14:00:00Z", "merged", "gastown/refinery", """{"branch":"polecat/nux","mr":"gt-1","worker":"nux"}""", visibility: "both")
            .WithEvent("2026-01-01T15:00:00Z", "patrol_complete", "gastown-witness", null)
            .WithEvent("2026-01-01T16:00:00Z", "kill", "deacon/dogs/rex", """{"reason":"idle","rig":"gastown","target":"gastown/polecats/old"}""")
            .Build();

        town.InitGitAndCommit();
        Commit(town.Root, "fix", "gastown/polecats/nux", "2026-01-03T10:00:00Z", "Fix login form");
        Commit(town.Root, "refactor", "steve", "2026-01-03T11:00:00Z", "Refactor auth\n\nExecuted-By: gastown/crew/joe");
        Commit(town.Root, "config", "mayor", "2026-01-03T12:00:00Z", "Town config");
        Commit(town.Root, "beads", "steve", "2026-01-03T13:00:00Z", "Beads fix\n\nExecuted-By: beads/polecats/slit\nRig: beads");

        var provider = new FolderChainProvider(new ChainLoader(), GtUri.Parse(Chain)).Add(GtUri.Parse(Chain), town.Root);
        var history = new GitCommitHistorySource(new RemoteRegistry(FederationRepository.ForTown(town.Root)), town.Root);
        queries = new FederationQueries(provider, commits: history);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Everything_acting_in_the_gastown_rig_newest_first()
    {
        var result = await queries.AuditAsync(ActorPattern.Parse("gastown/*"), cancellationToken: Ct);

        Rows(result).ShouldBe(
        [
            $"2026-01-03T11:00:00Z git commit gastown/crew/joe {shas["refactor"]} Refactor auth @{Chain}",
            $"2026-01-03T10:00:00Z git commit gastown/polecats/nux {shas["fix"]} Fix login form @{Chain}",
            $"2026-01-02T11:00:00Z beads bead_commented gastown/crew/joe commented on bd-2: Answered in gt-1 @{Beads}bd-2",
            $"2026-01-01T14:00:00Z events merged gastown/refinery branch=polecat/nux mr=gt-1 worker=nux @{Chain}",
            $"2026-01-01T10:00:00Z events patrol_started gastown/witness polecat_count=2 rig=gastown @{Chain}",
            $"2026-01-01T09:30:00Z beads bead_closed gastown/polecats/nux closed gt-1: Fix login @{Gastown}gt-1",
            $"2026-01-01T09:00:00Z events done gastown/polecats/nux bead=gt-1 branch=polecat/nux @{Chain}",
            $"2026-01-01T08:00:00Z events sling gastown/crew/joe bead=gt-1 target=gastown/polecats/nux @{Chain}",
            $"2025-12-31T10:00:00Z beads bead_created gastown/crew/joe created gt-1: Fix login @{Gastown}gt-1",
        ]);
    }

    [Fact]
    public async Task Every_polecat_in_every_rig()
    {
        var result = await queries.AuditAsync(ActorPattern.Parse("*/polecats/*"), cancellationToken: Ct);

        Rows(result).ShouldBe(
        [
            $"2026-01-03T13:00:00Z git commit beads/polecats/slit {shas["beads"]} Beads fix @{Chain}",
            $"2026-01-03T10:00:00Z git commit gastown/polecats/nux {shas["fix"]} Fix login form @{Chain}",
            $"2026-01-02T10:00:00Z beads bead_closed beads/polecats/slit closed bd-1: Beads bug @{Beads}bd-1",
            $"2026-01-01T13:00:00Z events nudge beads/polecats/slit reason=stuck rig=beads target=beads/witness @{Chain}",
            $"2026-01-01T09:30:00Z beads bead_closed gastown/polecats/nux closed gt-1: Fix login @{Gastown}gt-1",
            $"2026-01-01T09:00:00Z events done gastown/polecats/nux bead=gt-1 branch=polecat/nux @{Chain}",
        ]);
    }

    [Fact]
    public async Task Mayor_is_only_the_mayor()
    {
        var result = await queries.AuditAsync(ActorPattern.Parse("mayor"), cancellationToken: Ct);

        Rows(result).ShouldBe(
        [
            $"2026-01-03T12:00:00Z git commit mayor {shas["config"]} Town config @{Chain}",
            $"2026-01-01T11:00:00Z events handoff mayor to_session=deacon @{Chain}",
            $"2025-12-31T10:00:00Z beads dependency_added mayor gt-1 blocks gt-2 @{Gastown}gt-1",
            $"2025-12-30T09:00:00Z beads bead_created mayor created gt-2: Design auth @{Gastown}gt-2",
        ]);
    }

    [Fact]
    public async Task Since_keeps_only_entries_at_or_after_the_instant_and_legacy_actor_forms_match_exactly()
    {
        var since = await queries.AuditAsync(ActorPattern.Parse("gastown/*"), DateTimeOffset.Parse("2026-01-01T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture), Ct);
        since.Entries.Count.ShouldBe(6);
        since.Entries[^1].Type.ShouldBe(AuditSources.BeadClosed);

        // An event without a payload has an empty summary: the type alone says what happened.
        var witness = await queries.AuditAsync(ActorPattern.Parse("gastown-witness"), cancellationToken: Ct);
        Rows(witness).ShouldBe([$"2026-01-01T15:00:00Z events patrol_complete gastown-witness @{Chain}"]);
        witness.Entries.ShouldHaveSingleItem().Summary.ShouldBeEmpty();
        Rows(await queries.AuditAsync(ActorPattern.Parse("deacon*"), cancellationToken: Ct)).ShouldBe(
        [
            $"2026-01-01T16:00:00Z events kill deacon/dogs/rex reason=idle rig=gastown target=gastown/polecats/old @{Chain}",
            $"2026-01-01T12:00:00Z events boot deacon-boot agents=[\"witness\"] rig=gastown @{Chain}",
            $"2025-12-29T09:00:00Z beads bead_created deacon created bd-2: Question @{Beads}bd-2",
        ]);
    }

    public void Dispose() => temp.Dispose();

    // Printed as a reader would (type, then summary), so a summary repeating its type shows as "done done ...".
    private static string[] Rows(AuditResult result) =>
        result.Entries.Select(e => string.Join(' ', new[] { $"{e.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}", e.Source, e.Type, e.Actor, e.Summary, $"@{e.Uri}" }.Where(part => part.Length > 0))).ToArray();

    private void Commit(string root, string key, string author, string date, string message)
    {
        File.WriteAllText(Path.Combine(root, key + ".txt"), key);
        GitCli.Run(root, "add", "-A");
        GitCli.Run(root, "commit", "--quiet", $"--author={author} <steve@example.com>", $"--date={date}", "-m", message);
        shas[key] = GitCli.Run(root, "rev-parse", "--short=8", "HEAD").Trim();
    }
}
