using System.Text;
using GasTown.Federation.Model;
using NSec.Cryptography;

namespace GasTown.Federation.Identity;

/// <summary>
/// An Ed25519 private key read from an unencrypted OpenSSH private key file (<c>ssh-keygen -t ed25519 -N ""</c>),
/// the key git's <c>user.signingKey</c> names. Signs SSHSIG signatures (<see cref="SshSignature"/>).
/// </summary>
/// <remarks>
/// Passphrase-protected keys are refused with <see cref="IdentityException"/>: this SDK does not ask for
/// passphrases nor talk to ssh-agent. RSA and ECDSA keys verify (<see cref="SshPublicKey.Verify"/>) but do not sign here.
/// Dispose the key to wipe it from memory.
/// </remarks>
public sealed class SshSigningKey : IDisposable
{
    private const string Magic = "openssh-key-v1\0";
    private const string Armor = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private const string ArmorEnd = "-----END OPENSSH PRIVATE KEY-----";

    private readonly Key _key;

    private SshSigningKey(Key key, SshPublicKey publicKey)
    {
        _key = key;
        PublicKey = publicKey;
    }

    /// <summary>The public half.</summary>
    public SshPublicKey PublicKey { get; }

    /// <summary>
    /// Makes a new Ed25519 key, as <c>ssh-keygen -t ed25519 -N ""</c> does, so that a town (or a demo, or a test) needs
    /// no OpenSSH tools to sign. Save it with <see cref="SaveAsync"/>.
    /// </summary>
    /// <param name="comment">The key's comment (<c>ssh-keygen -C</c>), e.g. <c>owner@acme.com</c>; null for none.</param>
    /// <returns>The key.</returns>
    public static SshSigningKey Generate(string? comment = null)
    {
        // Plaintext export is allowed only for this key, so that it can be written as an OpenSSH key file.
        var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var point = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var blob = new SshWireWriter().WriteString("ssh-ed25519").WriteString(point).ToArray();
        return new SshSigningKey(key, SshPublicKey.FromBlob(blob, string.IsNullOrEmpty(comment) ? null : comment));
    }

