using System.Text;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model.Tests.Chains;

/// <summary>
/// <see cref="ChainLimits.MaxIssuesBytes"/>: a remote of 24 rigs of 60 lines of million-character titles (each line under
/// MaxLineBytes, each file under MaxBlobBytes; 6.9 MB of git, since it compresses) cost its fetch and index 5.7 GB and a
/// ready listing 4.3 GB. The issues files' total is checked before any of them is parsed, and before the file that passes
/// it is read where the source can tell its size.
/// </summary>
public sealed class IssuesBytesLimitTests
{
    private const string Town = "{\"type\":\"town\",\"version\":2,\"name\":\"t\",\"owner\":\"alice@example.com\",\"created_at\":\"2025-12-30T10:00:00-08:00\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Three rigs, each issues file one line of exactly 100 bytes (with its newline).
    private static string Line(int rig)
    {
        var head = $"{{\"id\":\"r{rig}-1\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"title\":\"";
        return head + new string('x', 100 - head.Length - 3) + "\"}\n";
    }

    private static InMemoryChainSource Town_of(int rigs)
    {
        var source = new InMemoryChainSource().With("mayor/town.json", Town)
            .With(".beads/routes.jsonl", string.Concat(Enumerable.Range(0, rigs).Select(i => $"{{\"prefix\":\"r{i}-\",\"path\":\"r{i}\"}}\n")));
        for (var i = 0; i < rigs; i++)
        {
            Encoding.UTF8.GetByteCount(Line(i)).ShouldBe(100);
            source.With($"r{i}/.beads/issues.jsonl", Line(i));
        }

        return source;
    }

