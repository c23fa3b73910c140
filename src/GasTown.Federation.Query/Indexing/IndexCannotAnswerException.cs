namespace GasTown.Federation.Query;

/// <summary>
/// Thrown inside a query answered from the index where the index cannot answer exactly as loading the chains would (an
/// id it cannot place, a chain it cannot describe); <see cref="IndexAttempt"/> turns it into "load the chains instead".
/// Never seen outside this package.
/// </summary>
internal sealed class IndexCannotAnswerException : Exception;
