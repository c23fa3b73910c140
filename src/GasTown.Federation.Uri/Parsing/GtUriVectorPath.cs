using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Runtime.Intrinsics;

namespace GasTown.Federation.Parsing;

/// <summary>
/// The SIMD fast path for URIs whose part after the scheme fits in 64 characters (nearly all of them). Sixteen
/// characters at a time are classified with vector compares into 64-bit masks (one bit per character: slash, dot,
/// hyphen, '@', letter or digit, upper case, '_' or '+', '+', not in the alphabet); the grammar is then checked with
/// shifts and ANDs on those masks: a doubled dot is <c>dot &amp; (dot &gt;&gt; 1)</c>, a label that starts with a hyphen
/// is <c>dot &amp; (hyphen &gt;&gt; 1)</c>, and so on. Like <see cref="GtUriFastPath"/> it reports no errors and accepts a
/// subset of what <see cref="PartValidator"/> accepts; a property test holds the two to the same layout.
/// </summary>
internal static class GtUriVectorPath
{
    /// <summary>The longest input (after the scheme) this path handles: one 64-bit mask.</summary>
    public const int MaxLength = 64;

    /// <summary>Below this length the scalar fast path is quicker (measured: about 12 ns against 22 ns for 11 characters).</summary>
    public const int MinUsefulLength = 24;

