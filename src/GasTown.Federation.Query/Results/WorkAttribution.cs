namespace GasTown.Federation.Query;

/// <summary>Why a work unit counts as a member's work in an organisation listing.</summary>
public enum WorkAttribution
{
    /// <summary>It lives in a chain whose entity is the member and whose identity is verified (the member's own town).</summary>
    OwnChain = 1,

    /// <summary>
    /// It lives in a chain of the organisation itself (identity verified) and its <c>assignee</c> is the member's
    /// entity (email), compared case-insensitively. An assignee written in anybody else's chain does not count:
    /// a third party cannot put work into the organisation's view by naming a member.
    /// </summary>
    Assignee = 2,
}
