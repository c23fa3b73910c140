namespace GasTown.Federation.Query;

/// <summary>What the ready answer makes of one candidate (an open or in-progress unit, not pinned, not deferred).</summary>
internal enum ReadyJudgement
{
    /// <summary>Nothing blocks it: on the ready list.</summary>
    Ready,

    /// <summary>A child of a parent deferred to the future: on neither list, as upstream leaves it out.</summary>
    Hidden,

    /// <summary>It or an ancestor has a blocker: on the blocked list.</summary>
    Blocked,
}
