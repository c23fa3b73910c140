using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>Events and relationship lines that point into a private rig, in every form the old filters let through.</summary>
public sealed class PublishFilterTests : IDisposable
{
    private const string Self = "gt://alice@example.com/main-town";

    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private TestTown Town(Func<TownBuilder, TownBuilder> extra) => _world.AddTown("alice", b => extra(b
        .Named("main-town").OwnedBy("alice@example.com")
        .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-abc", "Public gastown work"))
        .WithRig("secret", "sc-", rig => rig.WithIssue("sc-1", "Top secret merger plan"))
        .WithTownBeads(hq => hq.WithIssue("hq-1", "Private town chore"))));

    private static Task<PublishResult> PublishGastownAsync(TestTown town)
        => town.Publisher.PublishAsync(new PublishOptions { Rigs = ["gastown"], IncludeFeedEvents = true, Actor = "mayor", Owner = "alice@example.com" }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Events_naming_a_private_rig_or_id_or_read_by_Go_as_audit_are_withheld()
    {
        string[] kept =
        [
            "{\"ts\":\"2025-12-30T18:00:00Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"gastown/crew/max\",\"payload\":{\"bead\":\"gt-abc\"},\"visibility\":\"feed\"}",
            // Go matches "Visibility" to the visibility field: this is a feed event to upstream.
            "{\"ts\":\"2025-12-30T18:00:01Z\",\"source\":\"gt\",\"type\":\"done\",\"actor\":\"gastown/polecats/nux\",\"Visibility\":\"both\"}",
        ];
        string[] withheld =
        [
            "{\"ts\":\"2025-12-30T18:01:00Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"mayor\",\"payload\":{\"rig\":\"secret\",\"note\":\"m1\"},\"visibility\":\"feed\"}",
            "{\"ts\":\"2025-12-30T18:01:01Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"mayor\",\"payload\":{\"bead\":\"sc-1\",\"note\":\"m2\"},\"visibility\":\"feed\"}",
            "{\"ts\":\"2025-12-30T18:01:02Z\",\"source\":\"gt\",\"type\":\"done\",\"actor\":\"secret/crew/joe\",\"payload\":{\"note\":\"m3\"},\"visibility\":\"both\"}",
            "{\"ts\":\"2025-12-30T18:01:03Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"mayor\",\"payload\":{\"text\":\"see " + Self + "/SC-1 now\",\"note\":\"m4\"},\"visibility\":\"feed\"}",
            "{\"ts\":\"2025-12-30T18:01:04Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"mayor\",\"payload\":{\"hq-1\":true,\"note\":\"m5\"},\"visibility\":\"feed\"}",
            // Go reads both keys into one field and keeps the last: audit.
            "{\"ts\":\"2025-12-30T18:02:00Z\",\"source\":\"gt\",\"type\":\"dup\",\"actor\":\"mayor\",\"visibility\":\"feed\",\"Visibility\":\"audit\",\"payload\":{\"note\":\"m6\"}}",
            "{\"ts\":\"2025-12-30T18:02:01Z\",\"source\":\"gt\",\"type\":\"dup\",\"actor\":\"mayor\",\"visibility\":\"feed\",\"VISIBILITY\":\"audit\",\"payload\":{\"note\":\"m7\"}}",
            // U+017F (long s) folds to 's' in Go's key matching.
            "{\"ts\":\"2025-12-30T18:02:02Z\",\"source\":\"gt\",\"type\":\"dup\",\"actor\":\"mayor\",\"visibility\":\"feed\",\"vi\u017Fibility\":\"audit\",\"payload\":{\"note\":\"m8\"}}",
        ];
        var town = Town(b =>
        {
            foreach (var line in kept.Concat(withheld))
            {
                b = b.WithEventLine(line);
            }

            return b;
        });

        await PublishGastownAsync(town);

        var events = town.Git("show", $"{FederationRepository.PublishedBranch}:.events.jsonl");
        events.ShouldBe(string.Concat(kept.Select(l => l + "\n")));
        var everything = PublishLeakTests.EveryObject(town);
        foreach (var marker in new[] { "\"m1\"", "\"m2\"", "\"m3\"", "\"m4\"", "\"m5\"", "\"m6\"", "\"m7\"", "\"m8\"" })
        {
            everything.ShouldNotContain(marker);
        }
    }

    [Fact]
    public async Task Relationship_lines_pointing_into_a_private_rig_in_any_form_are_withheld()
    {
        string[] kept =
        [
            "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\"}",
            $"{{\"type\":\"delegation\",\"parent\":\"gt://acme.com/projects/proj-1\",\"child\":\"{Self}/gastown/gt-abc\",\"terms\":{{\"portion\":\"see gt-abc and external:gastown:gt-abc\"}}}}",
            $"{{\"type\":\"cross_reference\",\"source\":\"{Self}/gt-abc\",\"references\":[{{\"type\":\"depends_on\",\"target\":\"gt://bob@example.com/bob-town/secret/bs-9\"}}]}}",
        ];
        string[] withheld =
        [
            // A bare id routed to the private prefix.
            "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\",\"note\":\"works on sc-1\"}",
            // beads' external:<project>:<id>.
            $"{{\"type\":\"delegation\",\"parent\":\"gt://acme.com/projects/proj-2\",\"child\":\"{Self}/gastown/gt-abc\",\"terms\":{{\"portion\":\"external:secret:sc-1\"}}}}",
            // The chain, the scheme and the id in another case.
            $"{{\"type\":\"delegation\",\"parent\":\"GT://Alice@Example.com/MAIN-TOWN/sc-1\",\"child\":\"gt://acme.com/projects/proj-3\"}}",
            $"{{\"type\":\"delegation\",\"parent\":\"gt://acme.com/projects/proj-4\",\"child\":\"{Self}/gastown/gt-abc\",\"terms\":{{\"portion\":\"about SC-1\"}}}}",
            // A URI inside text, and one in a key.
            $"{{\"type\":\"delegation\",\"parent\":\"gt://acme.com/projects/proj-5\",\"child\":\"{Self}/gastown/gt-abc\",\"terms\":{{\"portion\":\"see {Self}/sc-1 first\"}}}}",
            $"{{\"type\":\"delegation\",\"parent\":\"gt://acme.com/projects/proj-6\",\"child\":\"{Self}/gastown/gt-abc\",\"extra\":{{\"hop://alice@example.com/main-town/sc-1\":true}}}}",
            // The private rig by name, and town-level work that is not published.
            "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\",\"rig\":\"secret\"}",
            "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\",\"chore\":\"hq-1\"}",
        ];
        var town = Town(b =>
        {
            foreach (var line in kept.Concat(withheld))
            {
                b = b.WithRelationshipLine(line);
            }

            return b;
        });

        await PublishGastownAsync(town);

        town.Git("show", $"{FederationRepository.PublishedBranch}:federation/relationships.jsonl").ShouldBe(string.Concat(kept.Select(l => l + "\n")));
        var everything = PublishLeakTests.EveryObject(town);
        everything.ShouldNotContain("sc-1");
        everything.ShouldNotContain("SC-1");
        everything.ShouldNotContain("hq-1");
    }
}