    /// <summary>Whether the hardware runs this path (256-bit vectors); otherwise the scalar fast path runs.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>Reads the layout of <paramref name="s"/> after the scheme, or returns false to defer to the precise path.</summary>
    public static bool TryRead(ReadOnlySpan<char> s, int start, out UriLayout layout)
    {
        layout = default;
        var rest = s[start..];
        var m = rest.Length;
        if (m == 0 || m > MaxLength)
        {
            return false;
        }

        ulong slash, dot, hyphen, at, alnum, upper, underscore, plus;
        if (Vector512.IsHardwareAccelerated && s.Length >= 32)
        {
            // Classify the UTF-16 text in place, 32 characters per register, with no copy: the first register starts at
            // the entity, the second ends at the end of the input and overlaps the first; the overlap agrees, so the
            // masks are simply ORed at their offsets. Inputs of 32 characters or fewer read the last 32 characters of
            // the whole string (scheme included) and shift the scheme out.
            var chars = MemoryMarshal.Cast<char, ushort>(s);
            ref var first = ref MemoryMarshal.GetReference(chars);
            var tail = Classify(Vector512.LoadUnsafe(ref first, (nuint)(s.Length - 32)));
            if (m > 32)
            {
                var head = Classify(Vector512.LoadUnsafe(ref first, (nuint)start));
                var shift = m - 32;
                slash = head.Slash | (tail.Slash << shift);
                dot = head.Dot | (tail.Dot << shift);
                hyphen = head.Hyphen | (tail.Hyphen << shift);
                at = head.At | (tail.At << shift);
                alnum = head.Alnum | (tail.Alnum << shift);
                upper = head.Upper | (tail.Upper << shift);
                underscore = head.Underscore | (tail.Underscore << shift);
                plus = head.Plus | (tail.Plus << shift);
            }
            else
            {
                var shift = 32 - m;
                slash = tail.Slash >> shift;
                dot = tail.Dot >> shift;
                hyphen = tail.Hyphen >> shift;
                at = tail.At >> shift;
                alnum = tail.Alnum >> shift;
                upper = tail.Upper >> shift;
                underscore = tail.Underscore >> shift;
                plus = tail.Plus >> shift;
            }
        }
        else if (!TryClassifyNarrowed(rest, out slash, out dot, out hyphen, out at, out alnum, out upper, out underscore, out plus))
        {
            return false;
        }

        var underscoreOrPlus = underscore | plus;
        var valid = alnum | slash | dot | hyphen | at | underscoreOrPlus;
        var all = m == 64 ? ulong.MaxValue : (1UL << m) - 1;
        if ((valid & all) != all)
        {
            return false;
        }

        slash &= all;
        if (BitOperations.PopCount(slash) > 3)
        {
            return false;
        }

        // The entity: [0, e).
        var e = slash == 0 ? m : BitOperations.TrailingZeroCount(slash);
        var entityMask = Range(0, e);
        if (e == 0 || (at & ~entityMask & all) != 0 || (plus & ~entityMask & all) != 0 || BitOperations.PopCount(at) > 1)
        {
            return false;
        }

        var domainStart = 0;
        if (at != 0)
        {
            var a = BitOperations.TrailingZeroCount(at);
            var local = Range(0, a);
            if (a == 0 || a > GtUriLimits.MaxLocalPartLength || (dot & 1) != 0 || ((dot >> (a - 1)) & 1) != 0
                || (dot & (dot >> 1) & local) != 0)
            {
                return false;
            }

            domainStart = a + 1;
        }

        var domain = Range(domainStart, e);
        var domainInner = domain & (domain >> 1);
        var domainLength = e - domainStart;
        if (domainLength == 0 || domainLength > GtUriLimits.MaxLabelLength && (dot & domain) == 0
            || (underscoreOrPlus & domain) != 0
            || (((dot | hyphen) >> domainStart) & 1) != 0
            || (((dot | hyphen) >> (e - 1)) & 1) != 0
            || (domainInner & ((dot & (dot >> 1)) | (dot & (hyphen >> 1)) | (hyphen & (dot >> 1)))) != 0)
        {
            return false;
        }

        // Labels of 64 characters can only occur in a domain of 64 or more; m <= 64 leaves only the no-dot case above.
        var hasUpper = (upper & entityMask) != 0;
        var atInInput = at == 0 ? -1 : start + BitOperations.TrailingZeroCount(at);
        var entityEnd = start + e;
        if (slash == 0)
        {
            layout = new UriLayout(entityEnd, atInInput, hasUpper, 0, 0, GtUriKind.Entity);
            return true;
        }

        // Segments after the entity.
        var rest1 = slash & (slash - 1);
        var b1 = e;
        var b2 = rest1 == 0 ? m : BitOperations.TrailingZeroCount(rest1);
        var rest2 = rest1 & (rest1 - 1);
        var b3 = rest2 == 0 ? m : BitOperations.TrailingZeroCount(rest2);
        var b4 = m;

        if (!IsName(b1 + 1, b2, alnum))
        {
            return false;
        }

        if (rest1 == 0)
        {
            layout = new UriLayout(entityEnd, atInInput, hasUpper, start + b2, 0, GtUriKind.Chain);
            return true;
        }

        if (rest2 == 0)
        {
            layout = new UriLayout(entityEnd, atInInput, hasUpper, start + b2, 0, GtUriKind.WorkUnit);
            return IsWorkId(b2 + 1, b3, alnum, dot, hyphen);
        }

        layout = new UriLayout(entityEnd, atInInput, hasUpper, start + b2, start + b3, GtUriKind.WorkUnit);
        return IsName(b2 + 1, b3, alnum) && IsWorkId(b3 + 1, b4, alnum, dot, hyphen);
    }

    /// <summary>The class masks of 32 UTF-16 characters (bits 0–31).</summary>
    private readonly record struct Masks(ulong Slash, ulong Dot, ulong Hyphen, ulong At, ulong Alnum, ulong Upper, ulong Underscore, ulong Plus);

