namespace GasTown.Federation.Model;

/// <summary>How far a relationship can be believed, given which chains assert it (DESIGN §5).</summary>
public enum TrustStatus
{
    /// <summary>Nobody with authority asserts it: a third party's claim, or an unknown relationship type.</summary>
    Unverified = 0,

    /// <summary>
    /// One party with a stake asserts it and the other has not confirmed it yet: an employee's own chain
    /// claiming employment, or a delegation asserted by the parent's chain and not (yet) accepted by the child's.
    /// </summary>
    Claimed = 1,

    /// <summary>The chains with the authority assert it: the organisation for employment, both parent and child for delegation, the source for a cross-reference.</summary>
    Verified = 2,
}
