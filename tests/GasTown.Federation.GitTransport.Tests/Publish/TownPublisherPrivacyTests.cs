using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>Ways private data could slip into a publication that the plain layout tests do not reach.</summary>
public sealed class TownPublisherPrivacyTests : IDisposable
{
    private const string Self = "gt://alice@example.com/main-town";

    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private TestTown AliceTown(Func<TownBuilder, TownBuilder>? extra = null) => _world.AddTown("alice", b =>
    {
        b = b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-abc", "Public gastown work"))
            .WithRig("secret", "sc-", rig => rig.WithIssue("sc-1", "Top secret merger plan"))
            .WithTownBeads(hq => hq.WithIssue("hq-1", "Private town chore"))
            .WithEmployment("alice@example.com", "acme.com")
            .WithEvent("2025-12-30T18:00:00Z", "sling", "gastown/crew/max", "{\"bead\":\"gt-abc\"}", visibility: "feed");
        return extra is null ? b : extra(b);
    });

    private static string BeadsFolderOf(TestTown town, string rig) => Path.GetDirectoryName(town.Built.IssuesPathOf(rig))!;

    private bool HasPublishedBranch(TestTown town)
        => Directory.Exists(town.Repository.Path) && GitCli.TryRun(town.Repository.Path, "rev-parse", "--verify", FederationRepository.PublishedBranch).ExitCode == 0;

    [Fact]
    public async Task A_public_rig_linking_to_a_private_rig_inside_the_town_is_refused()
    {
        var town = AliceTown();
        var beads = BeadsFolderOf(town, "gastown");
        Directory.Delete(beads, recursive: true);
        Directory.CreateSymbolicLink(beads, Path.GetRelativePath(Path.GetDirectoryName(beads)!, BeadsFolderOf(town, "secret")));

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("gastown"));

