namespace GasTown.Federation.Query;

/// <summary>
/// A relationship claim that a query saw but did not count, because the chain that asserts it lacks the
/// authority (for example employment claimed only by the member's own chain).
/// </summary>
/// <param name="Type">The relationship type as written: <c>employment</c>, <c>delegation</c>, …</param>
/// <param name="Subject">Who or what the claim is about (the member entity, the delegated child URI, …).</param>
/// <param name="Object">The other side (the organisation, the delegating parent URI, …).</param>
/// <param name="AssertedBy">The canonical URI of the chain that asserts it.</param>
/// <param name="Reason">Why it is not verified, and what would verify it.</param>
public sealed record UnverifiedClaim(string Type, string Subject, string Object, string AssertedBy, string Reason);