    /// <summary>
    /// This key as an unencrypted OpenSSH private key file (<c>-----BEGIN OPENSSH PRIVATE KEY-----</c>…), the format
    /// ssh-keygen writes and git's <c>user.signingKey</c> names.
    /// </summary>
    /// <returns>The armored key.</returns>
    /// <exception cref="IdentityException">The key was read from a file (<see cref="LoadAsync"/>, <see cref="Parse"/>): it is kept unexportable; copy the file instead.</exception>
    public string ToOpenSshPrivateKey()
    {
        if ((_key.ExportPolicy & KeyExportPolicies.AllowPlaintextExport) == 0)
        {
            throw new IdentityException("This key was read from a file and is kept unexportable; copy the file itself.");
        }

        var seed = _key.Export(KeyBlobFormat.RawPrivateKey);
        var point = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        try
        {
            var check = (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
            var privateSection = new SshWireWriter()
                .WriteUInt32(check).WriteUInt32(check)
                .WriteString("ssh-ed25519")
                .WriteString(point)
                .WriteString([.. seed, .. point])
                .WriteString(PublicKey.Comment ?? "");
            var unpadded = privateSection.ToArray();

            // Padded with 1, 2, 3… to the cipher's block size (8 for "none"), as OpenSSH checks when it reads the key.
            for (byte pad = 1; (unpadded.Length + pad - 1) % 8 != 0; pad++)
            {
                privateSection.WriteRaw([pad]);
            }

            var body = new SshWireWriter()
                .WriteRaw(Encoding.ASCII.GetBytes(Magic))
                .WriteString("none").WriteString("none").WriteString(ReadOnlySpan<byte>.Empty)
                .WriteUInt32(1)
                .WriteString(PublicKey.Blob.Span)
                .WriteString(privateSection.ToArray())
                .ToArray();
            var base64 = Convert.ToBase64String(body);
            var text = new StringBuilder().Append(Armor).Append('\n');
            for (var i = 0; i < base64.Length; i += 70)
            {
                text.Append(base64.AsSpan(i, Math.Min(70, base64.Length - i))).Append('\n');
            }

            return text.Append(ArmorEnd).Append('\n').ToString();
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// Writes this key to <paramref name="path"/> (readable only by the user, as ssh-keygen leaves it) and its public
    /// half to <paramref name="path"/><c>.pub</c>. Refuses to overwrite either. Each file appears whole or not at all:
    /// each is written beside its place under a temporary name and moved into place, so a failure or cancellation
    /// part way never leaves a truncated key that a retry would refuse to replace (a process killed between the two moves
    /// leaves the private key without its public half).
    /// </summary>
    /// <param name="path">The private key file to create, e.g. <c>~/.ssh/gastown_ed25519</c>.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when both files are written.</returns>
    /// <exception cref="IdentityException">A file exists already, or cannot be written; or the key cannot be exported (<see cref="ToOpenSshPrivateKey"/>).</exception>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = ToOpenSshPrivateKey();
        var publicPath = path + ".pub";
        var privateTemp = TemporaryBeside(path);
        var publicTemp = TemporaryBeside(publicPath);
        var movedPrivate = false;
        try
        {
            if (File.Exists(path) || File.Exists(publicPath))
            {
                throw new IdentityException($"The key cannot be written to {path}: {(File.Exists(path) ? path : publicPath)} exists. Give a path where no key exists yet.");
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(privateTemp, options))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
                // On disk before it is moved into place: a power cut then leaves the old state, not an empty key.
                stream.Flush(flushToDisk: true);
            }

            await using (var stream = new FileStream(publicTemp, FileMode.CreateNew, FileAccess.Write))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(PublicKey + "\n"), cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Never overwriting: a key that appeared meanwhile stays, and this save fails.
            File.Move(privateTemp, path, overwrite: false);
            movedPrivate = true;
            File.Move(publicTemp, publicPath, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (movedPrivate)
            {
                // The public half could not be placed: take back the private key this call created, so a retry can.
                TryDelete(path);
            }

            throw new IdentityException($"The key cannot be written to {path} ({ex.Message}). Give a path where no key exists yet.", ex);
        }
        finally
        {
            TryDelete(privateTemp);
            TryDelete(publicTemp);
        }
    }

    private static string TemporaryBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary file that cannot be removed is left behind; the key itself is whole or absent.
        }
    }

    /// <summary>Reads an OpenSSH private key file.</summary>
    /// <param name="path">The file, e.g. <c>~/.ssh/id_ed25519</c>; a path ending in <c>.pub</c> is taken without it, as git does.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The key.</returns>
    /// <exception cref="IdentityException">The file is missing, not an OpenSSH private key, passphrase-protected or not Ed25519.</exception>
    public static async Task<SshSigningKey> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = path.EndsWith(".pub", StringComparison.Ordinal) ? path[..^4] : path;
        string text;
        try
        {
            var info = new FileInfo(file);
            if (info.Exists && info.Length > 64 * 1024)
            {
                throw new IdentityException($"{file} is {info.Length} bytes, too large for an SSH private key.");
            }

            text = await LocalFile.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException($"The signing key {file} cannot be read ({ex.Message}). Point the signing key setting at an OpenSSH private key file.", ex);
        }