        error.Message.ShouldContain("gastown");
        HasPublishedBranch(town).ShouldBeFalse();
        TownPublisherTests.AllObjectText(town).ShouldNotContain("Top secret merger plan");
    }

    [Fact]
    public async Task A_public_rig_folder_that_is_a_link_to_a_private_rig_is_refused()
    {
        var town = AliceTown(b => b.WithRouteLine("{\"prefix\":\"pb-\",\"path\":\"pub\"}"));
        Directory.CreateSymbolicLink(town.Built.PathOf("pub"), "secret/mayor/rig");

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("pub"));

        error.Message.ShouldContain("'pub'");
        HasPublishedBranch(town).ShouldBeFalse();
    }

    [Fact]
    public async Task Dot_dot_after_a_linked_folder_is_resolved_from_the_link_target_not_the_text()
    {
        // Textually deep/../decoy.jsonl is gastown's decoy; really deep/.. is secret's .beads.
        var town = AliceTown();
        var gastownBeads = BeadsFolderOf(town, "gastown");
        var secretBeads = BeadsFolderOf(town, "secret");
        Directory.CreateDirectory(Path.Combine(secretBeads, "sub"));
        File.WriteAllText(Path.Combine(secretBeads, "decoy.jsonl"), "{\"id\":\"sc-9\",\"title\":\"Hidden behind dot dot\"}\n");
        File.WriteAllText(Path.Combine(gastownBeads, "decoy.jsonl"), "{\"id\":\"gt-9\",\"title\":\"Harmless decoy\"}\n");
        Directory.CreateSymbolicLink(Path.Combine(gastownBeads, "deep"), Path.GetRelativePath(gastownBeads, Path.Combine(secretBeads, "sub")));
        var issues = town.Built.IssuesPathOf("gastown");
        File.Delete(issues);
        File.CreateSymbolicLink(issues, "deep/../decoy.jsonl");

        await Should.ThrowAsync<PublishException>(() => town.PublishAsync("gastown"));

        TownPublisherTests.AllObjectText(town).ShouldNotContain("Hidden behind dot dot");
    }

    [Fact]
    public async Task A_link_is_never_followed_even_one_that_stays_in_the_rig_folder()
    {
        var town = AliceTown();
        var gastownBeads = BeadsFolderOf(town, "gastown");
        var issues = town.Built.IssuesPathOf("gastown");
        Directory.CreateDirectory(Path.Combine(gastownBeads, "store"));
        File.Move(issues, Path.Combine(gastownBeads, "store", "real.jsonl"));
        File.CreateSymbolicLink(issues, "store/./../store/real.jsonl");

        // What a link names can change between a check and a read, so no link is read, wherever it leads.
        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("gastown"));

        error.Message.ShouldContain("symbolic link");
        HasPublishedBranch(town).ShouldBeFalse();
    }

    [Fact]
    public async Task A_town_file_linking_into_a_private_rig_is_refused()
    {
        var town = AliceTown();
        var relationships = town.Built.PathOf("federation/relationships.jsonl");
        File.Delete(relationships);
        File.CreateSymbolicLink(relationships, Path.GetRelativePath(Path.GetDirectoryName(relationships)!, town.Built.IssuesPathOf("secret")));

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("gastown"));

        error.Message.ShouldContain("private rig");
        TownPublisherTests.AllObjectText(town).ShouldNotContain("Top secret merger plan");
    }

    [Fact]
    public async Task Relationships_naming_private_work_of_this_town_are_withheld_and_the_rest_kept_byte_for_byte()
    {
        string[] kept =
        [
            "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\"}",
            $"{{\"type\":\"delegation\",\"parent\":\"gt://acme.com/projects/proj-1\",\"child\":\"{Self}/gastown/gt-abc\",\"terms\":{{\"portion\":\"backend\"}}}}",
            $"{{\"type\":\"cross_reference\",\"source\":\"{Self}/gt-abc\",\"references\":[{{\"type\":\"depends_on\",\"target\":\"gt://bob@example.com/bob-town/secret/bs-9\"}}]}}",
            $"{{ \"type\" : \"delegation\", \"parent\":\"gt://acme.com/eng/ac-1\",\"child\":\"{Self}/gastown/gt-abc\"}}",
        ];
        string[] withheld =
        [
            $"{{\"type\":\"delegation\",\"parent\":\"{Self}/secret/sc-1\",\"child\":\"gt://acme.com/projects/proj-2\",\"terms\":{{\"portion\":\"merger due diligence\"}}}}",
            $"{{\"type\":\"cross_reference\",\"source\":\"{Self}/gastown/gt-abc\",\"references\":[{{\"type\":\"blocks\",\"target\":\"{Self}/sc-1\"}}]}}",
            $"{{\"type\":\"delegation\",\"parent\":\"{Self}/hq-1\",\"child\":\"gt://acme.com/projects/proj-3\"}}",
            $"{{\"type\":\"delegation\",\"parent\":\"{Self}/nobody/zz-1\",\"child\":\"gt://acme.com/projects/proj-4\"}}",
            $"{{\"type\":\"delegation\",\"parent\":\"{Self}/secret/sc-2\"",
            $"{{\"type\":\"delegation\",\"parent\":\"{Self}/gastown/sc-3\",\"child\":\"gt://acme.com/projects/proj-5\"}}",

            // Model's reader refuses it (a delegation's parent must be a work unit): nothing unread leaves.
            $"{{ \"type\" : \"delegation\", \"parent\":\"{Self}\",\"child\":\"gt://acme.com/eng/ac-1\"}}",
        ];
        var town = _world.AddTown("alice", b =>
        {
            b = b.Named("main-town").OwnedBy("alice@example.com")
                .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-abc", "Public gastown work"))
                .WithRig("secret", "sc-", rig => rig.WithIssue("sc-1", "Top secret merger plan"))
                .WithTownBeads(hq => hq.WithIssue("hq-1", "Private town chore"));
            foreach (var line in kept.Concat(withheld))
            {
                b = b.WithRelationshipLine(line);
            }

            return b;
        });

        await town.PublishAsync("gastown");

        var published = town.Git("show", $"{FederationRepository.PublishedBranch}:federation/relationships.jsonl");
        published.ShouldBe(string.Concat(kept.Select(l => l + "\n")));
        var everything = TownPublisherTests.AllObjectText(town);
        everything.ShouldNotContain("sc-");
        everything.ShouldNotContain("merger due diligence");
        everything.ShouldNotContain("hq-1");
    }

    [Fact]
    public async Task Relationships_about_town_beads_are_published_with_the_town_beads()
    {
        var line = $"{{\"type\":\"delegation\",\"parent\":\"{Self}/hq-1\",\"child\":\"gt://acme.com/projects/proj-3\"}}";
        var town = AliceTown(b => b.WithRelationshipLine(line));

        await town.Publisher.PublishAsync(new PublishOptions { IncludeTownBeads = true, Actor = "mayor", Owner = "alice@example.com" }, TestContext.Current.CancellationToken);

        town.Git("show", $"{FederationRepository.PublishedBranch}:federation/relationships.jsonl").ShouldContain(line + "\n");
    }

    [Fact]
    public async Task The_last_duplicate_visibility_decides_and_broken_event_lines_are_withheld()
    {
        var town = AliceTown(b => b
            .WithEventLine("{\"ts\":\"2025-12-30T18:03:00Z\",\"type\":\"dup_key\",\"visibility\":\"feed\",\"payload\":{\"note\":\"audit via duplicate\"},\"visibility\":\"audit\"}")
            .WithEventLine("{\"ts\":\"2025-12-30T18:04:00Z\",\"type\":\"torn\",\"visibility\":\"feed\",\"payload\":{\"note\":\"broken after the key\"")
            .WithEventLine("{\"ts\":\"2025-12-30T18:05:00Z\",\"type\":\"late_feed\",\"visibility\":\"audit\",\"visibility\":\"both\"}"));

        // gastown is public, so its events may leave (an event naming a private rig never does).
        await town.Publisher.PublishAsync(new PublishOptions { Rigs = ["gastown"], IncludeFeedEvents = true, Actor = "mayor", Owner = "alice@example.com" }, TestContext.Current.CancellationToken);

        var events = town.Git("show", $"{FederationRepository.PublishedBranch}:.events.jsonl");
        events.ShouldContain("\"sling\"");
        events.ShouldContain("\"late_feed\"");
        events.ShouldNotContain("audit via duplicate");
        events.ShouldNotContain("broken after the key");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("")]
    public async Task Dot_and_empty_are_not_rig_names(string rig)
    {
        var town = AliceTown(b => b
            .WithRouteLine("{\"prefix\":\"sx-\",\"path\":\"./secret/mayor/rig\"}")
            .WithRouteLine("{\"prefix\":\"tw-\",\"path\":\"./\"}"));

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync(rig));

        error.Message.ShouldContain("not a rig name");
        HasPublishedBranch(town).ShouldBeFalse();
    }

    [Fact]
    public async Task Unnormalised_route_paths_are_never_published()
    {
        var town = AliceTown(b => b
            .WithRouteLine("{\"prefix\":\"sx-\",\"path\":\"./secret/mayor/rig\"}")
            .WithRouteLine("{\"prefix\":\"sy-\",\"path\":\"gastown//../secret/mayor/rig\"}")
            .WithRouteLine("{\"prefix\":\"tw-\",\"path\":\"./\"}"));

        var result = await town.PublishAsync("gastown");

        result.PublicRigs.ShouldBe(["gastown"]);
        town.Git("show", $"{FederationRepository.PublishedBranch}:.beads/routes.jsonl").ShouldBe("{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}\n");
        TownPublisherTests.AllObjectText(town).ShouldNotContain("Top secret merger plan");
        TownPublisherTests.AllObjectText(town).ShouldNotContain("Private town chore");
    }
}
