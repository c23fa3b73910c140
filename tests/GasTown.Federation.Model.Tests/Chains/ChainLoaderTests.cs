using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Chains;

public sealed class ChainLoaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BuiltTown BuildMainTown(string root) => TownBuilder.At(root)
        .Named("main-town").OwnedBy("alice@example.com").WithPublicName("Alice's Town")
        .WithRig("gastown", "gt-", rig => rig
            .WithIssue("gt-abc", "Fix the thing", i => i.CreatedBy("gastown/crew/joe"))
            .WithIssue("gt-def", "Needs beads", i => i.DependsOn("external:beads:bd-xyz"))
            .WithIssue("gt-ghi", "Needs Bob", i => i.DependsOn("gt://bob@example.com/b/bd-1", "related").DependsOn("gt-abc"))
            .WithIssue("gt-wisp-050", "A wisp", i => i.Closed("2025-12-30T11:00:00-08:00", "done"))
            .WithIssue("gt-abc.1", "A child", i => i.DependsOn("gt-abc", "parent-child")))
        .WithRig("beads", "bd-", rig => rig
            .WithIssue("bd-xyz", "Beads side")
            .WithIssue("bd-a3f8.1", "Dotted"))
        .WithTownBeads(hq => hq
            .WithIssue("hq-1", "Town task")
            .WithIssue("hq-cv-abc", "Convoy", i => i.Type("convoy")))
        .WithEmployment("alice@example.com", "acme.com")
        .WithDelegation("gt://acme.com/hq/ac-1", "gt://alice@example.com/main-town/gastown/gt-abc", portion: "backend")
        .Build();

    [Fact]
    public async Task Reads_a_town_with_two_rigs_town_beads_and_relationships_with_canonical_uris()
    {
        using var temp = new TempDirectory();
        var town = BuildMainTown(temp.Path);

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct);

        chain.Uri.ShouldBe(GtUri.Parse("gt://alice@example.com/main-town"));
        chain.Layout.ShouldBe(ChainLayout.Town);
        chain.IsIdentityVerified.ShouldBeTrue();
        chain.Town.ShouldNotBeNull().PublicName.ShouldBe("Alice's Town");
        chain.Revision.ShouldBeNull();
        chain.Rigs.Select(r => (r.Name, r.Path)).ShouldBe([("gastown", "gastown/mayor/rig"), ("beads", "beads/mayor/rig"), (".", ".")]);
        chain.Diagnostics.ShouldBeEmpty();

        chain.WorkUnits.Select(u => u.Uri.ToString()).Order(StringComparer.Ordinal).ShouldBe(
        [
            "gt://alice@example.com/main-town/beads/bd-a3f8.1",
            "gt://alice@example.com/main-town/beads/bd-xyz",
            "gt://alice@example.com/main-town/gastown/gt-abc",
            "gt://alice@example.com/main-town/gastown/gt-abc.1",
            "gt://alice@example.com/main-town/gastown/gt-def",
            "gt://alice@example.com/main-town/gastown/gt-ghi",
            "gt://alice@example.com/main-town/gastown/gt-wisp-050",
            "gt://alice@example.com/main-town/hq-1",            // town level: no rig, routed by prefix
            "gt://alice@example.com/main-town/hq-cv-abc",
        ]);

        foreach (var unit in chain.WorkUnits)
        {
            chain.TryGetWorkUnit(unit.Unit.Id, out var byId).ShouldBeTrue(unit.Unit.Id);
            byId.Uri.ShouldBe(unit.Uri);
            byId.Rig.ShouldBe(unit.Rig);
            chain.TryGetWorkUnit(unit.Uri, out var byUri).ShouldBeTrue();
            byUri.Unit.ShouldBeSameAs(unit.Unit);
            chain.TryGetWorkUnit(unit.Uri.WithRig(null), out var byShortUri).ShouldBeTrue();
            byShortUri.Uri.ShouldBe(unit.Uri);
        }

        chain.TryGetWorkUnit("hq-cv-abc", out var convoy).ShouldBeTrue();
        convoy.IsTownLevel.ShouldBeTrue();
        convoy.Rig.ShouldBe(Route.TownLevelRigName);
        chain.TryGetWorkUnit("gt-nope", out _).ShouldBeFalse();
        chain.TryGetWorkUnit(GtUri.Parse("gt://bob@example.com/main-town/gastown/gt-abc"), out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_id_a_file_repeats_is_one_work_unit_its_last_line_and_the_earlier_line_is_a_warning()
    {
        // gt-abc three times: closed, then open with a dependency, then open with another title. Upstream's import keeps
        // the last; so do lookups and, since, every answer (a list used to show all three under one URI).
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-abc", "First", i => i.Closed("2025-12-30T11:00:00Z"))
                .WithIssue("gt-def", "Other")
                .WithIssue("gt-abc", "Second", i => i.DependsOn("gt-def").DependsOn("gt://bob@example.com/b/bd-1", "related").DependsOn("external:beads"))
                .WithIssue("gt-abc", "Last"))
            .Build();

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct);

        chain.WorkUnits.Select(u => $"{u.Unit.Id} {u.Unit.Title}").ShouldBe(["gt-abc Last", "gt-def Other"], ignoreOrder: true);
        chain.TryGetWorkUnit("gt-abc", out var found).ShouldBeTrue();
        found.Unit.Title.ShouldBe("Last");
        chain.Diagnostics.Count(d => d.Message.Contains("\"gt-abc\"", StringComparison.Ordinal)).ShouldBe(2);
        chain.Diagnostics.ShouldAllBe(d => d.Message.Contains("left out of answers", StringComparison.Ordinal));

        // The earlier lines are lines no query sees: counted and named with the line each is (1 and 2 of gt-abc's 1, 2, 3;
        // the builder writes ids in order), as every other such line is. Before, the notice's count left them out (a
        // probe's 17 lines said for 18).
        var path = chain.Rigs.Single(r => r.Name == "gastown").IssuesFilePath;
        chain.DroppedLineCount.ShouldBe(2);
        chain.DroppedLines.Select(d => (d.Path, d.LineNumber, d.Reason)).ShouldBe([(path, 1, DroppedLineReason.RepeatedId), (path, 2, DroppedLineReason.RepeatedId)]);
        chain.DroppedLines[0].Message.ShouldContain("is on line 1 and again on line 2");
        ChainNotices.For(chain).ShouldContain(n => n.Kind == ChainNoticeKind.LinesDropped
            && n.Message.Contains("2 line(s) of its issues files hold no work unit a query can see (2 whose id a later line repeats)", StringComparison.Ordinal)
            && n.Message.EndsWith($"the first is in {path} line 1.", StringComparison.Ordinal));

        // Nor do the earlier lines' references count: no cross-reference claim from them, no warning of the one that
        // does not resolve.
        chain.Relationships.Select(c => c.Relationship).OfType<CrossReferenceRelationship>().ShouldBeEmpty();

        // The file keeps every line (written back as read); the document says which records are superseded.
        var document = chain.Rigs.Single(r => r.Name == "gastown").Document;
        document.HasRepeatedIds.ShouldBeTrue();
        document.WorkUnits.Count.ShouldBe(4);
        document.WorkUnits.Where(document.IsSuperseded).Select(u => u.Title).ShouldBe(["First", "Second"]);
        document.ToUtf8Bytes().ShouldBe(File.ReadAllBytes(town.IssuesPathOf("gastown")));
        WorkUnitDocument.Parse(document.ToUtf8Bytes()).Without("gt-abc").HasRepeatedIds.ShouldBeFalse();
    }

    [Fact]
    public async Task An_id_in_two_rigs_is_one_work_unit_its_routed_or_first_rig_s_and_the_other_is_a_warning()
    {
        // gt-1 is in gastown (which gt- routes to) and in beads, after it; bd-1 is in both too, and beads (second) owns it,
        // since bd- routes there; zz-1 routes nowhere, so the first rig holding it (gastown) owns it. A URI is named by
        // chain and id (its rig segment a hint): each id is one unit. Before, the chain listed both under two URIs while
        // its graph (keyed by chain and id) merged them.
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "Gastown's")
                .WithIssue("bd-1", "Gastown's copy of bd-1")
                .WithIssue("zz-1", "Gastown's zz"))
            .WithRig("beads", "bd-", rig => rig
                .WithIssue("bd-1", "Beads' own")
                .WithIssue("gt-1", "Beads' copy", i => i.DependsOn("gt://bob@example.com/b/bd-9", "related"))
                .WithIssue("zz-1", "Beads' zz"))
            .Build();

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct);

        chain.WorkUnits.Select(u => $"{u.Uri} {u.Unit.Title}").ShouldBe([
            "gt://alice@example.com/main-town/gastown/gt-1 Gastown's", "gt://alice@example.com/main-town/gastown/zz-1 Gastown's zz",
            "gt://alice@example.com/main-town/beads/bd-1 Beads' own"], ignoreOrder: true);
        chain.TryGetWorkUnit(GtUri.Parse("gt://alice@example.com/main-town/gastown/bd-1"), out var bd).ShouldBeTrue();
        bd.Unit.Title.ShouldBe("Beads' own");
        chain.TryGetWorkUnit("gt-1", out var byId).ShouldBeTrue();
        byId.Unit.Title.ShouldBe("Gastown's");
        chain.TryGetWorkUnit(GtUri.Parse("gt://alice@example.com/main-town/beads/gt-1"), out var byOtherRig).ShouldBeTrue();
        byOtherRig.Uri.ToString().ShouldBe("gt://alice@example.com/main-town/gastown/gt-1");
        chain.TryGetWorkUnit(GtUri.Parse("gt://alice@example.com/main-town/beads/zz-1"), out var zz).ShouldBeTrue();
        zz.Unit.Title.ShouldBe("Gastown's zz");

        var warnings = chain.Diagnostics.Where(d => d.Message.Contains("left out of answers", StringComparison.Ordinal)).ToList();
        var beads = chain.Rigs.Single(r => r.Name == "beads");
        var gastown = chain.Rigs.Single(r => r.Name == "gastown");
        warnings.ShouldAllBe(d => d.Severity == ChainDiagnosticSeverity.Warning);
        warnings.Select(d => (d.Path, d.Message[..d.Message.IndexOf(';', StringComparison.Ordinal)])).OrderBy(w => w.Item2, StringComparer.Ordinal).ShouldBe([
            (gastown.IssuesFilePath, $"work id 'bd-1' is also in rig 'beads' ({beads.IssuesFilePath}), the rig its prefix routes to"),
            (beads.IssuesFilePath, $"work id 'gt-1' is also in rig 'gastown' ({gastown.IssuesFilePath}), the rig its prefix routes to"),
            (beads.IssuesFilePath, $"work id 'zz-1' is also in rig 'gastown' ({gastown.IssuesFilePath}), the first rig that holds it")]);

        // Each left-out unit is a line no query sees, counted with the rest.
        chain.DroppedLineCount.ShouldBe(3);
        chain.DroppedLines.ShouldAllBe(d => d.Reason == DroppedLineReason.IdInAnotherRig);
        ChainNotices.For(chain).ShouldContain(n => n.Kind == ChainNoticeKind.LinesDropped && n.Message.Contains("(3 whose id another rig holds)", StringComparison.Ordinal));

        // The left-out unit's references make no claim; the file keeps its line.
        chain.Relationships.Select(c => c.Relationship).OfType<CrossReferenceRelationship>().ShouldBeEmpty();
        beads.Document.WorkUnits.Count.ShouldBe(3);
    }

    [Fact]
    public async Task An_id_its_routed_rig_cannot_name_within_the_uri_limit_is_the_unit_of_a_rig_that_can()
    {
        // Names at their longest: the id's URI is 572 characters through its routed rig (a 61-character name), 512 through
        // the short rig s, the limit. The routed rig's unit is a dropped line no URI names; the id is s's unit.
        using var temp = new TempDirectory();
        var entity = new string('x', 64) + "@" + string.Join('.', Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 60))) + ".com";
        var longRig = "r" + new string('l', 60);
        var id = "p-" + new string('i', 125);
        var town = TownBuilder.At(temp.Path).Named(new string('c', 64)).OwnedBy(entity)
            .WithRig(longRig, "p-", rig => rig.WithIssue(id, "Too long to name here"))
            .WithRig("s", "s-", rig => rig.WithIssue(id, "Named here"))
            .Build();

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct);

        $"{chain.Uri}/s/{id}".Length.ShouldBe(GtUriLimits.MaxUriLength);
        chain.WorkUnits.Select(u => $"{u.Rig} {u.Unit.Title}").ShouldBe(["s Named here"]);
        chain.TryGetWorkUnit(id, out var unit).ShouldBeTrue();
        unit.Rig.ShouldBe("s");
        chain.DroppedLineCount.ShouldBe(1);
        chain.Diagnostics.ShouldContain(d => d.Message.Contains("would make a gt:// URI of 572 characters", StringComparison.Ordinal));
        chain.Diagnostics.ShouldNotContain(d => d.Message.Contains("left out of answers", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public async Task Ids_in_two_rigs_are_found_the_same_way_in_a_town_of_a_few_rigs_and_of_many(int rigs)
    {
        // A few rigs are searched by lookups, many by one dictionary of every id: the same owners, the same warnings.
        // r1's p1-1 is copied into the last rig (p1- routes to r1); zz-1 is in the last rig and in r0 (no route: r0 is first).
        using var temp = new TempDirectory();
        var builder = TownBuilder.At(temp.Path).Named("main-town").OwnedBy("alice@example.com");
        for (var r = 0; r < rigs; r++)
        {
            var n = r;
            builder.WithRig($"r{n}", $"p{n}-", rig =>
            {
                rig.WithIssue($"p{n}-1", $"r{n}'s own");
                if (n == 0)
                {
                    rig.WithIssue("zz-1", "r0's zz");
                }

                if (n == rigs - 1)
                {
                    rig.WithIssue("p1-1", "A copy of r1's").WithIssue("zz-1", "The last rig's zz");
                }
            });
        }

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(builder.Build().Root), null, Ct);

        chain.WorkUnits.Count().ShouldBe(rigs + 1);
        chain.WorkUnits.Where(u => u.Unit.Id is "p1-1" or "zz-1").Select(u => $"{u.Rig} {u.Unit.Id}").Order(StringComparer.Ordinal).ShouldBe(["r0 zz-1", "r1 p1-1"]);
        chain.Diagnostics.Where(d => d.Message.Contains("left out of answers", StringComparison.Ordinal)).Select(d => d.Message[..d.Message.IndexOf(" (", StringComparison.Ordinal)])
            .Order(StringComparer.Ordinal).ShouldBe(["work id 'p1-1' is also in rig 'r1'", "work id 'zz-1' is also in rig 'r0'"]);
    }

    [Fact]
    public async Task Collects_relationships_with_this_chains_trust_and_derives_cross_references_from_dependencies()
    {
        using var temp = new TempDirectory();
        var town = BuildMainTown(temp.Path);

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct);

        var self = GtUri.Parse("gt://alice@example.com/main-town");
        chain.Relationships.ShouldAllBe(c => c.AssertedBy == self);
        var employment = chain.Relationships.Single(c => c.Relationship is EmploymentRelationship);
        employment.Status.ShouldBe(TrustStatus.Claimed);   // the employee says so; acme.com's chain has not confirmed

        var delegation = chain.Relationships.Single(c => c.Relationship is DelegationRelationship);
        delegation.Status.ShouldBe(TrustStatus.Claimed);   // accepted by the child's chain; the parent's chain is elsewhere

        var references = chain.Relationships.Where(c => c.Relationship is CrossReferenceRelationship).ToList();
        references.ShouldAllBe(c => c.Status == TrustStatus.Verified);
        references.Select(c => (CrossReferenceRelationship)c.Relationship)
            .SelectMany(r => r.References.Select(t => $"{r.Source} {t.Type} {t.Target}"))
            .Order(StringComparer.Ordinal)
            .ShouldBe(
            [
                "gt://alice@example.com/main-town/gastown/gt-def blocks gt://alice@example.com/main-town/beads/bd-xyz",
                "gt://alice@example.com/main-town/gastown/gt-ghi related gt://bob@example.com/b/bd-1",
            ]);
    }

    [Fact]
    public async Task Derives_cross_references_from_hop_uris_and_reports_the_unresolvable()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("t").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "hop", i => i.DependsOn("hop://Bob@Example.com/b/rig/bd-2", "tracks"))
                .WithIssue("gt-2", "bad", i => i.DependsOn("external:beads", "blocks")))
            .Build();

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct);

        var reference = chain.Relationships.Select(c => c.Relationship).OfType<CrossReferenceRelationship>().ShouldHaveSingleItem();
        reference.Source.ToString().ShouldBe("gt://alice@example.com/t/gastown/gt-1");
        reference.References.ShouldHaveSingleItem().ShouldBe(new CrossReferenceTarget("tracks", GtUri.Parse("gt://bob@example.com/b/rig/bd-2")));
        var diagnostic = chain.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Path.ShouldBe("gastown/mayor/rig/.beads/issues.jsonl");
        diagnostic.Severity.ShouldBe(ChainDiagnosticSeverity.Warning);
        diagnostic.Message.ShouldContain("gt-2 depends on 'external:beads'");
        chain.TryGetWorkUnit("gt-2", out var kept).ShouldBeTrue();
        kept.Unit.Dependencies.ShouldHaveSingleItem().DependsOnId.ShouldBe("external:beads");
    }

    [Fact]
    public async Task Reports_problems_in_every_file_with_path_and_line_and_still_loads()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("t").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "fine").WithIssueLine("{broken"))
            .WithRig("secret", "sc-", rig => rig.WithoutIssuesFile())
            .WithRouteLine("# a comment")
            .WithRouteLine("{\"prefix\":\"zz-\"}")
            .WithRelationshipLine("{\"type\":\"employment\"}")
            .Build();

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct);

        chain.TryGetWorkUnit("gt-1", out _).ShouldBeTrue();
        chain.Diagnostics.Select(d => (d.Path, d.LineNumber, d.Severity)).ShouldBe(
        [
            (".beads/routes.jsonl", 4, ChainDiagnosticSeverity.Error),
            ("gastown/mayor/rig/.beads/issues.jsonl", 2, ChainDiagnosticSeverity.Error),
            ("secret/mayor/rig/.beads/issues.jsonl", 0, ChainDiagnosticSeverity.Info),
            ("federation/relationships.jsonl", 1, ChainDiagnosticSeverity.Error),
        ], ignoreOrder: true);
        chain.Rigs.Single(r => r.Name == "secret").Document.WorkUnits.ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_a_town_whose_town_json_names_another_owner()
    {
        using var temp = new TempDirectory();
        var town = BuildMainTown(temp.Path);
        var expected = GtUri.Parse("gt://bob@example.com/main-town");

        var exception = await Should.ThrowAsync<ChainIdentityException>(async () =>
            await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), new ChainLoadOptions { ExpectedChain = expected }, Ct));

        exception.ExpectedChain.ShouldBe(expected);
        exception.FoundOwner.ShouldBe("alice@example.com");
        exception.FoundName.ShouldBe("main-town");
        exception.Message.ShouldContain("gt://bob@example.com/main-town");
        exception.Message.ShouldContain("gt://alice@example.com/main-town");
        exception.Message.ShouldContain("spoofing");
    }

    [Theory]
    [InlineData("alice@example.com", "main-town", "gt://alice@example.com/other-town", false)]   // name differs
    [InlineData("alice@example.com", "main-town", "gt://alice@example.com/Main-Town", false)]    // chain names are case-sensitive
    [InlineData("Alice@Example.COM", "main-town", "gt://alice@example.com/main-town", true)]     // entities are not
    [InlineData("acme.com", "hq", "gt://acme.com/hq", true)]
    [InlineData("bob@acme.com", "hq", "gt://acme.com/hq", true)]                 // an organisation's town installed by one of its people
    [InlineData("bob@eng.acme.com", "hq", "gt://acme.com/hq", false)]            // subdomains do not count
    [InlineData("bob@acme.com.evil.com", "hq", "gt://acme.com/hq", false)]
    [InlineData("acme.com", "hq", "gt://bob@acme.com/hq", false)]                // the organisation is not its person
    [InlineData("not an email", "hq", "gt://acme.com/hq", false)]
    public async Task Checks_the_identity_against_the_expected_chain(string owner, string name, string expected, bool accepted)
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named(name).OwnedBy(owner).Build();
        var options = new ChainLoadOptions { ExpectedChain = GtUri.Parse(expected) };

        if (accepted)
        {
            var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), options, Ct);
            chain.Uri.ShouldBe(GtUri.Parse(expected));
            chain.IsIdentityVerified.ShouldBeTrue();
        }
        else
        {
            await Should.ThrowAsync<ChainIdentityException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), options, Ct));
        }
    }

    [Fact]
    public async Task A_town_without_owner_loads_unverified_under_the_expected_uri_and_cannot_be_named_without_one()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("old").OwnedBy(null).WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "x")).Build();
        var expected = GtUri.Parse("gt://carol@example.com/old");

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), new ChainLoadOptions { ExpectedChain = expected }, Ct);

        chain.Uri.ShouldBe(expected);
        chain.IsIdentityVerified.ShouldBeFalse();
        chain.Diagnostics.ShouldContain(d => d.Path == "mayor/town.json" && d.Severity == ChainDiagnosticSeverity.Warning);
        chain.TryGetWorkUnit("gt-1", out var unit).ShouldBeTrue();
        unit.Uri.ToString().ShouldBe("gt://carol@example.com/old/gastown/gt-1");

        var unnamed = await Should.ThrowAsync<ChainIdentityException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct));
        unnamed.Message.ShouldContain("ExpectedChain");
    }

    [Theory]
    [InlineData("{\"type\":\"town\",\"version\":9,\"name\":\"t\"}", "unsupported config version")]
    [InlineData("{\"type\":\"town\",\"version\":2,\"name\":\"t\",\"owner\":", "")]
    [InlineData("not json at all", "")]
    public async Task An_unreadable_town_json_is_refused_as_possible_spoofing_with_an_expected_uri_and_unnamable_without(string townJson, string problem)
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).WithTownJsonText(townJson)
            .WithEmployment("dave@example.com", "example.com")
            .Build();
        var expected = GtUri.Parse("gt://example.com/t");

        // Loading it under the expected URI would let a remote dodge the identity check by breaking its town.json.
        var refused = await Should.ThrowAsync<ChainIdentityException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), new ChainLoadOptions { ExpectedChain = expected }, Ct));
        refused.ExpectedChain.ShouldBe(expected);
        refused.Message.ShouldContain("mayor/town.json could not be read");
        refused.Message.ShouldContain(problem);
        refused.Message.ShouldContain("spoofing");

        (await Should.ThrowAsync<InvalidChainException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct)))
            .Message.ShouldContain("cannot be named");
    }

    [Fact]
    public async Task A_chain_whose_identity_is_unverified_cannot_verify_the_relationships_it_asserts()
    {
        using var temp = new TempDirectory();

        // Registered as an acme.com chain, but nothing in either proves that it is one.
        var expected = GtUri.Parse("gt://acme.com/x");
        var oneRig = TownBuilder.SingleRigRepository(temp.Combine("one-rig"), r => r.WithIssue("bd-1", "x"))
            .WithEmployment("alice@example.com", "acme.com")
            .WithDelegation("gt://acme.com/x/bd-1", "gt://alice@example.com/town/gt-9", portion: "backend")
            .Build();
        var unowned = TownBuilder.At(temp.Combine("unowned")).Named("x").OwnedBy(null)
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "x"))
            .WithEmployment("alice@example.com", "acme.com")
            .Build();

        foreach (var root in new[] { oneRig.Root, unowned.Root })
        {
            var chain = await new ChainLoader().LoadAsync(new FolderChainSource(root), new ChainLoadOptions { ExpectedChain = expected, SingleRigName = "x" }, Ct);

            chain.IsIdentityVerified.ShouldBeFalse(root);
            chain.Relationships.ShouldNotBeEmpty(root);
            foreach (var claim in chain.Relationships)
            {
                claim.IsAsserterIdentityVerified.ShouldBeFalse(root);
                claim.Status.ShouldNotBe(TrustStatus.Verified, $"{root}: {claim.Relationship}");
            }

            var employment = chain.Relationships.Single(c => c.Relationship is EmploymentRelationship);
            employment.Status.ShouldBe(TrustStatus.Claimed);
            employment.Reason.ShouldNotBeNull().ShouldContain("asserting chain's identity is unverified");
        }
    }

    [Fact]
    public async Task Reads_the_seeds_dot_town_json_when_mayor_town_json_is_missing()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("seedling").OwnedBy("erin@example.com").WithSeedTownJson().Build();

        (await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct)).Uri.ToString().ShouldBe("gt://erin@example.com/seedling");
    }

    [Fact]
    public async Task A_folder_without_any_chain_files_is_not_a_chain()
    {
        using var temp = new TempDirectory();
        (await Should.ThrowAsync<InvalidChainException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(temp.Path), null, Ct)))
            .Message.ShouldContain("holds no chain");
    }

    [Fact]
    public async Task Reads_a_one_rig_repository_from_the_real_beads_fixture_and_resolves_every_id()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine(".beads"));
        File.Copy(Fixtures.BeadsSyncIssues, temp.Combine(".beads", "issues.jsonl"));
        var expected = GtUri.Parse("gt://steve@example.com/beads");

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(temp.Path), new ChainLoadOptions { ExpectedChain = expected, SingleRigName = "beads" }, Ct);

        chain.Layout.ShouldBe(ChainLayout.SingleRig);
        chain.IsIdentityVerified.ShouldBeFalse();
        chain.Town.ShouldBeNull();
        chain.Routes.Routes.ShouldBeEmpty();
        var rig = chain.Rigs.ShouldHaveSingleItem();
        rig.Name.ShouldBe("beads");
        rig.Document.WorkUnits.Count.ShouldBe(873);
        chain.Diagnostics.ShouldNotContain(d => d.Severity == ChainDiagnosticSeverity.Error);
        foreach (var unit in rig.Document.WorkUnits)
        {
            chain.TryGetWorkUnit(unit.Id, out var found).ShouldBeTrue(unit.Id);
            found.Uri.ToString().ShouldBe($"gt://steve@example.com/beads/beads/{unit.Id}");
            GtUri.Parse(found.Uri.ToString()).ShouldBe(found.Uri);
        }

        chain.WorkUnits.Count().ShouldBe(873);
    }

    [Fact]
    public async Task A_one_rig_repository_needs_an_expected_uri_and_defaults_its_rig_to_the_chain_name()
    {
        using var temp = new TempDirectory();
        var repo = TownBuilder.SingleRigRepository(temp.Path, r => r.WithIssue("bd-1", "one")).Build();

        (await Should.ThrowAsync<ChainIdentityException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(repo.Root), null, Ct)))
            .Message.ShouldContain("one-rig repository");

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(repo.Root), new ChainLoadOptions { ExpectedChain = GtUri.Parse("gt://acme.com/widgets") }, Ct);
        chain.TryGetWorkUnit("bd-1", out var unit).ShouldBeTrue();
        unit.Uri.ToString().ShouldBe("gt://acme.com/widgets/widgets/bd-1");
    }

    [Fact]
    public async Task Refuses_a_town_whose_route_leaves_the_town()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("t").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-")
            .WithRouteLine("{\"prefix\":\"ev-\",\"path\":\"../../etc\"}")
            .Build();

        var exception = await Should.ThrowAsync<ChainPathException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct));
        exception.Path.ShouldBe("../../etc");
        exception.PathSource.ShouldNotBeNull().ShouldContain("routes.jsonl line 2");
    }

    [Fact]
    public async Task Refuses_a_town_whose_rig_folder_is_a_symbolic_link_outside()
    {
        using var temp = new TempDirectory();
        var outside = TownBuilder.At(temp.Combine("outside")).WithRig("loot", "lt-", r => r.WithIssue("lt-1", "private")).Build();
        var town = TownBuilder.At(temp.Combine("town")).Named("t").OwnedBy("alice@example.com").WithRig("gastown", "gt-", r => r.WithoutIssuesFile()).Build();
        Directory.CreateDirectory(Path.Combine(town.Root, "gastown", "mayor"));
        Directory.CreateSymbolicLink(Path.Combine(town.Root, "gastown", "mayor", "rig"), Path.Combine(outside.Root, "loot", "mayor", "rig"));

        await Should.ThrowAsync<ChainPathException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, Ct));
    }

    [Fact]
    public async Task Parses_each_blob_once_per_content_id_across_rigs_and_loads()
    {
        const string issues = "{\"id\":\"gt-1\",\"title\":\"same bytes\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"updated_at\":\"2025-12-30T10:00:00-08:00\"}\n";
        var source = new InMemoryChainSource()
            .With("mayor/town.json", "{\"type\":\"town\",\"version\":2,\"name\":\"t\",\"owner\":\"alice@example.com\",\"created_at\":\"2025-12-30T10:00:00-08:00\"}")
            .With(".beads/routes.jsonl", "{\"prefix\":\"gt-\",\"path\":\"a/mayor/rig\"}\n{\"prefix\":\"xx-\",\"path\":\"b/mayor/rig\"}\n")
            .With("a/mayor/rig/.beads/issues.jsonl", issues)
            .With("b/mayor/rig/.beads/issues.jsonl", issues)      // the same blob in two rigs
            .With("federation/relationships.jsonl", "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\"}\n");
        var cache = new CountingBlobCache();
        var loader = new ChainLoader(cache);

        var first = await loader.LoadAsync(source, null, Ct);

        // Parsed blobs only: whole chains are cached by providers, never in the blob cache (where they would evict blobs).
        cache.Parsed.Select(p => p.Type.Name).Order(StringComparer.Ordinal).ShouldBe(["RelationshipDocument", "RouteTable", "TownMetadata", "WorkUnitDocument"]);
        cache.Parsed.Single(p => p.Type == typeof(WorkUnitDocument)).ContentId.ShouldBe(InMemoryChainSource.GitBlobId(System.Text.Encoding.UTF8.GetBytes(issues)));
        first.Rigs[0].Document.ShouldBeSameAs(first.Rigs[1].Document);
        first.Revision.ShouldBe(source.Revision);

        // Another commit with the same blobs: every file is read again, none is parsed again.
        var nextCommit = source.AtRevision("0000000000000000000000000000000000000002");
        var second = await new ChainLoader(cache).LoadAsync(nextCommit, null, Ct);

        cache.Parsed.Count(p => p.Type != typeof(Chain)).ShouldBe(4);
        cache.Hits.ShouldBe(1 + 5);              // the second rig in the first load, then all five files
        second.ShouldNotBeSameAs(first);
        second.Revision.ShouldBe(nextCommit.Revision);
        second.Rigs[0].Document.ShouldBeSameAs(first.Rigs[0].Document);
        second.TryGetWorkUnit("gt-1", out var unit).ShouldBeTrue();
        unit.Uri.ToString().ShouldBe("gt://alice@example.com/t/a/gt-1");
    }

    [Fact]
    public async Task Loading_a_revision_again_reads_its_files_but_parses_none()
    {
        var source = new InMemoryChainSource()
            .With("mayor/town.json", "{\"type\":\"town\",\"version\":2,\"name\":\"t\",\"owner\":\"alice@example.com\",\"created_at\":\"2025-12-30T10:00:00-08:00\"}")
            .With(".beads/routes.jsonl", "{\"prefix\":\"gt-\",\"path\":\"a\"}\n")
            .With("a/.beads/issues.jsonl", "{\"id\":\"gt-1\",\"title\":\"x\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"updated_at\":\"2025-12-30T10:00:00-08:00\"}\n");
        var cache = new ParsedBlobCache();
        var loader = new ChainLoader(cache);

        var first = await loader.LoadAsync(source, null, Ct);
        var reads = source.Reads;
        var hits = cache.Hits;
        var again = await loader.LoadAsync(source, null, Ct);

        // The loader keeps no chains (GitChainProvider caches them per remote and commit): a second load reads the
        // files again, and every one of the three is a parsed-blob hit.
        again.ShouldNotBeSameAs(first);
        source.Reads.ShouldBeGreaterThan(reads);
        (cache.Hits - hits).ShouldBe(3);
        again.Rigs[0].Document.ShouldBeSameAs(first.Rigs[0].Document);

        // Other options are another chain: the identity check runs again (and refuses).
        await Should.ThrowAsync<ChainIdentityException>(async () =>
            await loader.LoadAsync(source, new ChainLoadOptions { ExpectedChain = GtUri.Parse("gt://bob@example.com/t") }, Ct));
    }

    [Fact]
    public async Task A_folder_source_has_no_content_ids_so_nothing_is_cached()
    {
        using var temp = new TempDirectory();
        var town = BuildMainTown(temp.Path);
        var cache = new CountingBlobCache();

        await new ChainLoader(cache).LoadAsync(new FolderChainSource(town.Root), null, Ct);

        cache.Parsed.ShouldBeEmpty();
        cache.Hits.ShouldBe(0);
    }

    [Fact]
    public async Task The_expected_chain_must_be_a_chain_uri()
    {
        using var temp = new TempDirectory();
        var options = new ChainLoadOptions { ExpectedChain = GtUri.Parse("gt://alice@example.com/main-town/gt-1") };
        await Should.ThrowAsync<ArgumentException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(temp.Path), options, Ct));
    }
}