    [Fact]
    public void The_default_is_256_MiB_and_below_one_is_named()
    {
        new ChainLimits().MaxIssuesBytes.ShouldBe(ChainLimits.DefaultMaxIssuesBytes);
        ChainLimits.DefaultMaxIssuesBytes.ShouldBe(256L * 1024 * 1024);
        new ChainLimits { MaxIssuesBytes = 0 }.Validate().ShouldHaveSingleItem().ShouldBe("ChainLimits.MaxIssuesBytes must be at least 1; it is 0.");
        new ChainLimits { MaxIssuesBytes = 1 }.Validate().ShouldBeEmpty();
        new ChainLimits { MaxIssuesBytes = 5 }.Clone().MaxIssuesBytes.ShouldBe(5);
        Should.Throw<ArgumentException>(() => new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxIssuesBytes = -1 })).Message.ShouldContain("ChainLimits.MaxIssuesBytes");
    }

    [Fact]
    public void The_host_refuses_to_start_with_an_issues_bytes_limit_below_one()
    {
        using var provider = new ServiceCollection().AddGasTownFederationModel().Configure<ChainLimits>(l => l.MaxIssuesBytes = 0).BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChainLimits>>().Value).Message.ShouldContain("ChainLimits.MaxIssuesBytes");
    }

    [Fact]
    public async Task Issues_files_over_the_total_refuse_the_chain_before_the_one_that_passes_it_is_parsed()
    {
        var cache = new CountingBlobCache();
        var loader = new ChainLoader(cache, null, new ChainLimits { MaxIssuesBytes = 250 });

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(Town_of(3), null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.IssuesBytes);
        error.Path.ShouldBe("r2/.beads/issues.jsonl");
        error.Actual.ShouldBe(300);
        error.Maximum.ShouldBe(250);
        error.Message.ShouldBe("the issues files of memory hold 300 bytes or more (counted up to r2/.beads/issues.jsonl), more than the limit of 250 (ChainLimits.MaxIssuesBytes); the chain was not read. If the data is genuine, the host can raise the limit.");
        cache.Parsed.Count(p => p.Type == typeof(WorkUnitDocument)).ShouldBe(2, "the file that passes the total is not parsed (those before it, within it, were)");

        // Exactly at the limit, the chain is read whole.
        (await new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxIssuesBytes = 300 }).LoadAsync(Town_of(3), null, Ct)).Rigs.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_source_that_knows_sizes_never_reads_the_file_that_passes_the_total()
    {
        var source = new SizedSource(Town_of(3));
        var loader = new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxIssuesBytes = 250 });

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(source, null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.IssuesBytes);
        error.Path.ShouldBe("r2/.beads/issues.jsonl");
        error.Actual.ShouldBe(300);
        source.ContentRead.ShouldNotContain("r2/.beads/issues.jsonl");
        source.ContentRead.ShouldContain("r1/.beads/issues.jsonl");
    }

    [Fact]
    public async Task A_source_that_tells_sizes_without_reading_has_the_chain_refused_before_any_issues_file_is_read()
    {
        // A git tree tells a blob's size from its header: a remote whose files pass the total made every load (each fetch,
        // each query of its chain) read and parse the files ahead of the one that passes it, up to the whole 256 MiB.
        var source = new SizedSource(Town_of(3), tellsSizes: true);
        var cache = new CountingBlobCache();
        var loader = new ChainLoader(cache, null, new ChainLimits { MaxIssuesBytes = 250 });

        var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(source, null, Ct));

        error.Limit.ShouldBe(ChainLimitKind.IssuesBytes);
        error.Path.ShouldBe("r2/.beads/issues.jsonl");
        error.Actual.ShouldBe(300);
        error.Message.ShouldBe("the issues files of memory hold 300 bytes or more (counted up to r2/.beads/issues.jsonl), more than the limit of 250 (ChainLimits.MaxIssuesBytes); the chain was not read. If the data is genuine, the host can raise the limit.");
        source.ContentRead.ShouldNotContain(path => path.EndsWith("issues.jsonl", StringComparison.Ordinal));
        cache.Parsed.ShouldNotContain(p => p.Type == typeof(WorkUnitDocument));

        // Within the total, the chain is read whole, each file once; the town's own beads count too when no route names them.
        var within = new SizedSource(Town_of(2).With(".beads/issues.jsonl", Line(9)), tellsSizes: true);
        (await new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxIssuesBytes = 300 }).LoadAsync(within, null, Ct)).Rigs.Count.ShouldBe(3);
        within.ContentRead.Count(path => path.EndsWith("issues.jsonl", StringComparison.Ordinal)).ShouldBe(3);
        var townBeads = new SizedSource(Town_of(2).With(".beads/issues.jsonl", Line(9)), tellsSizes: true);
        (await Should.ThrowAsync<ChainLimitExceededException>(async () => await new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxIssuesBytes = 299 }).LoadAsync(townBeads, null, Ct)))
            .Path.ShouldBe(".beads/issues.jsonl");
        townBeads.ContentRead.ShouldNotContain(path => path.EndsWith("issues.jsonl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_over_the_blob_limit_is_still_that_limit_s_when_it_passes_the_total_too()
    {
        // r1's file (2,000 bytes) is over MaxBlobBytes, and it passes the total after r0's 100 bytes too.
        var source = Town_of(2).With("r1/.beads/issues.jsonl", string.Concat(Enumerable.Repeat(Line(1), 20)));
        var loader = new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxIssuesBytes = 150, MaxBlobBytes = 1_000 });

        foreach (var read in new IChainSource[] { new SizedSource(source), new SizedSource(source, tellsSizes: true), source })
        {
            var error = await Should.ThrowAsync<ChainLimitExceededException>(async () => await loader.LoadAsync(read, null, Ct));

            error.Limit.ShouldBe(ChainLimitKind.BlobSize);
            error.Path.ShouldBe("r1/.beads/issues.jsonl");
            error.Actual.ShouldBe(2_000);
            error.Maximum.ShouldBe(1_000);
            error.Message.ShouldContain("ChainLimits.MaxBlobBytes");
        }
    }

    [Fact]
    public async Task A_folder_chain_over_the_limit_is_unavailable_for_it_and_the_others_answer()
    {
        using var temp = new TempDirectory();
        var good = TownBuilder.At(temp.Combine("good")).Named("good").OwnedBy("alice@example.com").WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "x")).Build();
        var big = TownBuilder.At(temp.Combine("big")).Named("big").OwnedBy("bob@example.com")
            .WithRig("a", "aa-", r => r.WithIssue("aa-1", new string('a', 3000))).WithRig("b", "bb-", r => r.WithIssue("bb-1", new string('b', 3000))).Build();
        var provider = new FolderChainProvider(new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxIssuesBytes = 5000 }))
            .Add(GtUri.Parse(good.ChainUri!), good.Root)
            .Add(GtUri.Parse(big.ChainUri!), big.Root);

        var refused = await provider.GetChainAsync(GtUri.Parse(big.ChainUri!), Ct);

        refused.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        refused.Limit.ShouldBe(ChainLimitKind.IssuesBytes);
        refused.Message!.ShouldContain("ChainLimits.MaxIssuesBytes");
        refused.Message!.ShouldContain("the chain was not read. If the data is genuine, the host can raise the limit.");
        (await provider.GetChainAsync(GtUri.Parse(good.ChainUri!), Ct)).Chain.ShouldNotBeNull();
    }

    // A source that checks a file's size before reading it, as a git tree does, and records which files it read; told to,
    // it tells a file's size without reading it too (GetFileSizeAsync), as a git tree does.
    private sealed class SizedSource(InMemoryChainSource inner, bool tellsSizes = false) : IChainSource
    {
        public async ValueTask<long?> GetFileSizeAsync(string path, CancellationToken cancellationToken = default)
            => tellsSizes && await inner.ReadFileAsync(path, cancellationToken) is { } file ? file.Content.Length : null;

        public List<string> ContentRead { get; } = [];

        public string Description => inner.Description;

        public string? Revision => inner.Revision;

        public ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
            => ReadFileAsync(path, long.MaxValue, cancellationToken);

        public async ValueTask<ChainFile?> ReadFileAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
        {
            // The size is the stored content's; only a file within the bound counts as read.
            var file = await inner.ReadFileAsync(path, cancellationToken);
            if (file is not null && file.Content.Length > maxBytes)
            {
                throw new ChainLimitExceededException(ChainLimitKind.BlobSize, path, file.Content.Length, maxBytes, Description);
            }

            if (file is not null)
            {
                ContentRead.Add(path);
            }

            return file;
        }
    }
}
