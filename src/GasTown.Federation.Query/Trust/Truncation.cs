namespace GasTown.Federation.Query;

/// <summary>A bound that cut a query short, so its answer is incomplete.</summary>
/// <param name="Bound">Which bound.</param>
/// <param name="Limit">The limit that was reached.</param>
/// <param name="Reached">What the query had when it stopped: work units visited (depth, nodes) or chains loaded (chains).</param>
/// <param name="Message">What was left out, for whoever reads the answer; <paramref name="Bound"/> names the option that sets the limit.</param>
public sealed record Truncation(TruncationBound Bound, int Limit, int Reached, string Message);
