using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// The pack a network remote sends, made by hand where git would never make it so: each entry is read as it arrives and
/// refused when it declares more than GitTransportOptions.MaxFetchObjectBytes (a whole object, a delta's instructions or a
/// delta's result), whatever the pack's header says; a pack that cannot be read fails closed; and nothing thrown while the
/// pack is read escapes into libgit2's native callback.
/// </summary>
[Collection(nameof(HostileMemoryCollection))]
public sealed class HandMadePackTests : IDisposable
{
    private const string IssuesPath = "backend/mayor/rig/.beads/issues.jsonl";
    private const string Issue = "{\"id\":\"ac-1\",\"title\":\"Honest work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n";
    private const long Budget = 1024 * 1024;
    private static readonly byte[] Base = RandomBytes(65_536, 7);
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_delta_whose_result_is_over_the_budget_is_found_though_its_base_is_under_it()
    {
        var pack = new PackBuilder();
        var blob = pack.Blob(Base);
        pack.OffsetDelta(blob, PackBuilder.CopyBase(Base.Length, 32));

        var found = PackScan.FindLarger(Write(pack), Budget, Ct);
        (found.Entry, found.Size, found.Problem).ShouldBe((1L, 32 * 65_536L, (string?)null));
        PackScan.FindLarger(Write(pack), 32 * 65_536, Ct).ShouldBe(PackScanResult.None, "a result of exactly the budget is within it");
    }

    [Fact]
    public void A_delta_whose_own_instructions_are_over_the_budget_is_found()
    {
        // libgit2 allocates and inflates a delta's instructions whole before it applies them: 2 MiB declared, result 10 bytes.
        var instructions = new byte[2 * Budget];
        instructions[0] = 0x80; instructions[1] = 0x80; instructions[2] = 0x04; // base size 65,536
        instructions[3] = 10;                                                    // result size 10
        var pack = new PackBuilder();
        var blob = pack.Blob(Base);
        pack.OffsetDelta(blob, instructions);

        var found = PackScan.FindLarger(Write(pack), Budget, Ct);

        (found.Entry, found.Size).ShouldBe((1L, 2 * Budget));
    }

    [Theory]
    [InlineData("signature", "it does not start with a pack header")]
    [InlineData("version", "pack version 9 is not known")]
    [InlineData("type", "entry 0 at offset 12 has unknown type 5")]
    [InlineData("size beyond 63 bits", "entry 0 at offset 12 declares a size beyond 63 bits")]
    [InlineData("size past the long", "entry 0 at offset 12 declares a size beyond 63 bits")]
    [InlineData("cut off", "it ends before its last object: entry 0 at offset 12")]
    [InlineData("size", "entry 0 at offset 12 declares 100 bytes and inflates to 65536")]
    [InlineData("not zlib", "entry 0 at offset 12: not a zlib stream")]
    [InlineData("short", "it is shorter than a pack header")]
    public void A_pack_that_cannot_be_read_says_what_is_wrong_with_it(string damage, string problem)
    {
        var pack = new PackBuilder();
        var deflated = PackBuilder.Deflate(Base);
        switch (damage)
        {
            case "type":
                pack.Raw(5, Base.Length, deflated);
                break;
            case "size":
                pack.Raw(3, 100, deflated);
                break;
            case "not zlib":
                pack.Raw(3, Base.Length, [0x12, 0x34, 0x56]);
                break;
            case "cut off":
                pack.Raw(3, Base.Length, deflated[..(deflated.Length / 2)]);
                break;
            default:
                pack.Blob(Base);
                break;
        }

        var bytes = pack.ToArray();
        switch (damage)
        {
            case "signature":
                bytes[0] = (byte)'J';
                break;
            case "version":
                bytes[7] = 9;
                break;
            case "size beyond 63 bits":
                // Type 3, then continuation bytes to bit 60, and a last group that sets bit 63: read as a long, negative.
                bytes = [.. bytes[..12], 0xB0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x08, .. bytes[13..]];
                break;
            case "size past the long":
                // An eleventh byte, its group at bit 67: shifted as a long, C# masks the count, and it lands at bit 3.
                bytes = [.. bytes[..12], 0xB0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, .. bytes[13..]];
                break;
            case "cut off":
                bytes = bytes[..^20];
                break;
            case "short":
                bytes = bytes[..7];
                break;
        }

        var path = _world.Temp.Combine(Guid.NewGuid().ToString("N") + ".pack");
        File.WriteAllBytes(path, bytes);

        var found = PackScan.FindLarger(path, Budget, Ct);

        found.Entry.ShouldBeNull();
        found.Problem.ShouldNotBeNull().ShouldStartWith(problem);
    }

