namespace GasTown.Federation.Index;

/// <summary>One change a re-index found in a chain.</summary>
/// <param name="Token">Where this change is in the feed (pass it as <c>since</c> to get only newer ones).</param>
/// <param name="Chain">The chain; for a delegated portion, the parent's chain (so its owner sees it among their own changes).</param>
/// <param name="Uri">The work unit (for a delegated portion, the parent that delegated it).</param>
/// <param name="Kind">
/// <c>created</c>, <c>closed</c>, <c>status_changed</c> or <c>removed</c>; or, for a portion the parent delegated,
/// <c>delegation_completed</c> (every child delegated for it is now closed) or <c>delegation_reopened</c> (it was
/// complete and a child is not closed any more, or a child was added).
/// </param>
/// <param name="OldStatus">The status before, or null for a created unit (and for a delegated portion).</param>
/// <param name="NewStatus">The status after, or null for a removed unit (and for a delegated portion).</param>
/// <param name="Title">The title after the change (for a delegated portion, the parent's), or null for a removed unit.</param>
/// <param name="At">When the index saw the change.</param>
public sealed record IndexChange(string Token, GtUri Chain, GtUri Uri, string Kind, string? OldStatus, string? NewStatus, string? Title, DateTimeOffset At)
{
    /// <summary>The kind of change recorded when every child of a delegated portion is closed.</summary>
    public const string DelegationCompleted = "delegation_completed";

    /// <summary>The kind of change recorded when a delegated portion that was complete is not any more.</summary>
    public const string DelegationReopened = "delegation_reopened";

    /// <summary>
    /// For <see cref="DelegationCompleted"/> and <see cref="DelegationReopened"/>: the portion (the delegation's
    /// <c>terms.portion</c>; null for a delegation without one, and for every other kind).
    /// </summary>
    public string? Portion { get; init; }

    /// <summary>
    /// For <see cref="DelegationCompleted"/> and <see cref="DelegationReopened"/>: what caused it: the delegated child
    /// whose change the same re-index recorded (a work-unit URI; its chain is the chain whose change it was), or the
    /// parent's chain (a chain URI) when its delegations themselves changed. Null for every other kind.
    /// </summary>
    public GtUri? CausedBy { get; init; }
}
