namespace GasTown.Federation.Query;

/// <summary>
/// One delegation claim as an <see cref="IQueryIndex"/> holds it: a delegation a chain asserts (in its
/// <c>federation/relationships.jsonl</c>, a <c>delegated-from</c> dependency or <c>delegated_from</c> metadata), each
/// reference resolved as a load resolves it, without reading any work unit.
/// </summary>
/// <param name="AssertedBy">The chain that asserts it.</param>
/// <param name="Parent">The delegating (parent) work unit, as the claim names it.</param>
/// <param name="Child">The delegated (child) work unit, as the claim names it.</param>
/// <param name="IsAsserterIdentityVerified">Whether the asserting chain's own files prove who owns it (as <see cref="Model.RelationshipClaim.IsAsserterIdentityVerified"/>).</param>
public sealed record QueryIndexDelegation(GtUri AssertedBy, GtUri Parent, GtUri Child, bool IsAsserterIdentityVerified);
