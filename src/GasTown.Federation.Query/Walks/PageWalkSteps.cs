namespace GasTown.Federation.Query;

/// <summary>What a <see cref="PageWalk"/> needs of one kind of listing.</summary>
/// <param name="FromIndex">The page after a token from the index, or null when the index cannot answer (or there is none).</param>
/// <param name="Load">The whole listing, loaded.</param>
/// <param name="PagesAfter">The pages of a whole listing after a token (null: from the start; at least one page then, maybe empty).</param>
/// <param name="NextOf">A page's next token; null on the last.</param>
/// <param name="ChainsOf">The chains a page read, for the step's measurements.</param>
internal sealed record PageWalkSteps<TPage, TWhole>(
    Func<QueryContext, string?, CancellationToken, ValueTask<TPage?>> FromIndex,
    Func<QueryContext, CancellationToken, ValueTask<TWhole>> Load,
    Func<TWhole, string?, IEnumerable<TPage>> PagesAfter,
    Func<TPage, string?> NextOf,
    Func<TPage, IReadOnlyList<ChainState>> ChainsOf)
    where TPage : class
    where TWhole : class;