    [Fact]
    public void A_fetch_whose_pack_cannot_be_found_is_refused_not_let_through()
    {
        var folder = _world.Temp.Combine("empty-pack-folder");
        Directory.CreateDirectory(folder);
        using var scan = new ReceivedPackScan(folder, new HashSet<string>(), Budget);

        scan.Advance(0, 3, Ct).ShouldBe(PackScanResult.None, "nothing received yet");
        scan.Advance(1, 3, Ct).Problem.ShouldBe($"the pack being received was not found in {folder}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_pack_read_as_it_grows_is_read_again_whatever_the_listing_order(bool oursFirst)
    {
        var pack = new PackBuilder();
        var blob = pack.Blob(Base);
        pack.OffsetDelta(blob, PackBuilder.CopyBase(Base.Length, 32));
        var bytes = pack.ToArray();
        var folder = _world.Temp.Combine("growing");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, oursFirst ? "pack_git2_test" : "pack_git2_other");
        var cut = 12 + PackBuilder.Deflate(Base).Length / 2;
        File.WriteAllBytes(path, bytes[..cut]);
        using var scan = new ReceivedPackScan(folder, new HashSet<string>(), Budget);

        // Another fetch's pack, lagging behind: left, as this one is read.
        File.WriteAllBytes(Path.Combine(folder, oursFirst ? "pack_git2_other" : "pack_git2_test"), bytes[..20]);
        scan.Advance(1, 2, Ct).Problem.ShouldBe($"entry 0 at offset 12: the data ends inside a compressed stream");

        File.WriteAllBytes(path, bytes);
        var found = scan.Advance(2, 2, Ct);
        (found.Entry, found.Size).ShouldBe((1L, 32 * 65_536L));
    }

    [Fact]
    public void A_pack_of_another_fetch_that_lags_is_left_once_ours_holds_what_was_reported()
    {
        var pack = new PackBuilder();
        var blob = pack.Blob(Base);
        pack.OffsetDelta(blob, PackBuilder.CopyBase(Base.Length, 32));
        var bytes = pack.ToArray();
        var folder = _world.Temp.Combine("lagging");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "pack_git2_ours"), bytes);
        File.WriteAllBytes(Path.Combine(folder, "pack_git2_other"), bytes[..20]);
        using var scan = new ReceivedPackScan(folder, new HashSet<string>(), Budget);

