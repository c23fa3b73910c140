namespace GasTown.Federation.Query;

/// <summary>Something a query needed but could not reach, reported beside the results instead of failing the query.</summary>
/// <param name="Target">The canonical <c>gt://</c> URI that could not be reached, or the reference text as written when it could not be resolved.</param>
/// <param name="Reason">Why it could not be reached.</param>
/// <param name="Message">What went wrong and what to do (the step and the SDK call), for a person.</param>
/// <param name="ReferencedFrom">The work unit whose edge led here, when there was one.</param>
public sealed record UnreachableItem(string Target, UnreachableReason Reason, string Message, GtUri? ReferencedFrom);
