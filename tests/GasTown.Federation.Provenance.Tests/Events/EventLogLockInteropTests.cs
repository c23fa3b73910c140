using System.Diagnostics;
using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.Provenance.Tests.Events;

/// <summary>
/// The event log lock against flock(1), which takes flock(2) exactly as upstream's gofrs/flock does: if we exclude
/// flock(1) and it excludes us, we exclude upstream's gt and it excludes us.
/// </summary>
public sealed class EventLogLockInteropTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dotnet_FileStream_takes_a_nonblocking_flock_so_it_cannot_be_used_to_open_a_held_lock_file()
    {
        // Verifies the finding that made the writer use libc directly: FileStream flocks every file it opens,
        // LOCK_EX|LOCK_NB for FileShare.None and LOCK_SH|LOCK_NB otherwise, and throws when another process holds it.
        using var town = new TestTown();
        using var holder = await HoldAsync(town.LockFile, seconds: 10);

        Should.Throw<IOException>(() => new FileStream(town.LockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());
        Should.Throw<IOException>(() => new FileStream(town.LockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite).Dispose());
    }

    [Fact]
    public async Task While_the_SDK_holds_the_lock_flock_cannot_take_it()
    {
        using var town = new TestTown();

        using (await EventLogLock.AcquireAsync(town.LockFile, TimeSpan.FromSeconds(5), NullLogger.Instance, Ct))
        {
            FlockTry(town.LockFile).ShouldBe(1, "flock -n must find the lock held");
        }

        FlockTry(town.LockFile).ShouldBe(0, "the lock is free once released");
    }

    [Fact]
    public async Task The_writer_waits_while_another_process_holds_flock_and_writes_after_it_exits()
    {
        using var town = new TestTown();
        using var holder = await HoldAsync(town.LockFile, seconds: 3);

        var append = town.Writer.AppendAsync(town.Root, "done", cancellationToken: Ct).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        append.IsCompleted.ShouldBeFalse("the append must wait for the holder");
        File.Exists(town.EventsFile).ShouldBeFalse();
        await holder.WaitForExitAsync(Ct);
        var holderExited = DateTime.UtcNow;
        await append;
        DateTime.UtcNow.ShouldBeGreaterThanOrEqualTo(holderExited);
        town.Lines()[0].ShouldContain("\"type\":\"done\"");
    }

    [Fact]
    public async Task Cancelling_the_wait_throws_OperationCanceledException_and_writes_nothing()
    {
        using var town = new TestTown();
        using var holder = await HoldAsync(town.LockFile, seconds: 20);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(500));
        var stopwatch = Stopwatch.StartNew();

        await Should.ThrowAsync<OperationCanceledException>(async () => await town.Writer.AppendAsync(town.Root, "done", cancellationToken: cts.Token));

        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        File.Exists(town.EventsFile).ShouldBeFalse();
        holder.HasExited.ShouldBeFalse();
    }

    [Fact]
    public async Task A_timeout_names_the_lock_file_and_the_holding_process()
    {
        using var town = new TestTown(lockTimeout: TimeSpan.FromMilliseconds(600));
        using var holder = await HoldAsync(town.LockFile, seconds: 20);

        var ex = await Should.ThrowAsync<EventLogLockTimeoutException>(async () => await town.Writer.AppendAsync(town.Root, "done", cancellationToken: Ct));

        ex.LockPath.ShouldBe(Path.GetFullPath(town.LockFile));
        ex.Waited.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600));
        ex.Holder.ShouldNotBeNull().ShouldContain($"pid {holder.Id}");
        ex.Message.ShouldContain(town.LockFile);
        ex.Message.ShouldContain("Nothing was written");
        File.Exists(town.EventsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task Writers_in_one_process_queue_for_the_lock()
    {
        using var town = new TestTown();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => town.Writer.AppendAsync(town.Root, $"t{i}", cancellationToken: Ct).AsTask()));

        var result = EventLogReader.Read(File.ReadAllBytes(town.EventsFile));
        result.Diagnostics.ShouldBeEmpty();
        result.Events.Select(e => e.Type).Order().ShouldBe(Enumerable.Range(0, 50).Select(i => $"t{i}").Order());
    }

    /// <summary>Starts <c>flock FILE sleep N</c> and returns once the lock is really held.</summary>
    private static async Task<KilledOnDispose> HoldAsync(string lockFile, int seconds)
    {
        var process = ProcessRunner.Start("flock", lockFile, "sleep", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (FlockTry(lockFile) == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "flock(1) should have taken the lock");
            await Task.Delay(20, Ct);
        }

        return new KilledOnDispose(process);
    }

    /// <summary><c>flock -n FILE true</c>: 0 when the lock was free, 1 when held by someone else.</summary>
    private static int FlockTry(string lockFile) => ProcessRunner.Run("flock", "/", null, "-n", lockFile, "true").ExitCode;

    private sealed class KilledOnDispose(Process process) : IDisposable
    {
        public int Id => process.Id;

        public bool HasExited => process.HasExited;

        public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