    private static Masks Classify(Vector512<ushort> v)
    {
        // Unsigned range checks: v - 'A' <= 25 and so on; a non-ASCII character matches no class and is caught as invalid.
        var isUpper = Vector512.LessThanOrEqual(v - Vector512.Create((ushort)'A'), Vector512.Create((ushort)25));
        var isLower = Vector512.LessThanOrEqual(v - Vector512.Create((ushort)'a'), Vector512.Create((ushort)25));
        var isDigit = Vector512.LessThanOrEqual(v - Vector512.Create((ushort)'0'), Vector512.Create((ushort)9));
        return new Masks(
            Vector512.Equals(v, Vector512.Create((ushort)'/')).ExtractMostSignificantBits(),
            Vector512.Equals(v, Vector512.Create((ushort)'.')).ExtractMostSignificantBits(),
            Vector512.Equals(v, Vector512.Create((ushort)'-')).ExtractMostSignificantBits(),
            Vector512.Equals(v, Vector512.Create((ushort)'@')).ExtractMostSignificantBits(),
            (isUpper | isLower | isDigit).ExtractMostSignificantBits(),
            isUpper.ExtractMostSignificantBits(),
            Vector512.Equals(v, Vector512.Create((ushort)'_')).ExtractMostSignificantBits(),
            Vector512.Equals(v, Vector512.Create((ushort)'+')).ExtractMostSignificantBits());
    }

    /// <summary>Without 512-bit vectors: narrow to ASCII bytes (rejecting anything else) and classify 32 bytes per 256-bit vector.</summary>
    private static bool TryClassifyNarrowed(
        ReadOnlySpan<char> rest, out ulong slash, out ulong dot, out ulong hyphen, out ulong at, out ulong alnum, out ulong upper, out ulong underscore, out ulong plus)
    {
        slash = dot = hyphen = at = alnum = upper = underscore = plus = 0;
        Span<byte> buffer = stackalloc byte[MaxLength];
        buffer.Clear();
        if (Ascii.FromUtf16(rest, buffer, out _) != OperationStatus.Done)
        {
            return false;
        }

        for (var block = 0; block * 32 < rest.Length; block++)
        {
            var v = Vector256.LoadUnsafe(ref buffer[0], (nuint)(block * 32));
            var isUpper = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'A'), Vector256.Create((byte)25));
            var isLower = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
            var isDigit = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9));

            var shift = block * 32;
            slash |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'/')).ExtractMostSignificantBits() << shift;
            dot |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'.')).ExtractMostSignificantBits() << shift;
            hyphen |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'-')).ExtractMostSignificantBits() << shift;
            at |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'@')).ExtractMostSignificantBits() << shift;
            underscore |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'_')).ExtractMostSignificantBits() << shift;
            plus |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'+')).ExtractMostSignificantBits() << shift;
            alnum |= (ulong)(isUpper | isLower | isDigit).ExtractMostSignificantBits() << shift;
            upper |= (ulong)isUpper.ExtractMostSignificantBits() << shift;
        }

        return true;
    }

    /// <summary>Bits [from, to).</summary>
    private static ulong Range(int from, int to)
    {
        if (to <= from)
        {
            return 0;
        }

        var upTo = to == 64 ? ulong.MaxValue : (1UL << to) - 1;
        return upTo & ~((1UL << from) - 1);
    }

    // Characters are already known to be letters, digits, '.', '_', '-' (no '+' or '@' outside the entity, no '/').
    private static bool IsName(int from, int to, ulong alnum) => to > from && ((alnum >> from) & 1) != 0;

    private static bool IsWorkId(int from, int to, ulong alnum, ulong dot, ulong hyphen)
    {
        if (!IsName(from, to, alnum))
        {
            return false;
        }

        var segment = Range(from, to);
        var hyphens = hyphen & segment;
        if (hyphens == 0 || (((dot | hyphen) >> (to - 1)) & 1) != 0)
        {
            return false;
        }

        var beforeHyphen = Range(from, BitOperations.TrailingZeroCount(hyphens));
        var inner = segment & (segment >> 1);
        return (dot & beforeHyphen) == 0
               && (inner & ((dot & (dot >> 1)) | (dot & (hyphen >> 1)) | (hyphen & (dot >> 1)))) == 0;
    }
}
