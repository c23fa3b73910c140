using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A publish and a change of signing key write the town's git config: a config lock another writer holds (a fetch
/// recording its time, <c>git config</c>) is waited for as every config write waits (GitLockRetry), not failed at once
/// or after a shorter wait of the publisher's own.
/// </summary>
public sealed class PublishConfigLockTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_publish_waits_for_a_config_lock_held_for_a_second_and_a_half()
    {
        var town = _world.AddTown("pub", b => b.Named("pub").OwnedBy("alice@example.com").WithRig("web", "wb-", r => r.WithIssue("wb-1", "Public work")));
        town.Repository.EnsureCreated();
        var release = HoldConfigLock(town, TimeSpan.FromMilliseconds(1_500));

        var result = await town.PublishAsync("web");
        await release;

        result.Created.ShouldBeTrue();
        town.Publisher.GetPublicRigs().ShouldBe(["web"]);
    }

    [Fact]
    public async Task Setting_the_signing_key_waits_for_a_held_config_lock()
    {
        var town = _world.AddTown("key", b => b.Named("key").OwnedBy("alice@example.com"));
        town.Repository.EnsureCreated();
        var keyPath = _world.Temp.Combine("owner_ed25519");
        using (var keygen = Process.Start(new ProcessStartInfo("ssh-keygen") { ArgumentList = { "-q", "-t", "ed25519", "-N", "", "-C", "owner", "-f", keyPath }, UseShellExecute = false })!)
        {
            await keygen.WaitForExitAsync(Ct);
            keygen.ExitCode.ShouldBe(0);
        }

        var release = HoldConfigLock(town, TimeSpan.FromMilliseconds(400));
        var key = await town.Publisher.SetSigningKeyAsync(keyPath, Ct);
        await release;

        (await town.Publisher.GetSigningKeyAsync(Ct)).ShouldNotBeNull().Fingerprint.ShouldBe(key.Fingerprint);
    }

    private static Task HoldConfigLock(TestTown town, TimeSpan duration)
    {
        var lockFile = Path.Combine(town.Repository.Path, "config.lock");
        File.WriteAllText(lockFile, "");
        return Task.Delay(duration, Ct).ContinueWith(_ => File.Delete(lockFile), Ct, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
