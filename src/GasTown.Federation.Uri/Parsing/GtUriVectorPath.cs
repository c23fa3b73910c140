using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace GasTown.Federation.Parsing;

/// <summary>
/// The SIMD fast path for URIs whose part after the scheme fits in 63 characters (nearly all of them). The characters
/// are classified with vector compares into 64-bit masks (one bit per character: slash, dot, hyphen, '@', letter or
/// digit, upper case, '_', '+'); the grammar is then checked with shifts and ANDs on those masks, without a branch per
/// rule: a doubled dot is <c>dot &amp; (dot &gt;&gt; 1)</c>, a label that starts with a hyphen is
/// <c>dot &amp; (hyphen &gt;&gt; 1)</c>, and every violated rule sets a bit of one <c>bad</c> mask. Like
/// <see cref="GtUriFastPath"/> it reports no errors and accepts a subset of what <see cref="PartValidator"/> accepts;
/// a property test holds the two to the same layout.
/// </summary>
internal static class GtUriVectorPath
{
    /// <summary>
    /// The longest input (after the scheme) this path handles: one 64-bit mask, with one bit to spare just past the end
    /// (so a '/' at the end is seen as starting an empty segment, and the work id has an end marker).
    /// </summary>
    public const int MaxLength = 63;

    /// <summary>Whether the hardware runs this path (256-bit vectors); otherwise the scalar fast path runs.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>Reads the layout of <paramref name="s"/> after the scheme, or returns false to defer to the precise path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<char> s, int start, out UriLayout layout)
    {
        layout = default;
        var rest = s[start..];
        var m = rest.Length;
        if ((uint)(m - 1) >= MaxLength)
        {
            return false;
        }

        ulong slash, dot, hyphen, at, alnum, upper, underscore, plus;
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported)
        {
            Classify512(rest, out slash, out dot, out hyphen, out at, out alnum, out upper, out underscore, out plus);
        }
        else if (!TryClassifyNarrowed(rest, out slash, out dot, out hyphen, out at, out alnum, out upper, out underscore, out plus))
        {
            return false;
        }

        // Lanes past the input read as 0, which is in no class: every mask holds bits [0, m) only, and bit m is free.
        // The rules are checked in an order that lets each class mask die early (fewer registers live at once).
        var all = LowBits(m);
        var end = all + 1;
        var bad = all & ~(alnum | slash | dot | hyphen | at | underscore | plus);

        // Segments start with a letter or digit (so none is empty, '.' or '..', and a '/' at the end starts an "empty"
        // segment at bit m); at most three follow the entity.
        var afterFirst = slash & (slash - 1);
        var afterSecond = afterFirst & (afterFirst - 1);
        bad |= ((slash << 1) & ~alnum) | (afterSecond & (afterSecond - 1));

        // The entity is [0, e): up to the first '/', or everything.
        var e = BitOperations.TrailingZeroCount(slash | end);
        var entity = LowBits(e);
        var entityLast = entity ^ (entity >> 1);
        var upperInEntity = upper & entity;

        // Not first: '/' (empty entity), '.' (local part or domain) or '@' (empty local part). '@' and '+' only in the
        // entity, one '@' at most, not last (empty domain), no '.' just before it.
        bad |= ((slash | dot | at) & 1) | ((at | plus) & ~entity) | (at & (at - 1)) | (at & entityLast) | ((dot << 1) & at);

        // The domain: after the '@' (if any) to the end of the entity. Letters, digits and '-' in dot-separated labels,
        // none empty or starting or ending with '-'. No label can pass 63 characters in 63.
        var dotOrHyphen = dot | hyphen;
        var domain = at == 0 ? entity : entity & ~(at ^ (at - 1));
        bad |= ((underscore | plus) & domain) | (dotOrHyphen & ((domain & (0 - domain)) | entityLast));

        // The work id: the last segment when there are two or more. A '-' after its prefix (the first of its '.' and
        // '-' is a '-': the end marker counts as a '.' when there is none), not ending in '-' or '.'. Chain and rig
        // names need nothing more: only name characters are left outside the entity, and no segment can pass its limit
        // in 63 characters.
        var workId = all & ~(ulong.MaxValue >> BitOperations.LeadingZeroCount(afterFirst));
        var marker = workId + (workId & (0 - workId));
        var firstPunctuation = (dotOrHyphen & workId) | marker;
        bad |= (firstPunctuation & (0 - firstPunctuation) & ~hyphen) | (dotOrHyphen & workId & (end >> 1));

        // Pairs: no '..' in the entity or the work id; no '.-' or '-.' in the domain or the work id.
        var doubled = dot & (dot >> 1);
        var dotHyphen = (dot & (hyphen >> 1)) | (hyphen & (dot >> 1));
        bad |= (doubled & (entity | workId)) | (dotHyphen & (domain | workId));
        if (bad != 0)
        {
            return false;
        }

