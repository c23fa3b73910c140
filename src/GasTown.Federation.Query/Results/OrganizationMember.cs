namespace GasTown.Federation.Query;

/// <summary>A verified member of an organisation: employment asserted by one of the organisation's own chains.</summary>
/// <param name="Entity">The member, e.g. <c>alice@example.com</c>.</param>
/// <param name="AssertedBy">The canonical URI of the organisation chain that asserts the employment.</param>
public sealed record OrganizationMember(string Entity, string AssertedBy);
