namespace GasTown.Federation.Model;

/// <summary>
/// The 32 bits a <see cref="BeadsTimestamp"/> keeps beside its UTC ticks: the offset, the sub-100 ns part, and how the
/// text was spelled when it is not Go's RFC3339Nano (all zero for every timestamp Go writes).
/// </summary>
internal static class TimestampMeta
{
    // bits 0–11 offset minutes (signed), 12–18 sub-tick ns, 19 "+00:00" instead of Z,
    // 20 explicit digit count, 21–24 fraction digits, 25 't', 26 ' ', 27 'z', 28 "-00:00", 29 ','.
    public const int NumericZeroOffset = 1 << 19;
    public const int ExplicitDigits = 1 << 20;
    public const int LowerT = 1 << 25;
    public const int SpaceSeparator = 1 << 26;
    public const int LowerZ = 1 << 27;
    public const int NegativeZeroOffset = 1 << 28;
    public const int CommaSeparator = 1 << 29;
    private const int NonCanonicalMask = ExplicitDigits | LowerT | SpaceSeparator | LowerZ | NegativeZeroOffset | CommaSeparator;

    public static int Create(int offsetMinutes, int subTick) => (offsetMinutes & 0xFFF) | (subTick << 12);

    public static int WithDigits(int meta, int digits) => meta | ExplicitDigits | (digits << 21);

    public static int OffsetMinutes(int meta) => (meta << 20) >> 20;

    public static int SubTick(int meta) => (meta >> 12) & 0x7F;

    public static int Digits(int meta) => (meta >> 21) & 0xF;

    public static bool IsCanonical(int meta) => (meta & NonCanonicalMask) == 0;
}