        var kind = slash == 0 ? GtUriKind.Entity : afterFirst == 0 ? GtUriKind.Chain : GtUriKind.WorkUnit;
        layout = new UriLayout(
            start + e,
            at == 0 ? -1 : start + BitOperations.TrailingZeroCount(at),
            upperInEntity != 0,
            slash == 0 ? 0 : start + BitOperations.TrailingZeroCount(afterFirst | end),
            afterSecond == 0 ? 0 : start + BitOperations.TrailingZeroCount(afterSecond),
            kind);
        return true;
    }

    /// <summary>
    /// With AVX-512: two masked loads of 32 UTF-16 characters (lanes past the input read as 0 and, being masked off,
    /// never fault, so a span at the very end of readable memory is safe), narrowed with saturation to 64 bytes (a
    /// non-ASCII character becomes a byte of 0x80 or more, which is in no class), then one compare per class.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Classify512(
        ReadOnlySpan<char> rest, out ulong slash, out ulong dot, out ulong hyphen, out ulong at, out ulong alnum, out ulong upper, out ulong underscore, out ulong plus)
    {
        var length = Vector512.Create((ushort)rest.Length);
        var lowMask = Vector512.LessThan(Vector512<ushort>.Indices, length);
        var highMask = Vector512.LessThan(Vector512<ushort>.Indices + Vector512.Create((ushort)32), length);
        Vector512<byte> v;
        fixed (char* p = rest)
        {
            var low = Avx512BW.MaskLoad((ushort*)p, lowMask, Vector512<ushort>.Zero);
            var high = Avx512BW.MaskLoad((ushort*)p + 32, highMask, Vector512<ushort>.Zero);
            v = Avx512BW.ConvertToVector256ByteWithSaturation(low).ToVector512Unsafe().WithUpper(Avx512BW.ConvertToVector256ByteWithSaturation(high));
        }

        // Unsigned range checks: c - 'A' <= 25 and so on; (c | 0x20) folds upper case onto lower case.
        upper = Vector512.LessThanOrEqual(v - Vector512.Create((byte)'A'), Vector512.Create((byte)25)).ExtractMostSignificantBits();
        var letter = Vector512.LessThanOrEqual((v | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a'), Vector512.Create((byte)25)).ExtractMostSignificantBits();
        var digit = Vector512.LessThanOrEqual(v - Vector512.Create((byte)'0'), Vector512.Create((byte)9)).ExtractMostSignificantBits();
        alnum = letter | digit;
        slash = Vector512.Equals(v, Vector512.Create((byte)'/')).ExtractMostSignificantBits();
        dot = Vector512.Equals(v, Vector512.Create((byte)'.')).ExtractMostSignificantBits();
        hyphen = Vector512.Equals(v, Vector512.Create((byte)'-')).ExtractMostSignificantBits();
        at = Vector512.Equals(v, Vector512.Create((byte)'@')).ExtractMostSignificantBits();
        underscore = Vector512.Equals(v, Vector512.Create((byte)'_')).ExtractMostSignificantBits();
        plus = Vector512.Equals(v, Vector512.Create((byte)'+')).ExtractMostSignificantBits();
    }

    /// <summary>Without AVX-512: narrow to ASCII bytes (rejecting anything else) and classify 32 bytes per 256-bit vector.</summary>
    private static bool TryClassifyNarrowed(
        ReadOnlySpan<char> rest, out ulong slash, out ulong dot, out ulong hyphen, out ulong at, out ulong alnum, out ulong upper, out ulong underscore, out ulong plus)
    {
        slash = dot = hyphen = at = alnum = upper = underscore = plus = 0;
        // Two whole 256-bit vectors (64 bytes, one more than MaxLength): the second load reads bytes 32 to 63, and every
        // byte past the input must be a cleared 0 of this buffer, never whatever lies beyond it.
        Span<byte> buffer = stackalloc byte[2 * 32];
        buffer.Clear();
        if (Ascii.FromUtf16(rest, buffer, out _) != OperationStatus.Done)
        {
            return false;
        }

        for (var block = 0; block * 32 < rest.Length; block++)
        {
            var v = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(buffer), (nuint)(block * 32));
            var isUpper = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'A'), Vector256.Create((byte)25));
            var isLetter = Vector256.LessThanOrEqual((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
            var isDigit = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9));

            var shift = block * 32;
            slash |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'/')).ExtractMostSignificantBits() << shift;
            dot |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'.')).ExtractMostSignificantBits() << shift;
            hyphen |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'-')).ExtractMostSignificantBits() << shift;
            at |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'@')).ExtractMostSignificantBits() << shift;
            underscore |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'_')).ExtractMostSignificantBits() << shift;
            plus |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'+')).ExtractMostSignificantBits() << shift;
            alnum |= (ulong)(isLetter | isDigit).ExtractMostSignificantBits() << shift;
            upper |= (ulong)isUpper.ExtractMostSignificantBits() << shift;
        }

        return true;
    }

    /// <summary>Bits [0, n) for n from 0 to 64 (one BZHI where the hardware has it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LowBits(int n)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ZeroHighBits(ulong.MaxValue, (ulong)n);
        }

        return n >= 64 ? ulong.MaxValue : (1UL << n) - 1;
    }
}
