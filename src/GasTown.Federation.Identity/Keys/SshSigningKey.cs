using System.Text;
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

            text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
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
