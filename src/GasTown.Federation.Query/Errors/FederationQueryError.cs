namespace GasTown.Federation.Query;

/// <summary>What kind of failure stopped a query as a whole (partial failures are reported as <see cref="UnreachableItem"/> instead).</summary>
public enum FederationQueryError
{
    /// <summary>The thing asked for does not exist: no such work unit, remote or project.</summary>
    NotFound = 1,

    /// <summary>The input could not be understood: a malformed reference, a short form without a local town.</summary>
    BadInput = 2,

    /// <summary>
    /// The chain that holds the answer could not be read: fetch failure, identity mismatch, never fetched.
    /// <see cref="FederationQueryException.Reason"/> says why, and decides the exception's <see cref="FederationErrorKind"/>.
    /// </summary>
    Unavailable = 3,
}
