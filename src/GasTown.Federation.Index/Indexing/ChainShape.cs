namespace GasTown.Federation.Index;

/// <summary>How far a chain's rows in the index describe it as loading it would (<see cref="ChainFacts"/> judges it).</summary>
internal enum ChainShape
{
    /// <summary>Exactly: its units are the load's and the load says nothing of its issues files.</summary>
    Exact,

    /// <summary>
    /// Its only irregularities are lines (dropped, read with a warning, an id no <c>gt://</c> URI can name, an earlier
    /// line of an id its file repeats, a unit whose id another rig owns, a cross-reference no route resolves) or problems
    /// past the kept number: what a load says of them can be stored once, when the chain is indexed
    /// (<see cref="LoadedChainNotes"/>). Employment claims the index's lines do not give make a chain not exact whatever
    /// its shape; <see cref="EmploymentRows"/> judges those.
    /// </summary>
    IrregularLines,
}
