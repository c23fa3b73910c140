namespace GasTown.Federation.Model;

/// <summary>
/// The neighbours of one node in one direction, read straight from the graph's packed rows without
/// copying: <see cref="NodeAt"/> and <see cref="KindAt"/> by index, or <c>foreach</c> for
/// <see cref="FederationNeighbor"/> values.
/// </summary>
public readonly ref struct FederationNeighbors
{
    private readonly ReadOnlySpan<uint> packed;

    internal FederationNeighbors(ReadOnlySpan<uint> packed) => this.packed = packed;

    /// <summary>How many neighbours (edges, parallel edges included).</summary>
    public int Count => packed.Length;

    /// <summary>The neighbour node of edge <paramref name="index"/>.</summary>
    /// <param name="index">0 .. <see cref="Count"/> - 1.</param>
    /// <returns>The node id.</returns>
    public int NodeAt(int index) => FederationGraphPacking.Node(packed[index]);

    /// <summary>The kind of edge <paramref name="index"/>.</summary>
    /// <param name="index">0 .. <see cref="Count"/> - 1.</param>
    /// <returns>The edge kind.</returns>
    public FederationEdgeKind KindAt(int index) => FederationGraphPacking.Kind(packed[index]);

    /// <summary>Enumerates the neighbours in insertion order.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(packed);

    /// <summary>Enumerates <see cref="FederationNeighbor"/> values.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<uint> packed;
        private int index;

        internal Enumerator(ReadOnlySpan<uint> packed)
        {
            this.packed = packed;
            index = -1;
        }

        /// <summary>The current neighbour.</summary>
        public readonly FederationNeighbor Current => new(FederationGraphPacking.Node(packed[index]), FederationGraphPacking.Kind(packed[index]));

        /// <summary>Moves to the next neighbour.</summary>
        /// <returns><see langword="false"/> after the last.</returns>
        public bool MoveNext() => ++index < packed.Length;
    }
}
