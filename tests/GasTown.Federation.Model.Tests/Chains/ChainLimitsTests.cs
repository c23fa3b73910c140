using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Chains;

public sealed class ChainLimitsTests
{
    private const string Town = "{\"type\":\"town\",\"version\":2,\"name\":\"t\",\"owner\":\"alice@example.com\",\"created_at\":\"2025-12-30T10:00:00-08:00\"}";
    private const string Routes = "{\"prefix\":\"gt-\",\"path\":\"a\"}\n";
    private const string Line = "{\"id\":\"gt-1\",\"title\":\"x\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"updated_at\":\"2025-12-30T10:00:00-08:00\"}\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InMemoryChainSource Source(string issues) => new InMemoryChainSource()
        .With("mayor/town.json", Town).With(".beads/routes.jsonl", Routes).With("a/.beads/issues.jsonl", issues);

    [Fact]
    public void The_defaults_are_documented_values_and_valid()
    {
        var limits = new ChainLimits();
        limits.MaxBlobBytes.ShouldBe(64L * 1024 * 1024);
        limits.MaxLineBytes.ShouldBe(1024 * 1024);
        limits.MaxWorkUnits.ShouldBe(500_000);
        limits.MaxDiagnostics.ShouldBe(1_000);
        limits.MaxRelationships.ShouldBe(10_000);
        limits.MaxDependencies.ShouldBe(100_000);
        ChainLimits.MaxJsonDepth.ShouldBe(64);
        limits.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Invalid_values_are_named_and_refused_by_the_loader()
    {
        var limits = new ChainLimits { MaxBlobBytes = 0, MaxLineBytes = 1, MaxWorkUnits = 0, MaxDiagnostics = 0, MaxRelationships = 0, MaxDependencies = 0 };

        limits.Validate().Count.ShouldBe(6);
        limits.Validate().ShouldContain(f => f.Contains("ChainLimits.MaxDependencies", StringComparison.Ordinal));
        Should.Throw<ArgumentException>(() => new ChainLoader(new ParsedBlobCache(), null, limits)).Message.ShouldContain("ChainLimits.MaxLineBytes");
    }

    [Fact]
    public async Task A_file_over_the_blob_limit_refuses_the_chain()
    {
        var maximum = Encoding.UTF8.GetByteCount(Line) - 1;   // town.json and routes.jsonl are shorter
        var loader = new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxBlobBytes = maximum });

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(Source(Line), null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.BlobSize);
        error.Path.ShouldBe("a/.beads/issues.jsonl");
        error.Actual.ShouldBe(Encoding.UTF8.GetByteCount(Line));
        error.Maximum.ShouldBe(maximum);
    }

    [Fact]
    public async Task Lines_are_counted_against_the_work_unit_limit_before_parsing()
    {
        var cache = new CountingBlobCache();
        var loader = new ChainLoader(cache, null, new ChainLimits { MaxWorkUnits = 3 });

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(Source(string.Concat(Enumerable.Repeat(Line, 4))), null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.WorkUnits);
        error.Actual.ShouldBe(4);
        cache.Parsed.ShouldNotContain(p => p.Type == typeof(WorkUnitDocument), "the issues file is never parsed");
    }

    [Fact]
    public async Task Relationship_claims_are_counted_against_their_limit_before_parsing()
    {
        // A remote's 300,000 delegation claims (58 MB, under the blob limit) cost every query 0.85-1.3 GB: nothing counted them.
        const string Claim = "{\"type\":\"delegation\",\"parent\":\"gt://alice@example.com/t/a/gt-1\",\"child\":\"gt://bob@example.com/t/b/bb-1\"}\n";
        var cache = new CountingBlobCache();
        var loader = new ChainLoader(cache, null, new ChainLimits { MaxRelationships = 3 });
        InMemoryChainSource WithClaims(int count) => Source(Line).With("federation/relationships.jsonl", string.Concat(Enumerable.Repeat(Claim, count)));

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(WithClaims(4), null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.Relationships);
        error.Path.ShouldBe("federation/relationships.jsonl");
        error.Actual.ShouldBe(4);
        error.Message.ShouldContain("ChainLimits.MaxRelationships");
        cache.Parsed.ShouldNotContain(p => p.Type == typeof(RelationshipDocument), "the relationships file is never parsed");
        (await loader.LoadAsync(WithClaims(3), null, Ct)).Relationships.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Dependency_edges_are_counted_against_their_limit_before_parsing()
    {
        // A remote's 630,000 edges to units that do not exist (61.5 MB, within every other limit) cost a ready listing
        // 1.2 GB and a whole ready answer 2.7 GB: nothing counted them.
        static string Unit(string id, int edges, string key = "dependencies") =>
            $"{{\"id\":\"{id}\",\"title\":\"{{x}} {{y}} {{z}}\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"updated_at\":\"2025-12-30T10:00:00-08:00\",\"{key}\":["
            + string.Join(",", Enumerable.Range(0, edges).Select(i => $"{{\"issue_id\":\"{id}\",\"depends_on_id\":\"gt-ghost{i}\",\"type\":\"blocks\"}}"))
            + "]}\n";
        var cache = new CountingBlobCache();
        var loader = new ChainLoader(cache, null, new ChainLimits { MaxDependencies = 3 });

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(Source(Unit("gt-1", 2) + Unit("gt-2", 2)), null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.Dependencies);
        error.Path.ShouldBe("a/.beads/issues.jsonl");
        error.Actual.ShouldBe(4);
        error.Maximum.ShouldBe(3);
        error.Message.ShouldContain("ChainLimits.MaxDependencies");
        cache.Parsed.ShouldNotContain(p => p.Type == typeof(WorkUnitDocument), "the issues file is never parsed");

        // An escaped key is the reader's key too; braces in text are not edges, nor is a line the reader drops.
        (await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(Source(Unit("gt-1", 4, "depend\\u0065ncies")), null, Ct))).Actual.ShouldBe(4);
        var within = await loader.LoadAsync(Source(Unit("gt-1", 3) + "{\"id\":\"gt-2\",\"dependencies\":[{},{},{},{}\n"), null, Ct);
        within.WorkUnits.ShouldHaveSingleItem().Unit.Dependencies.Count.ShouldBe(3);

        // Counted as the reader reads them (the index counts a line it keeps no row for by the same rule): a line whose
        // dependencies hold a value that is not an object is dropped, so it holds no edge; of a key given twice, the last is read.
        var notObjects = Unit("gt-1", 3) + "{\"id\":\"gt-2\",\"title\":\"{a} {b}\",\"dependencies\":[1,2,3,4]}\n";
        (await loader.LoadAsync(Source(notObjects), null, Ct)).WorkUnits.ShouldHaveSingleItem().Unit.Dependencies.Count.ShouldBe(3);
        var repeated = Unit("gt-1", 3).Replace("]}\n", "],\"dependencies\":[]}\n", StringComparison.Ordinal) + Unit("gt-2", 3);
        (await loader.LoadAsync(Source(repeated), null, Ct)).WorkUnits.Sum(u => u.Unit.Dependencies.Count).ShouldBe(3);

        // A line exactly as long as the line limit, ended CRLF: the reader measures it without its '\r' and parses it,
        // so its edges count (measured with it, the line was skipped as too long, and its edges passed uncounted).
        var exact = Unit("gt-1", 5).TrimEnd('\n');
        var atTheLineLimit = new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxDependencies = 3, MaxLineBytes = Encoding.UTF8.GetByteCount(exact) });
        foreach (var ending in new[] { "\n", "\r\n" })
        {
            (await Should.ThrowAsync<ChainLimitExceededException>(async () => await atTheLineLimit.LoadAsync(Source(exact + ending), null, Ct)))
                .Actual.ShouldBe(5, ending == "\n" ? "LF" : "CRLF");
        }
    }

    [Fact]
    public async Task The_limits_are_a_copy_changing_the_options_later_changes_nothing()
    {
        var limits = new ChainLimits { MaxLineBytes = 50 };
        var loader = new ChainLoader(new ParsedBlobCache(), null, limits);
        limits.MaxLineBytes = 10_000;

        var chain = await loader.LoadAsync(Source(Line), null, Ct);

        loader.Limits.MaxLineBytes.ShouldBe(50);
        var dropped = chain.DroppedLines.ShouldHaveSingleItem();
        dropped.Reason.ShouldBe(DroppedLineReason.LineTooLong);
        // A host shows this to its readers (a chain's notes): no option of the reader that the chain's limits overrule.
        dropped.Message.ShouldEndWith("it was skipped.");
        dropped.Message.ShouldNotContain(nameof(JsonlReadOptions));
    }

    [Fact]
    public async Task A_folder_chain_whose_reader_fails_is_unavailable_and_the_others_answer()
    {
        using var temp = new TempDirectory();
        var good = TownBuilder.At(temp.Combine("good")).Named("good").OwnedBy("alice@example.com").WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "x")).Build();
        var bad = TownBuilder.At(temp.Combine("bad")).Named("bad").OwnedBy("bob@example.com").WithRig("tools", "tl-", r => r.WithIssue("tl-1", "x")).Build();
        var big = Path.Combine(bad.Root, "tools", "mayor", "rig", ".beads", "issues.jsonl");
        File.WriteAllText(big, string.Concat(Enumerable.Repeat(Line.Replace("gt-1", "tl-1"), 50)));
        var provider = new FolderChainProvider(new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxBlobBytes = 4096 }))
            .Add(GtUri.Parse(good.ChainUri!), good.Root)
            .Add(GtUri.Parse(bad.ChainUri!), bad.Root);

        var broken = await provider.GetChainAsync(GtUri.Parse(bad.ChainUri!), Ct);
        var fine = await provider.GetChainAsync(GtUri.Parse(good.ChainUri!), Ct);

        broken.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        broken.Limit.ShouldBe(ChainLimitKind.BlobSize);
        broken.Message!.ShouldContain("MaxBlobBytes");
        fine.Chain.ShouldNotBeNull().TryGetWorkUnit("gt-1", out _).ShouldBeTrue();
        fine.Notices.ShouldBeEmpty();
    }

    [Fact]
    public void Load_failures_map_to_typed_reasons()
    {
        ChainResult.ReasonFor(new ChainIdentityException("x", null, null, null)).ShouldBe(ChainUnavailableReason.IdentityMismatch);
        ChainResult.ReasonFor(new ChainLimitExceededException(ChainLimitKind.BlobSize, "p", 2, 1, "s")).ShouldBe(ChainUnavailableReason.LimitExceeded);
        ChainResult.ReasonFor(new ChainContentException("p", "x", null)).ShouldBe(ChainUnavailableReason.Unreadable);
        ChainResult.ReasonFor(new InvalidChainException("x")).ShouldBe(ChainUnavailableReason.Invalid);
        ChainResult.ReasonFor(new DecoderFallbackException("x")).ShouldBe(ChainUnavailableReason.Unreadable);
    }
}
