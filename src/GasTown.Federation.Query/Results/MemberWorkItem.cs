namespace GasTown.Federation.Query;

/// <summary>A work unit attributed to a verified member of an organisation.</summary>
/// <param name="WorkUnit">The work unit.</param>
/// <param name="Member">The member it belongs to.</param>
/// <param name="Attribution">Why it counts as the member's work.</param>
public sealed record MemberWorkItem(WorkUnitSummary WorkUnit, EntityId Member, WorkAttribution Attribution);
