namespace GasTown.Federation.Model;

/// <summary>The type of a dependency edge (beads dependency <c>type</c>).</summary>
/// <remarks>An open set: values this SDK does not know are kept and written back unchanged. Comparison is ordinal.</remarks>
public readonly record struct DependencyType
{
    private readonly string? _value;

    /// <summary>Wraps a raw value as written in the file.</summary>
    /// <param name="value">The raw value; null is treated as empty.</param>
    public DependencyType(string? value) => _value = string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The raw value as written in the file; empty when the key was absent.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is empty (the key was absent).</summary>
    public bool IsEmpty => _value is null;

    /// <summary><c>blocks</c>: The issue cannot start until the target closes.</summary>
    public static DependencyType Blocks { get; } = new("blocks");

    /// <summary><c>parent-child</c>: The issue is a child of the target.</summary>
    public static DependencyType ParentChild { get; } = new("parent-child");

    /// <summary><c>conditional-blocks</c>: The issue runs only if the target fails.</summary>
    public static DependencyType ConditionalBlocks { get; } = new("conditional-blocks");

    /// <summary><c>waits-for</c>: Fan-out gate on the target's children.</summary>
    public static DependencyType WaitsFor { get; } = new("waits-for");

    /// <summary><c>related</c>: Legacy association.</summary>
    public static DependencyType Related { get; } = new("related");

    /// <summary><c>discovered-from</c>: Found while working on the target.</summary>
    public static DependencyType DiscoveredFrom { get; } = new("discovered-from");

    /// <summary><c>replies-to</c>: Message threading.</summary>
    public static DependencyType RepliesTo { get; } = new("replies-to");

    /// <summary><c>relates-to</c>: Loose knowledge link.</summary>
    public static DependencyType RelatesTo { get; } = new("relates-to");

    /// <summary><c>duplicates</c>: The issue duplicates the target.</summary>
    public static DependencyType Duplicates { get; } = new("duplicates");

    /// <summary><c>supersedes</c>: The issue supersedes the target.</summary>
    public static DependencyType Supersedes { get; } = new("supersedes");

    /// <summary><c>authored-by</c>: HOP entity edge.</summary>
    public static DependencyType AuthoredBy { get; } = new("authored-by");

    /// <summary><c>assigned-to</c>: HOP entity edge.</summary>
    public static DependencyType AssignedTo { get; } = new("assigned-to");

    /// <summary><c>approved-by</c>: HOP entity edge.</summary>
    public static DependencyType ApprovedBy { get; } = new("approved-by");

    /// <summary><c>tracks</c>: Convoy tracking, non-blocking.</summary>
    public static DependencyType Tracks { get; } = new("tracks");

    /// <summary><c>until</c>: Reference.</summary>
    public static DependencyType Until { get; } = new("until");

    /// <summary><c>caused-by</c>: Reference.</summary>
    public static DependencyType CausedBy { get; } = new("caused-by");

    /// <summary><c>validates</c>: Reference.</summary>
    public static DependencyType Validates { get; } = new("validates");

    /// <summary><c>delegated-from</c>: Work delegated from the target (after the design date).</summary>
    public static DependencyType DelegatedFrom { get; } = new("delegated-from");

    /// <summary><c>attests</c>: Skill attestation, X attests Y has skill Z (beads a803da36e, 2026-01-10).</summary>
    public static DependencyType Attests { get; } = new("attests");

    /// <summary>
    /// <c>blocked-by</c>: Seen in real data (beads' own issues, 2026-01); not an upstream constant (upstream's
    /// <c>bd create --deps blocked-by:X</c> is an alias that stores <c>blocks</c>), and upstream's ready work does not
    /// treat it as blocking.
    /// </summary>
    public static DependencyType BlockedBy { get; } = new("blocked-by");

    /// <summary><c>follows</c>: Seen in real data (beads' own issues, 2026-01); not an upstream constant, not blocking upstream.</summary>
    public static DependencyType Follows { get; } = new("follows");

    /// <summary>
    /// True for the types that keep an issue from being ready while the target is open:
    /// <c>blocks</c>, <c>parent-child</c>, <c>conditional-blocks</c>, <c>waits-for</c>.
    /// </summary>
    public bool IsBlocking => this == Blocks || this == ParentChild || this == ConditionalBlocks || this == WaitsFor;

    /// <summary>The well-known values, in upstream's declaration order.</summary>
    public static IReadOnlyList<DependencyType> KnownValues { get; } = [Blocks, ParentChild, ConditionalBlocks, WaitsFor, Related, DiscoveredFrom, RepliesTo, RelatesTo, Duplicates, Supersedes, AuthoredBy, AssignedTo, ApprovedBy, Tracks, Until, CausedBy, Validates, DelegatedFrom, Attests, BlockedBy, Follows];

    /// <summary>True when <see cref="Value"/> is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <summary>Returns the interned well-known instance for UTF-8 bytes when there is one (saves a string per record).</summary>
    internal static DependencyType FromUtf8(ReadOnlySpan<byte> utf8)
    {
        switch (utf8.Length)
        {
            case 5:
                if (utf8.SequenceEqual("until"u8))
                {
                    return Until;
                }

                break;
            case 6:
                if (utf8.SequenceEqual("blocks"u8))
                {
                    return Blocks;
                }

                if (utf8.SequenceEqual("tracks"u8))
                {
                    return Tracks;
                }

                break;
            case 7:
                if (utf8.SequenceEqual("related"u8))
                {
                    return Related;
                }

                if (utf8.SequenceEqual("attests"u8))
                {
                    return Attests;
                }

                if (utf8.SequenceEqual("follows"u8))
                {
                    return Follows;
                }

                break;
            case 9:
                if (utf8.SequenceEqual("waits-for"u8))
                {
                    return WaitsFor;
                }

                if (utf8.SequenceEqual("caused-by"u8))
                {
                    return CausedBy;
                }

                if (utf8.SequenceEqual("validates"u8))
                {
                    return Validates;
                }

                break;
            case 10:
                if (utf8.SequenceEqual("blocked-by"u8))
                {
                    return BlockedBy;
                }

                if (utf8.SequenceEqual("replies-to"u8))
                {
                    return RepliesTo;
                }

                if (utf8.SequenceEqual("relates-to"u8))
                {
                    return RelatesTo;
                }

                if (utf8.SequenceEqual("duplicates"u8))
                {
                    return Duplicates;
                }

                if (utf8.SequenceEqual("supersedes"u8))
                {
                    return Supersedes;
                }

                break;
            case 11:
                if (utf8.SequenceEqual("authored-by"u8))
                {
                    return AuthoredBy;
                }

                if (utf8.SequenceEqual("assigned-to"u8))
                {
                    return AssignedTo;
                }

                if (utf8.SequenceEqual("approved-by"u8))
                {
                    return ApprovedBy;
                }

                break;
            case 12:
                if (utf8.SequenceEqual("parent-child"u8))
                {
                    return ParentChild;
                }

                break;
            case 14:
                if (utf8.SequenceEqual("delegated-from"u8))
                {
                    return DelegatedFrom;
                }

                break;
            case 15:
                if (utf8.SequenceEqual("discovered-from"u8))
                {
                    return DiscoveredFrom;
                }

                break;
            case 18:
                if (utf8.SequenceEqual("conditional-blocks"u8))
                {
                    return ConditionalBlocks;
                }

                break;
        }

        return new DependencyType(System.Text.Encoding.UTF8.GetString(utf8));
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;
}
