using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using GasTown.Federation.Model;
using NSec.Cryptography;

namespace GasTown.Federation.Identity;

/// <summary>
/// An SSH public key, as in <c>authorized_keys</c> and git's allowed-signers files (<c>ssh-ed25519 AAAA… comment</c>).
/// Two keys are equal when their key blobs are; the comment is only a label.
/// </summary>
public sealed class SshPublicKey : IEquatable<SshPublicKey>
{
    // Keys arrive from remote documents: a line longer than this is not a key this SDK reads (RSA 16384 is ~2.8 KB).
    private const int MaxLineLength = 8192;

    private readonly byte[] _blob;

    private SshPublicKey(string type, byte[] blob, string? comment)
    {
        Type = type;
        _blob = blob;
        Comment = comment;
        Fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
    }

    /// <summary>The key type as SSH names it, e.g. <c>ssh-ed25519</c>.</summary>
    public string Type { get; }

    /// <summary>The algorithm family.</summary>
    public SshKeyAlgorithm Algorithm => Type switch
    {
        "ssh-ed25519" => SshKeyAlgorithm.Ed25519,
        "ssh-rsa" => SshKeyAlgorithm.Rsa,
        _ => SshKeyAlgorithm.Ecdsa,
    };

    /// <summary>The comment after the key, or null.</summary>
    public string? Comment { get; }

    /// <summary>The fingerprint as <c>ssh-keygen -l</c> prints it: <c>SHA256:</c> and the unpadded base64 of the blob's SHA-256.</summary>
    public string Fingerprint { get; }

    /// <summary>The key in SSH wire format (what <c>authorized_keys</c> holds in base64).</summary>
    public ReadOnlyMemory<byte> Blob => _blob;