        return Parse(text, file);
    }

    /// <summary>Reads the text of an OpenSSH private key file.</summary>
    /// <param name="text">The armored key (<c>-----BEGIN OPENSSH PRIVATE KEY-----</c>…).</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The key.</returns>
    /// <exception cref="IdentityException">Not an unencrypted Ed25519 OpenSSH private key.</exception>
    public static SshSigningKey Parse(string text, string source = "the key")
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf(Armor, StringComparison.Ordinal);
        var end = text.IndexOf(ArmorEnd, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new IdentityException($"{source} is not an OpenSSH private key (no '{Armor}' block). Create one with ssh-keygen -t ed25519.");
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(text[(start + Armor.Length)..end].Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim());
        }
        catch (FormatException ex)
        {
            throw new IdentityException($"{source} is not an OpenSSH private key (its body is not base64).", ex);
        }

        return FromBytes(data, source);
    }

    /// <summary>Signs <paramref name="message"/> as <c>ssh-keygen -Y sign -n <paramref name="signatureNamespace"/></c> does.</summary>
    /// <param name="message">The bytes to sign (for a git commit: the commit object without its signature header).</param>
    /// <param name="signatureNamespace">The SSHSIG namespace; git uses <c>git</c>.</param>
    /// <returns>The armored signature (<c>-----BEGIN SSH SIGNATURE-----</c>…).</returns>
    public string Sign(ReadOnlySpan<byte> message, string signatureNamespace = SshSignature.GitNamespace)
    {
        var signedData = SshSignature.SignedData(message, signatureNamespace, SshSignature.DefaultHash);
        var raw = SignatureAlgorithm.Ed25519.Sign(_key, signedData);
        var signatureBlob = new SshWireWriter().WriteString("ssh-ed25519").WriteString(raw).ToArray();
        return SshSignature.Armor(PublicKey, signatureNamespace, SshSignature.DefaultHash, signatureBlob);
    }

    /// <summary>Wipes the key.</summary>
    public void Dispose() => _key.Dispose();

    private static SshSigningKey FromBytes(byte[] data, string source)
    {
        var magic = Encoding.ASCII.GetBytes(Magic);
        if (data.Length < magic.Length || !data.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            throw new IdentityException($"{source} is not in the OpenSSH private key format (openssh-key-v1).");
        }

        var reader = new SshWireReader(data.AsSpan(magic.Length));
        if (!reader.TryReadText(out var cipher) || !reader.TryReadText(out var kdf) || !reader.TryReadString(out _) || !reader.TryReadUInt32(out var count))
        {
            throw Malformed(source);
        }

        if (cipher != "none" || kdf != "none")
        {
            throw new IdentityException($"{source} is protected by a passphrase ({cipher}/{kdf}); this SDK signs only with unencrypted keys. Use a key without passphrase kept readable only by you (ssh-keygen -t ed25519 -N \"\"), or sign with git itself.");
        }

        if (count != 1 || !reader.TryReadString(out var publicBlob) || !reader.TryReadString(out var privateSection))
        {
            throw Malformed(source);
        }

        var publicKey = SshPublicKey.TryFromBlob(publicBlob, null, out var parsed, out var problem) ? parsed : throw new IdentityException($"{source}: {problem}.");
        if (publicKey.Algorithm != SshKeyAlgorithm.Ed25519)
        {
            throw new IdentityException($"{source} is a {publicKey.Type} key; this SDK signs only with Ed25519 keys (it verifies {publicKey.Type} signatures). Create one with ssh-keygen -t ed25519.");
        }

        var section = new SshWireReader(privateSection);
        if (!section.TryReadUInt32(out var check1) || !section.TryReadUInt32(out var check2) || check1 != check2
            || !section.TryReadText(out var type) || type != "ssh-ed25519"
            || !section.TryReadString(out var point) || point.Length != 32
            || !section.TryReadString(out var secret) || secret.Length != 64
            || !section.TryReadText(out var comment))
        {
            throw Malformed(source);
        }

        if (!secret[32..].SequenceEqual(point))
        {
            throw Malformed(source);
        }

        var key = Key.Import(SignatureAlgorithm.Ed25519, secret[..32], KeyBlobFormat.RawPrivateKey);
        var derived = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        if (!derived.AsSpan().SequenceEqual(point))
        {
            key.Dispose();
            throw Malformed(source);
        }

        return new SshSigningKey(key, SshPublicKey.FromBlob(publicBlob, comment.Length == 0 ? null : comment));
    }

    private static IdentityException Malformed(string source) => new($"{source} is a malformed OpenSSH private key.");
}
