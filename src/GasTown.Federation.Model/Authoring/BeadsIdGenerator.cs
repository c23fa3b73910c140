using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// Work ids made the way <c>bd create</c> makes them (beads fbcee6c6: <c>internal/idgen/hash.go</c>
/// <c>GenerateHashID</c>, <c>internal/storage/issueops/helpers.go</c> <c>GenerateIssueIDInTable</c> and
/// <c>ComputeAdaptiveLength</c>; children from <c>issueops/child_id.go</c>).
/// </summary>
/// <remarks>
/// <para>
/// An id is <c>&lt;prefix&gt;-&lt;hash&gt;</c>: SHA-256 of <c>title|description|creator|created-at-unix-nanos|nonce</c>,
/// the first bytes of it in base 36 (0-9a-z), at a length chosen by the birthday bound so that the chance of a
/// collision among the rig's top-level ids stays at or below 25% (3 characters up to 8). On a collision the nonce
/// goes 0–9, then the length grows by one, up to 8.
/// </para>
/// <para>A child of <c>P</c> is <c>P.N</c>, N one more than the largest direct child number in use (depth 3 at most).</para>
/// </remarks>
internal static class BeadsIdGenerator
{
    /// <summary>Upstream's <c>MaxCollisionProbability</c>.</summary>
    public const double MaxCollisionProbability = 0.25;

    /// <summary>Upstream's shortest hash.</summary>
    public const int MinLength = 3;

    /// <summary>Upstream's longest hash.</summary>
    public const int MaxLength = 8;

    /// <summary>Upstream's <c>MaxHierarchyDepth</c>.</summary>
    public const int MaxHierarchyDepth = 3;

    private const string Base36Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>A new top-level id for <paramref name="prefix"/> (without its trailing <c>-</c>) that <paramref name="exists"/> does not know.</summary>
    public static string NewId(string prefix, string title, string? description, string creator, DateTimeOffset createdAt, int topLevelCount, Func<string, bool> exists)
    {
        var baseLength = ComputeAdaptiveLength(topLevelCount);
        for (var length = baseLength; length <= MaxLength; length++)
        {
            for (var nonce = 0; nonce < 10; nonce++)
            {
                var candidate = GenerateHashId(prefix, title, description ?? string.Empty, creator, createdAt, length, nonce);
                if (!exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"No unique id after trying lengths {baseLength}-{MaxLength} with 10 nonces each.");
    }

    /// <summary>Go's <c>GenerateHashID</c>, byte for byte.</summary>
    public static string GenerateHashId(string prefix, string title, string description, string creator, DateTimeOffset timestamp, int length, int nonce)
    {
        var content = string.Create(CultureInfo.InvariantCulture, $"{title}|{description}|{creator}|{UnixNanoseconds(timestamp)}|{nonce}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(content));
        var numBytes = length switch
        {
            3 => 2,
            4 => 3,
            5 or 6 => 4,
            7 or 8 => 5,
            _ => 3,
        };
        return prefix + "-" + EncodeBase36(hash.AsSpan(0, numBytes), length);
    }

    /// <summary>Go's <c>EncodeBase36</c>: big-endian bytes in base 36, left-padded with zeros, keeping the last <paramref name="length"/> digits.</summary>
    public static string EncodeBase36(ReadOnlySpan<byte> data, int length)
    {
        var number = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        var digits = new StringBuilder();
        while (number > 0)
        {
            number = BigInteger.DivRem(number, 36, out var remainder);
            digits.Insert(0, Base36Alphabet[(int)remainder]);
        }

        var text = digits.ToString();
        if (text.Length < length)
        {
            text = new string('0', length - text.Length) + text;
        }

        return text.Length > length ? text[^length..] : text;
    }

    /// <summary>Go's <c>ComputeAdaptiveLength</c> with upstream's defaults.</summary>
    public static int ComputeAdaptiveLength(int issueCount)
    {
        for (var length = MinLength; length <= MaxLength; length++)
        {
            var possibilities = Math.Pow(36, length);
            var exponent = -(double)((long)issueCount * issueCount) / (2.0 * possibilities);
            if (1.0 - Math.Exp(exponent) <= MaxCollisionProbability)
            {
                return length;
            }
        }

        return MaxLength;
    }

    /// <summary>
    /// How many ids count toward the adaptive length: upstream's <c>id LIKE 'prefix-%'</c> with no <c>.</c> after the
    /// prefix (children do not count).
    /// </summary>
    public static int CountTopLevel(IEnumerable<string> ids, string prefix)
    {
        var start = prefix + "-";
        var count = 0;
        foreach (var id in ids)
        {
            if (id.StartsWith(start, StringComparison.Ordinal) && id.IndexOf('.', start.Length) < 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The next child id of <paramref name="parentId"/>: one more than the largest direct child number in use.</summary>
    public static string NextChildId(string parentId, IEnumerable<string> ids)
    {
        var last = 0;
        var start = parentId + ".";
        foreach (var id in ids)
        {
            if (id.StartsWith(start, StringComparison.Ordinal)
                && int.TryParse(id.AsSpan(start.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && number > last)
            {
                last = number;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{parentId}.{last + 1}");
    }

    /// <summary>How deep an id is in a hierarchy: the number of dots.</summary>
    public static int Depth(string id) => id.AsSpan().Count('.');

    // Go's time.UnixNano(); DateTimeOffset holds 100 ns ticks.
    private static long UnixNanoseconds(DateTimeOffset timestamp) => (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
