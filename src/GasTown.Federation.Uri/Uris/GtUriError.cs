namespace GasTown.Federation;

/// <summary>Why a <c>gt://</c> URI, an entity or a work reference was rejected.</summary>
public enum GtUriError
{
    /// <summary>The input is empty.</summary>
    Empty = 1,

    /// <summary>The input is longer than <see cref="GtUriLimits.MaxUriLength"/>.</summary>
    TooLong,

    /// <summary>The input does not start with <c>scheme://</c>.</summary>
    MissingScheme,

    /// <summary>The scheme is neither <c>gt</c> nor <c>hop</c>.</summary>
    UnsupportedScheme,

    /// <summary>A segment (entity, chain, rig or work id) is empty, as in <c>gt://acme.com//x</c>.</summary>
    EmptySegment,

    /// <summary>A segment is <c>.</c> or <c>..</c>; dot segments are never resolved, they are rejected.</summary>
    DotSegment,

    /// <summary>The URI ends with <c>/</c>.</summary>
    TrailingSlash,

    /// <summary>More than four segments follow the scheme.</summary>
    TooManySegments,

    /// <summary>A <c>?</c> query was found; gt:// URIs have no query.</summary>
    QueryNotAllowed,

    /// <summary>A <c>#</c> fragment was found; gt:// URIs have no fragment.</summary>
    FragmentNotAllowed,

    /// <summary>A <c>%</c> was found; percent-encoding is not part of the grammar (no legal character needs it).</summary>
    PercentEncodingNotAllowed,

    /// <summary>RFC 3986 user-info such as <c>user:password@</c> or a second <c>@</c> in the entity.</summary>
    UserInfoNotAllowed,

    /// <summary>A <c>:port</c> after the domain.</summary>
    PortNotAllowed,

    /// <summary>A space, tab or other white space.</summary>
    Whitespace,

    /// <summary>A control character, NUL included.</summary>
    ControlCharacter,

    /// <summary>A character outside ASCII; entities must use punycode (<c>xn--</c>) for international domains.</summary>
    NonAsciiCharacter,

    /// <summary>An ASCII character that the part it appears in does not allow.</summary>
    InvalidCharacter,

    /// <summary>The entity is malformed: empty local part or domain label, leading or trailing dot or hyphen.</summary>
    InvalidEntity,

    /// <summary>A part is longer than its limit in <see cref="GtUriLimits"/>.</summary>
    SegmentTooLong,

    /// <summary>A chain or rig name does not match <c>[A-Za-z0-9][A-Za-z0-9._-]*</c>.</summary>
    InvalidName,

    /// <summary>A work id is not of the form <c>prefix-rest</c>.</summary>
    InvalidWorkId,

    /// <summary>A short-form work reference (<c>rig/id</c>, <c>./id</c>, <c>external:project:id</c>) is malformed.</summary>
    InvalidReference,

    /// <summary>An absolute URI used as a work reference does not name a work unit.</summary>
    NotAWorkUnit,

    /// <summary>
    /// A <c>hop://</c> URI in the Wasteland's shape, <c>hop://&lt;org&gt;/&lt;database&gt;[/&lt;table&gt;/&lt;id&gt;]</c>
    /// (a DoltHub commons row, not a work unit): read it with <see cref="WastelandReference.TryParse(string?, out WastelandReference?)"/>.
    /// </summary>
    WastelandReference,
}
