namespace GasTown.Federation.Query;

/// <summary>Why a work unit counts as a member's work in an organisation listing.</summary>
public enum WorkAttribution
{
    /// <summary>It lives in a chain whose entity is the member (the member's own town).</summary>
    OwnChain = 1,

    /// <summary>It lives in another chain and its <c>assignee</c> is the member's entity (email), compared case-insensitively.</summary>
    Assignee = 2,
}
