namespace GasTown.Federation.Index;

/// <summary>One change a re-index found in a chain.</summary>
/// <param name="Token">Where this change is in the feed (pass it as <c>since</c> to get only newer ones).</param>
/// <param name="Chain">The chain.</param>
/// <param name="Uri">The work unit.</param>
/// <param name="Kind"><c>created</c>, <c>closed</c>, <c>status_changed</c> or <c>removed</c>.</param>
/// <param name="OldStatus">The status before, or null for a created unit.</param>
/// <param name="NewStatus">The status after, or null for a removed unit.</param>
/// <param name="Title">The title after the change, or null for a removed unit.</param>
/// <param name="At">When the index saw the change.</param>
public sealed record IndexChange(string Token, GtUri Chain, GtUri Uri, string Kind, string? OldStatus, string? NewStatus, string? Title, DateTimeOffset At);
