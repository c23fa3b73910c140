using System.Text;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.Keys;

/// <summary>Keys made by the SDK (no OpenSSH tools needed) are keys OpenSSH reads and checks.</summary>
public sealed class GeneratedKeyTests : IDisposable
{
    private readonly TempDirectory _temp = new("gt-genkey");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_generated_key_file_is_read_by_ssh_keygen_and_its_signatures_verify_there()
    {
        var path = _temp.Combine("id_ed25519");
        using (var generated = SshSigningKey.Generate("owner@acme.com"))
        {
            await generated.SaveAsync(path, TestContext.Current.CancellationToken);
        }

        // ssh-keygen -y reads the private key (and refuses one readable by others) and derives the same public key.
        var derived = SshKeygen.Run(null, "-y", "-f", path).Output.Trim();
        var saved = SshPublicKey.Parse(File.ReadAllText(path + ".pub"));
        SshPublicKey.Parse(derived).ShouldBe(saved);
        saved.Comment.ShouldBe("owner@acme.com");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Loaded back, it signs what ssh-keygen accepts.
        using var key = await SshSigningKey.LoadAsync(path, TestContext.Current.CancellationToken);
        key.PublicKey.ShouldBe(saved);
        var message = Encoding.UTF8.GetBytes("generated\n");
        File.WriteAllText(_temp.Combine("m.sig"), key.Sign(message));
        File.WriteAllText(_temp.Combine("allowed"), $"owner@acme.com {saved.ToKeyString()}\n");
        var (exit, output) = SshKeygen.Run("generated\n", "-Y", "verify", "-f", _temp.Combine("allowed"), "-I", "owner@acme.com", "-n", "git", "-s", _temp.Combine("m.sig"));
        exit.ShouldBe(0, output);

        // And ssh-keygen signs with the generated file too.
        File.WriteAllText(_temp.Combine("data"), "by ssh-keygen\n");
        SshKeygen.Run(null, "-Y", "sign", "-f", path, "-n", "git", _temp.Combine("data"));
        SshSignature.TryParse(File.ReadAllText(_temp.Combine("data.sig")), out var signature, out var problem).ShouldBeTrue(problem);
        signature.PublicKey.ShouldBe(saved);
        signature.Verify(Encoding.UTF8.GetBytes("by ssh-keygen\n")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_cancelled_save_leaves_no_file_behind_and_a_retry_succeeds()
    {
        // Written in place, a cancelled save left an empty key file that every retry then refused to overwrite.
        var path = _temp.Combine("cancelled");
        using var generated = SshSigningKey.Generate();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => generated.SaveAsync(path, cancelled.Token));
        Directory.GetFiles(_temp.Path).ShouldBeEmpty();

        await generated.SaveAsync(path, TestContext.Current.CancellationToken);
        using var loaded = await SshSigningKey.LoadAsync(path, TestContext.Current.CancellationToken);
        loaded.PublicKey.ShouldBe(generated.PublicKey);
    }

    [Fact]
    public async Task A_save_refused_by_an_existing_public_half_leaves_no_private_key()
    {
        var path = _temp.Combine("half");
        File.WriteAllText(path + ".pub", "someone else's\n");
        using var generated = SshSigningKey.Generate();
        await Should.ThrowAsync<IdentityException>(() => generated.SaveAsync(path, TestContext.Current.CancellationToken));
        File.Exists(path).ShouldBeFalse();
        File.ReadAllText(path + ".pub").ShouldBe("someone else's\n");
        Directory.GetFiles(_temp.Path).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Saving_never_overwrites_a_key_and_a_loaded_key_is_not_exported()
    {
        var path = _temp.Combine("existing");
        File.WriteAllText(path, "keep me");
        using var generated = SshSigningKey.Generate();
        await Should.ThrowAsync<IdentityException>(() => generated.SaveAsync(path, TestContext.Current.CancellationToken));
        File.ReadAllText(path).ShouldBe("keep me");

        var fresh = _temp.Combine("fresh");
        await generated.SaveAsync(fresh, TestContext.Current.CancellationToken);
        using var loaded = await SshSigningKey.LoadAsync(fresh, TestContext.Current.CancellationToken);
        Should.Throw<IdentityException>(() => loaded.ToOpenSshPrivateKey());
    }
}
