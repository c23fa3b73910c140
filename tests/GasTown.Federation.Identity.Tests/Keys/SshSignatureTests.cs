using System.Text;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.Keys;

public sealed class SshSignatureTests : IDisposable
{
    private readonly TempDirectory _temp = new("gt-sshsig");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_signature_made_by_the_sdk_is_accepted_by_ssh_keygen()
    {
        var keyPath = SshKeygen.Create(_temp.Combine("id_ed25519"), comment: "owner@acme.com");
        using var key = await SshSigningKey.LoadAsync(keyPath, TestContext.Current.CancellationToken);
        var message = Encoding.UTF8.GetBytes("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nhello\n");
        File.WriteAllBytes(_temp.Combine("message"), message);
        File.WriteAllText(_temp.Combine("message.sig"), key.Sign(message));
        File.WriteAllText(_temp.Combine("allowed"), $"owner@acme.com {File.ReadAllText(keyPath + ".pub").Trim()}\n");

        var (exit, output) = SshKeygen.Run(Encoding.UTF8.GetString(message), "-Y", "verify", "-f", _temp.Combine("allowed"), "-I", "owner@acme.com", "-n", "git", "-s", _temp.Combine("message.sig"));
        exit.ShouldBe(0, output);
        output.ShouldContain("Good \"git\" signature");

        // And a different message with the same signature is refused by ssh-keygen too.
        var (tamperedExit, _) = SshKeygen.Run("tampered", "-Y", "verify", "-f", _temp.Combine("allowed"), "-I", "owner@acme.com", "-n", "git", "-s", _temp.Combine("message.sig"));
        tamperedExit.ShouldNotBe(0);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public void Signatures_made_by_ssh_keygen_verify_in_the_sdk(string type)
    {
        var keyPath = SshKeygen.Create(_temp.Combine("id_" + type), type);
        File.WriteAllText(_temp.Combine("data"), "signed data\n");
        SshKeygen.Run(null, "-Y", "sign", "-f", keyPath, "-n", "git", _temp.Combine("data"));
        var armored = File.ReadAllText(_temp.Combine("data.sig"));

        SshSignature.TryParse(armored, out var signature, out var problem).ShouldBeTrue(problem);
        signature.PublicKey.ShouldBe(SshPublicKey.Parse(File.ReadAllText(keyPath + ".pub")));
        signature.Verify(Encoding.UTF8.GetBytes("signed data\n")).ShouldBeTrue();
        signature.Verify(Encoding.UTF8.GetBytes("signed data!\n")).ShouldBeFalse();
        signature.Verify(Encoding.UTF8.GetBytes("signed data\n"), "file").ShouldBeFalse();
    }

    [Fact]
    public void The_fingerprint_is_the_one_ssh_keygen_prints()
    {
        var keyPath = SshKeygen.Create(_temp.Combine("id_ed25519"));
        var printed = SshKeygen.Run(null, "-l", "-f", keyPath + ".pub").Output;
        printed.ShouldContain(SshPublicKey.Parse(File.ReadAllText(keyPath + ".pub")).Fingerprint);
    }

    [Fact]
    public async Task A_passphrase_protected_key_is_a_clear_error()
    {
        var keyPath = SshKeygen.Create(_temp.Combine("id_locked"), passphrase: "secret phrase");
        var ex = await Should.ThrowAsync<IdentityException>(() => SshSigningKey.LoadAsync(keyPath, TestContext.Current.CancellationToken));
        ex.Message.ShouldContain("passphrase");
    }

    [Fact]
    public async Task An_rsa_key_cannot_sign_here_and_says_so()
    {
        var keyPath = SshKeygen.Create(_temp.Combine("id_rsa"), "rsa");
        var ex = await Should.ThrowAsync<IdentityException>(() => SshSigningKey.LoadAsync(keyPath, TestContext.Current.CancellationToken));
        ex.Message.ShouldContain("Ed25519");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 not-base64!")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")]
    [InlineData("ssh-dss AAAAB3NzaC1kc3MAAACBAP")]
    public void Malformed_public_keys_are_refused(string line)
    {
        SshPublicKey.TryParse(line, out _, out var problem).ShouldBeFalse();
        problem.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----")]
    [InlineData("-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----")]
    [InlineData("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----")]
    public void Malformed_signatures_are_refused(string armored)
    {
        SshSignature.TryParse(armored, out _, out var problem).ShouldBeFalse();
        problem.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void A_signature_naming_a_hash_with_terminal_escapes_is_described_printably()
    {
        // A commit's or event's signature is someone else's bytes, and its problem is shown in a message.
        var key = SshPublicKey.Parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl acme");
        var armored = Armor(key.Blob.ToArray(), "\u001b]0;pwned\u0007" + new string('h', 10_000));

        SshSignature.TryParse(armored, out _, out var problem).ShouldBeFalse();

        problem.ShouldNotContain("\u001b");
        problem.ShouldNotContain("\u0007");
        problem.Length.ShouldBeLessThan(500);
    }

    [Fact]
    public void A_signature_whose_key_type_holds_terminal_escapes_is_described_printably()
    {
        var blob = new SshWireWriter().WriteString("\u001b]0;pwned\u0007").WriteString(new byte[32]).ToArray();

        SshSignature.TryParse(Armor(blob, "sha512"), out _, out var problem).ShouldBeFalse();

        problem.ShouldNotContain("\u001b");
        problem.ShouldNotContain("\u0007");
    }

    [Fact]
    public void A_commit_signed_with_an_rsa_key_without_an_exponent_is_invalid_not_a_crash()
    {
        // The key is the signature's own, from a remote's commit: .NET's RSA import threw IndexOutOfRangeException on it.
        var rsaWithoutExponent = new SshWireWriter().WriteString("ssh-rsa").WriteString([]).WriteString(Enumerable.Repeat((byte)0xC5, 256).ToArray()).ToArray();
        var armored = Armor(rsaWithoutExponent, "sha512", "rsa-sha2-512").TrimEnd('\n').Replace("\n", "\n ", StringComparison.Ordinal);
        var repository = _temp.Combine("repo.git");
        GitCli.Run(_temp.Path, "init", "-q", "--bare", repository);
        var tree = GitCli.Run(repository, "hash-object", "-t", "tree", "-w", "/dev/null").Trim(); // the empty tree
        File.WriteAllText(_temp.Combine("commit"), $"tree {tree}\nauthor a <a@acme.com> 0 +0000\ncommitter a <a@acme.com> 0 +0000\ngpgsig {armored}\n\nsigned\n");
        var commit = GitCli.Run(repository, "hash-object", "-t", "commit", "-w", _temp.Combine("commit")).Trim();

        var check = GasTown.Federation.GitTransport.CommitSignatureVerifier.Verify(repository, commit);

        check.Status.ShouldBe(GasTown.Federation.GitTransport.CommitSignatureStatus.Invalid);
        check.Problem.ShouldNotBeNull().ShouldContain("ssh-rsa");
    }

    private static string Armor(byte[] publicBlob, string hash, string signatureType = "ssh-ed25519")
    {
        var blob = new SshWireWriter()
            .WriteRaw("SSHSIG"u8)
            .WriteUInt32(1)
            .WriteString(publicBlob)
            .WriteString("git")
            .WriteString([])
            .WriteString(hash)
            .WriteString(new SshWireWriter().WriteString(signatureType).WriteString(new byte[64]).ToArray())
            .ToArray();
        return $"{SshSignature.BeginMarker}\n{Convert.ToBase64String(blob)}\n-----END SSH SIGNATURE-----\n";
    }
}
