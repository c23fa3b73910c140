using System.Diagnostics;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A town read or changed by a user who may not write it, or does not own it (a town shared read-only with a web
/// server's account): each call fails with a typed error that names the path and says what to do, and changes nothing.
/// The tests run as root, whom permissions do not stop: ownership is given away with chown, and the write cases run the
/// RegistryRunner helper as user nobody (setpriv).
/// </summary>
public sealed class SharedTownTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_federation_repository_another_user_owns_is_refused_by_git_with_a_typed_error_that_says_how_to_trust_it()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Environment.UserName == "root", "needs root to give the repository to another user");
        var town = _world.AddTown("shared", b => b.Named("shared").OwnedBy("alice@example.com"));
        town.Registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering"));
        town.Repository.Dispose();
        Chown("-R", "65534:65534", town.Repository.Path);
        try
        {
            using var repository = FederationRepository.ForTown(town.Root);
            var registry = new RemoteRegistry(repository);

            // Every way in: the shared handle (a listing, Exists) and a private one (a fetch's).
            var listing = Should.Throw<GitTransportException>(() => registry.List());
            Should.Throw<GitTransportException>(() => _ = repository.Exists).Message.ShouldBe(listing.Message);
            Should.Throw<GitTransportException>(() => repository.OpenPrivate().Dispose()).Message.ShouldBe(listing.Message);

            listing.ErrorKind.ShouldBe(FederationErrorKind.Refused);
            listing.InnerException.ShouldBeOfType<LibGit2Sharp.LibGit2SharpException>();
            listing.Message.ShouldContain(repository.Path);
            listing.Message.ShouldContain("owned by another user");
            listing.Message.ShouldContain($"git config --global --add safe.directory {repository.Path}");
            listing.Message.Replace(repository.Path, "<path>", StringComparison.Ordinal).ShouldNotContain("gtfed");
        }
        finally
        {
            Chown("-R", "0:0", town.Repository.Path);
        }
    }

    [Fact]
    public async Task Adding_a_remote_to_a_town_this_user_may_not_write_fails_with_TownFileAccessException_and_changes_nothing()
    {
        Assert.SkipUnless(RegistryRunner.CanRunAsNobody, "needs root and setpriv to run the helper as another user");
        var town = _world.AddTown("readonly", b => b.Named("readonly").OwnedBy("alice@example.com").WithRig("riga", "ax-", r => r.WithIssue("ax-1", "Work")));
        town.Registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering"));
        var before = File.ReadAllText(Path.Combine(town.Repository.Path, "config"));
        var home = TrustingHome(town.Repository.Path);

        var added = await RegistryRunner.RunAsNobodyAsync(home, "add", town.Root, "/dev/null", "https://example.invalid/y.git", "gt://y.com/y", "y");
        var published = await RegistryRunner.RunAsNobodyAsync(home, "publish", town.Root, "riga");

        added.ShouldHaveSingleItem().ShouldStartWith($"error {typeof(TownFileAccessException).FullName} This process may not write {Path.Combine(town.Repository.Path, "config.lock")} ");
        added[0].ShouldContain("Make it writable for this user, or run as the town's owner. Nothing was changed.");
        published.ShouldHaveSingleItem().ShouldStartWith($"error {typeof(TownFileAccessException).FullName} This process may not write {Path.Combine(town.Repository.Path, TownPublisher.LockFileName)} ");
        File.ReadAllText(Path.Combine(town.Repository.Path, "config")).ShouldBe(before);
    }

    [Fact]
    public void Adding_a_remote_on_a_read_only_mount_fails_with_TownFileAccessException_and_changes_nothing()
    {
        var town = _world.AddTown("mounted", b => b.Named("mounted").OwnedBy("alice@example.com"));
        town.Registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering"));
        using var mount = ReadOnlyMount.TryBind(town.Root);
        Assert.SkipWhen(mount is null, "needs root on Linux to mount the town read-only");

        var error = Should.Throw<TownFileAccessException>(() => town.Registry.Add("beta", "https://example.invalid/b.git", GtUri.Parse("gt://beta.com/b")));

        error.Path.ShouldBe(Path.Combine(town.Repository.Path, "config.lock"));
        error.Message.ShouldContain("Nothing was changed.");
        town.Registry.List().Select(r => r.Name).ShouldBe(["acme"]);
    }

    // A HOME whose git config trusts <paramref name="path"/> (safe.directory), readable by nobody.
    private string TrustingHome(string path)
    {
        var home = _world.Temp.Combine("home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, ".gitconfig"), $"[safe]\n\tdirectory = {path}\n");
        Chown("-R", "65534:65534", home);
        return home;
    }

    private static void Chown(params string[] arguments) => Run("chown", arguments);

    private static void Chmod(params string[] arguments) => Run("chmod", arguments);

    private static void Run(string command, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{command} {string.Join(' ', arguments)}");
    }
}