        scan.Advance(1, 2, Ct).ShouldBe(PackScanResult.None, "ours holds entry 0; the other, cut inside it, is another fetch's");
        var found = scan.Advance(2, 2, Ct);
        (found.Entry, found.Size).ShouldBe((1L, 32 * 65_536L));
    }

    [Fact]
    public void A_pack_of_another_fetch_ahead_of_ours_that_breaks_the_budget_refuses_this_fetch_too()
    {
        // Which is ours cannot be told while both keep up; refusing an honest fetch is safe, passing a bomb is not.
        var honest = new PackBuilder();
        honest.Blob(Base);
        honest.Blob(RandomBytes(1_000, 8));
        var bomb = new PackBuilder();
        var blob = bomb.Blob(Base);
        bomb.OffsetDelta(blob, PackBuilder.CopyBase(Base.Length, 32));
        var folder = _world.Temp.Combine("ahead");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "pack_git2_ours"), honest.ToArray());
        File.WriteAllBytes(Path.Combine(folder, "pack_git2_other"), bomb.ToArray());
        using var scan = new ReceivedPackScan(folder, new HashSet<string>(), Budget);

        scan.Advance(1, 2, Ct).ShouldBe(PackScanResult.None);
        var found = scan.Advance(2, 2, Ct);
        (found.Entry, found.Size).ShouldBe((1L, 32 * 65_536L));
    }

    [Theory]
    [InlineData("git")]
    [InlineData("http")]
    public async Task A_delta_bomb_in_a_pack_declaring_one_object_more_than_it_holds_is_refused(string transport)
    {
        // libgit2 resolves a pack's deltas before it checks that the header's count arrived: read once the count had
        // arrived, such a pack was never read, and its 2 MiB delta (300 MB as easily) was rebuilt.
        var pack = new PackBuilder { DeclaredCount = 3 };
        var blob = pack.Blob(Base);
        pack.OffsetDelta(blob, PackBuilder.CopyBase(Base.Length, 32));
        using var served = await ServeAsync(pack, transport);

        var fetched = await served.Federation.FetchAllAsync();

        var error = fetched.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(FetchFailureKind.BudgetExceeded, error.Message);
        error.Budget.ShouldBe(new FetchBudgetBreach(FetchBudgetKind.ObjectSize, "GitTransportOptions.MaxFetchObjectBytes", Budget, 32 * 65_536, null));
        error.Message.ShouldContain("2,097,152 bytes (entry 2 of the pack)");
        await served.Federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task A_delta_whose_instructions_are_over_the_budget_is_refused_over_git_daemon()
    {
        var instructions = new byte[2 * Budget];
        instructions[0] = 0x80; instructions[1] = 0x80; instructions[2] = 0x04;
        instructions[3] = 10;
        var pack = new PackBuilder();
        var blob = pack.Blob(Base);
        pack.OffsetDelta(blob, instructions);
        using var served = await ServeAsync(pack);

        var error = (await served.Federation.FetchAllAsync()).Error.ShouldNotBeNull();

        error.Kind.ShouldBe(FetchFailureKind.BudgetExceeded, error.Message);
        error.Budget!.Actual.ShouldBe(2 * Budget);
    }

    [Fact]
    public async Task A_fetch_cancelled_while_its_pack_is_read_stops_as_cancelled()
    {
        // Thrown inside libgit2's native callback, the cancellation ended the process.
        var pack = new PackBuilder();
        pack.Blob(Base);
        using var served = await ServeAsync(pack);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new SynchronousProgress(p =>
        {
            if (p.ReceivedObjects > 0)
            {
                cancel.Cancel();
            }
        });

        await Should.ThrowAsync<OperationCanceledException>(() => served.Federation.Fetcher.FetchAsync("acme", progress, cancel.Token));
    }

    [Fact]
    public async Task A_progress_handler_that_throws_fails_the_fetch_with_its_exception()
    {
        var pack = new PackBuilder();
        pack.Blob(Base);
        using var served = await ServeAsync(pack);
        var progress = new SynchronousProgress(p =>
        {
            if (p.ReceivedObjects > 0)
            {
                throw new InvalidOperationException("the host's progress handler failed");
            }
        });

        (await Should.ThrowAsync<InvalidOperationException>(() => served.Federation.Fetcher.FetchAsync("acme", progress, Ct)))
            .Message.ShouldBe("the host's progress handler failed");
    }

    private async Task<Served> ServeAsync(PackBuilder pack, string transport = "git")
    {
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, Issue));
        var packFile = Write(pack);
        var hook = _world.Temp.Combine("hook-" + Guid.NewGuid().ToString("N")[..8] + ".sh");
        File.WriteAllText(hook, $"#!/bin/sh\ncat > /dev/null\ncat '{packFile}'\n");
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the hook is a shell script");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        IDisposable server;
        string url;
        if (transport == "http")
        {
            var http = new GitHttpBackend(_world.Temp.Path, hook);
            (server, url) = (http, http.UrlOf(acme.Path));
        }
        else
        {
            var daemon = GitDaemon.Start(_world.Temp.Path, hook);
            (server, url) = (daemon, daemon.UrlOf(acme.Path));
        }

        var federation = await HostileFederation.CreateAsync(_world, url, configure: o => o.MaxFetchObjectBytes = Budget);
        return new Served(server, federation);
    }

    private string Write(PackBuilder pack)
    {
        var path = _world.Temp.Combine(Guid.NewGuid().ToString("N") + ".pack");
        File.WriteAllBytes(path, pack.ToArray());
        return path;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed record Served(IDisposable Server, HostileFederation Federation) : IDisposable
    {
        public void Dispose()
        {
            Server.Dispose();
            Federation.Dispose();
        }
    }

    // Progress<T> reports on the thread pool, after the callback has returned; this one reports inside it.
    private sealed class SynchronousProgress(Action<FetchProgress> report) : IProgress<FetchProgress>
    {
        public void Report(FetchProgress value) => report(value);
    }
}
