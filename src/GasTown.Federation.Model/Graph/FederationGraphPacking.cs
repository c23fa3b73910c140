namespace GasTown.Federation.Model;

/// <summary>
/// How one adjacency entry fits in 32 bits: the top bit says the direction (0 = outgoing, 1 = incoming),
/// the next 4 bits the <see cref="FederationEdgeKind"/>, the low 27 bits the neighbour node. So the top
/// 5 bits index a 32-bit "direction × kind" mask, and a walk tests an edge with one shift.
/// </summary>
internal static class FederationGraphPacking
{
    /// <summary>The most nodes a graph can hold (2^27 - 1, about 134 million).</summary>
    public const int MaxNodes = (1 << NodeBits) - 1;

    private const int NodeBits = 27;
    private const uint NodeMask = (1u << NodeBits) - 1;

    public static uint Pack(int node, FederationEdgeKind kind, bool incoming) =>
        (incoming ? 1u << 31 : 0u) | ((uint)kind << NodeBits) | (uint)node;

    public static int Node(uint packed) => (int)(packed & NodeMask);

    public static FederationEdgeKind Kind(uint packed) => (FederationEdgeKind)((packed >> NodeBits) & 0xF);

    public static bool IsIncoming(uint packed) => (packed >> 31) != 0;

    /// <summary>The index of <paramref name="packed"/>'s direction-and-kind in a walk mask.</summary>
    public static int MaskShift(uint packed) => (int)(packed >> NodeBits);

    /// <summary>A walk mask: forward kinds in bits 0–15, reverse kinds in bits 16–31.</summary>
    public static uint Mask(FederationWalkSpec spec) => ((uint)spec.Forward & 0xFFFF) | (((uint)spec.Reverse & 0xFFFF) << 16);
}
