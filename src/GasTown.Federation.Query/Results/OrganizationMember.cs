using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>A verified member of an organisation: <see cref="TrustEvaluator"/> verified the employment.</summary>
/// <param name="Entity">The member, e.g. <c>alice@example.com</c>.</param>
/// <param name="AssertedBy">The chain whose claim made it verified (the organisation's own chain when it asserts it).</param>
public sealed record OrganizationMember(EntityId Entity, GtUri AssertedBy);