    /// <summary>Reads a key line: type, base64 blob and an optional comment.</summary>
    /// <param name="text">The line, e.g. the contents of <c>id_ed25519.pub</c>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="IdentityException">The text is not a public key of a supported type.</exception>
    public static SshPublicKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var key, out var problem) ? key : throw new IdentityException($"Not an SSH public key ({problem}): '{Shorten(text)}'. Give a line such as the contents of ~/.ssh/id_ed25519.pub.");
    }

    /// <summary>Tries to read a key line.</summary>
    /// <param name="text">The line.</param>
    /// <param name="key">The key, when read.</param>
    /// <param name="problem">What was wrong, when not.</param>
    /// <returns>Whether the line is a supported public key.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLineLength)
        {
            problem = text is null || text.Length <= MaxLineLength ? "empty" : $"longer than {MaxLineLength} characters";
            return false;
        }

        var parts = text.Trim().Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            problem = "expected a key type and a base64 key";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            problem = "the key is not base64";
            return false;
        }

        if (!TryFromBlob(blob, parts.Length > 2 ? parts[2].Trim() : null, out key, out problem))
        {
            return false;
        }

        if (!string.Equals(key.Type, parts[0], StringComparison.Ordinal))
        {
            problem = $"the line says {Shorten(parts[0])} but the key is {key.Type}";
            key = null;
            return false;
        }

        return true;
    }

    /// <summary>Reads a key from its SSH wire format.</summary>
    /// <param name="blob">The blob.</param>
    /// <param name="comment">A comment to keep, or null.</param>
    /// <returns>The key.</returns>
    /// <exception cref="IdentityException">The blob is not a supported public key.</exception>
    public static SshPublicKey FromBlob(ReadOnlySpan<byte> blob, string? comment = null)
        => TryFromBlob(blob, comment, out var key, out var problem) ? key : throw new IdentityException($"Not an SSH public key: {problem}.");

    internal static bool TryFromBlob(ReadOnlySpan<byte> blob, string? comment, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        var reader = new SshWireReader(blob);
        if (!reader.TryReadText(out var type))
        {
            problem = "the key blob is truncated";
            return false;
        }

        var ok = type switch
        {
            "ssh-ed25519" => reader.TryReadString(out var point) && point.Length == 32 && reader.AtEnd,
            // An empty exponent is no number: .NET's RSA import indexes into it and throws IndexOutOfRangeException.
            "ssh-rsa" => reader.TryReadString(out var exponent) && exponent.Length > 0 && reader.TryReadString(out var modulus) && modulus.Length is > 0 and <= 2049 && reader.AtEnd,
            "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521" =>
                reader.TryReadText(out var curve) && type.EndsWith(curve, StringComparison.Ordinal) && reader.TryReadString(out var q) && q.Length > 1 && q[0] == 4 && reader.AtEnd,
            _ => false,
        };
        if (!ok)
        {
            problem = type is "ssh-ed25519" or "ssh-rsa" or "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521"
                ? $"the {type} key blob is malformed"
                : $"key type '{Shorten(type)}' is not supported (ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa are)";
            return false;
        }

        key = new SshPublicKey(type, blob.ToArray(), string.IsNullOrEmpty(comment) ? null : comment);
        problem = null;
        return true;
    }

    /// <summary>Checks a raw SSH signature blob (<c>string type, string signature</c>) over <paramref name="data"/> with this key.</summary>
    /// <param name="data">What was signed.</param>
    /// <param name="signatureBlob">The signature in SSH wire format.</param>
    /// <returns>Whether it verifies.</returns>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob)
    {
        var reader = new SshWireReader(signatureBlob);
        if (!reader.TryReadText(out var signatureType) || !reader.TryReadString(out var signature) || !reader.AtEnd)
        {
            return false;
        }

        var key = new SshWireReader(_blob);
        key.TryReadText(out _);
        try
        {
            switch (Type)
            {
                case "ssh-ed25519":
                    key.TryReadString(out var point);
                    return signatureType == "ssh-ed25519" && signature.Length == 64
                        && NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, point, KeyBlobFormat.RawPublicKey, out var publicKey)
                        && SignatureAlgorithm.Ed25519.Verify(publicKey!, data, signature);
                case "ssh-rsa":
                    {
                        key.TryReadString(out var exponent);
                        key.TryReadString(out var modulus);
                        var hash = signatureType switch
                        {
                            "rsa-sha2-512" => HashAlgorithmName.SHA512,
                            "rsa-sha2-256" => HashAlgorithmName.SHA256,
                            _ => default,
                        };
                        if (hash == default)
                        {
                            return false; // ssh-rsa (SHA-1) signatures are not accepted, as OpenSSH no longer does.
                        }

                        using var rsa = RSA.Create(new RSAParameters { Exponent = TrimZero(exponent), Modulus = TrimZero(modulus) });
                        return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
                    }

                default:
                    return VerifyEcdsa(ref key, signatureType, signature, data);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The key as one <c>authorized_keys</c> line: type, base64 and the comment when there is one.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Comment is null ? ToKeyString() : $"{ToKeyString()} {Comment}";

    /// <summary>The key without its comment: <c>type base64</c>, the form allowed-signers files and git config compare.</summary>
    /// <returns>The key text.</returns>
    public string ToKeyString() => $"{Type} {Convert.ToBase64String(_blob)}";

    /// <inheritdoc/>
    public bool Equals(SshPublicKey? other) => other is not null && _blob.AsSpan().SequenceEqual(other._blob);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SshPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => Fingerprint.GetHashCode(StringComparison.Ordinal);

    private bool VerifyEcdsa(ref SshWireReader key, string signatureType, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
    {
        if (!string.Equals(signatureType, Type, StringComparison.Ordinal))
        {
            return false;
        }

        key.TryReadText(out var curveName);
        key.TryReadString(out var q);
        var (curve, hash, size) = curveName switch
        {
            "nistp256" => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32),
            "nistp384" => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48),
            _ => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512, 66),
        };
        if (q.Length != 1 + (2 * size))
        {
            return false;
        }

        // The SSH signature is (mpint r, mpint s); .NET wants them fixed-size and concatenated (IEEE P1363).
        var parts = new SshWireReader(signature);
        if (!parts.TryReadString(out var r) || !parts.TryReadString(out var s) || !parts.AtEnd)
        {
            return false;
        }

        var fixedSignature = new byte[2 * size];
        if (!CopyFixed(r, fixedSignature.AsSpan(0, size)) || !CopyFixed(s, fixedSignature.AsSpan(size, size)))
        {
            return false;
        }

        using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = q.Slice(1, size).ToArray(), Y = q.Slice(1 + size, size).ToArray() } });
        return ecdsa.VerifyData(data, fixedSignature, hash);
    }

    private static bool CopyFixed(ReadOnlySpan<byte> mpint, Span<byte> destination)
    {
        var trimmed = mpint;
        while (trimmed.Length > 0 && trimmed[0] == 0)
        {
            trimmed = trimmed[1..];
        }

        if (trimmed.Length > destination.Length)
        {
            return false;
        }

        trimmed.CopyTo(destination[(destination.Length - trimmed.Length)..]);
        return true;
    }

    private static byte[] TrimZero(ReadOnlySpan<byte> mpint)
    {
        var trimmed = mpint;
        while (trimmed.Length > 1 && trimmed[0] == 0)
        {
            trimmed = trimmed[1..];
        }

        return trimmed.ToArray();
    }

    // A key line or blob may come from someone else's document or signature: its text is shown printable, not as it is.
    private static string Shorten(string text) => MessageText.Printable(text, 40);
}
