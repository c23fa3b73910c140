namespace GasTown.Federation;

/// <summary>
/// The length limits of the <c>gt://</c> grammar. A part longer than its limit is rejected with
/// <see cref="GtUriError.SegmentTooLong"/>; a whole input longer than <see cref="MaxUriLength"/> with
/// <see cref="GtUriError.TooLong"/> before anything else is read, so hostile input costs nothing.
/// </summary>
public static class GtUriLimits
{
    /// <summary>The longest URI accepted, scheme included: 512 characters.</summary>
    public const int MaxUriLength = 512;

    /// <summary>The longest domain (RFC 1035): 253 characters.</summary>
    public const int MaxDomainLength = 253;

    /// <summary>The longest domain label (RFC 1123): 63 characters.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The longest local part of a person's entity (RFC 5321): 64 characters.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>The longest chain or rig name: 64 characters.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest work id: 128 characters (upstream ids are rarely over 30).</summary>
    public const int MaxWorkIdLength = 128;
}
