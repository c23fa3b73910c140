using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Identity;

/// <summary>
/// An SSH signature in OpenSSH's SSHSIG format (PROTOCOL.sshsig), as <c>ssh-keygen -Y sign</c> writes it and git
/// stores it in a commit's <c>gpgsig</c> header when <c>gpg.format=ssh</c>: the signer's public key, a namespace
/// (<c>git</c> for commits) and a signature over the SHA-512 (or SHA-256) of the message.
/// </summary>
public sealed class SshSignature
{
    /// <summary>The namespace git signs commits and tags in.</summary>
    public const string GitNamespace = "git";

    /// <summary>The armor's first line.</summary>
    public const string BeginMarker = "-----BEGIN SSH SIGNATURE-----";

    private const string EndMarker = "-----END SSH SIGNATURE-----";
    private const string Magic = "SSHSIG";
    internal const string DefaultHash = "sha512";

    // A signature with an RSA-16384 key is ~4.5 KB armored; anything much larger is not a signature.
    private const int MaxArmoredLength = 16 * 1024;

    private readonly byte[] _signatureBlob;

    private SshSignature(SshPublicKey publicKey, string signatureNamespace, string hashAlgorithm, byte[] signatureBlob)
    {
        PublicKey = publicKey;
        Namespace = signatureNamespace;
        HashAlgorithm = hashAlgorithm;
        _signatureBlob = signatureBlob;
    }

    /// <summary>The key the signature claims to be made with (check it verifies, then that you trust the key).</summary>
    public SshPublicKey PublicKey { get; }

    /// <summary>The namespace signed in (<c>git</c> for commits).</summary>
    public string Namespace { get; }

    /// <summary>The message hash: <c>sha512</c> or <c>sha256</c>.</summary>
    public string HashAlgorithm { get; }

    /// <summary>Reads an armored signature.</summary>
    /// <param name="armored">The text from <c>-----BEGIN SSH SIGNATURE-----</c> to its end marker.</param>
    /// <param name="signature">The signature, when it is one.</param>
    /// <param name="problem">What is wrong with it, when not.</param>
    /// <returns>Whether the text is a well-formed SSHSIG signature with a supported key.</returns>
    public static bool TryParse(string? armored, [NotNullWhen(true)] out SshSignature? signature, [NotNullWhen(false)] out string? problem)
    {
        signature = null;
        if (string.IsNullOrWhiteSpace(armored))
        {
            problem = "there is no signature";
            return false;
        }

        if (armored.Length > MaxArmoredLength)
        {
            problem = $"the signature is longer than {MaxArmoredLength} characters";
            return false;
        }

        var start = armored.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = armored.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            problem = armored.Contains("BEGIN PGP SIGNATURE", StringComparison.Ordinal) ? "it is a PGP signature, not an SSH signature" : "it is not an SSH signature (no SSH SIGNATURE armor)";
            return false;
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(string.Concat(armored[(start + BeginMarker.Length)..end].Where(c => !char.IsWhiteSpace(c))));
        }
        catch (FormatException)
        {
            problem = "its body is not base64";
            return false;
        }

        var reader = new SshWireReader(data);
        if (!reader.TryReadBytes(Magic.Length, out var magic) || !magic.SequenceEqual("SSHSIG"u8)
            || !reader.TryReadUInt32(out var version) || version != 1
            || !reader.TryReadString(out var publicBlob)
            || !reader.TryReadText(out var ns)
            || !reader.TryReadString(out _)
            || !reader.TryReadText(out var hash)
            || !reader.TryReadString(out var signatureBlob)
            || !reader.AtEnd)
        {
            problem = "it is not a well-formed SSHSIG signature (version 1)";
            return false;
        }

        if (hash is not ("sha512" or "sha256"))
        {
            problem = $"its hash '{MessageText.Printable(hash)}' is not sha512 or sha256";
            return false;
        }

        if (!SshPublicKey.TryFromBlob(publicBlob, null, out var key, out problem))
        {
            return false;
        }

        signature = new SshSignature(key, ns, hash, signatureBlob.ToArray());
        return true;
    }

    /// <summary>
    /// Whether the signature is valid for <paramref name="message"/> in <paramref name="signatureNamespace"/>: made
    /// by <see cref="PublicKey"/> over exactly this message. Whether that key may sign is the caller's question.
    /// </summary>
    /// <param name="message">The signed bytes.</param>
    /// <param name="signatureNamespace">The namespace expected (<c>git</c> for commits).</param>
    /// <returns>Whether it verifies.</returns>
    public bool Verify(ReadOnlySpan<byte> message, string signatureNamespace = GitNamespace)
        => string.Equals(Namespace, signatureNamespace, StringComparison.Ordinal)
            && PublicKey.Verify(SignedData(message, signatureNamespace, HashAlgorithm), _signatureBlob);

    internal static byte[] SignedData(ReadOnlySpan<byte> message, string signatureNamespace, string hashAlgorithm)
    {
        var digest = hashAlgorithm == "sha256" ? SHA256.HashData(message) : SHA512.HashData(message);
        return new SshWireWriter()
            .WriteRaw("SSHSIG"u8)
            .WriteString(signatureNamespace)
            .WriteString([])
            .WriteString(hashAlgorithm)
            .WriteString(digest)
            .ToArray();
    }

    internal static string Armor(SshPublicKey key, string signatureNamespace, string hashAlgorithm, byte[] signatureBlob)
    {
        var blob = new SshWireWriter()
            .WriteRaw("SSHSIG"u8)
            .WriteUInt32(1)
            .WriteString(key.Blob.Span)
            .WriteString(signatureNamespace)
            .WriteString([])
            .WriteString(hashAlgorithm)
            .WriteString(signatureBlob)
            .ToArray();
        var base64 = Convert.ToBase64String(blob);
        var text = new StringBuilder(BeginMarker).Append('\n');

        // ssh-keygen wraps the body at 70 columns; git keeps the armor as is.
        for (var i = 0; i < base64.Length; i += 70)
        {
            text.Append(base64.AsSpan(i, Math.Min(70, base64.Length - i))).Append('\n');
        }

        return text.Append(EndMarker).Append('\n').ToString();
    }
}
