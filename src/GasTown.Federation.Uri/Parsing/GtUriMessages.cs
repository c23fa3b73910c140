namespace GasTown.Federation.Parsing;

/// <summary>
/// Every message the package shows, in one place so they stay consistent and can be reviewed together.
/// In the parse templates {0} is the zero-based position, {1} a number (a code point, a length or a limit) and {2} that number as a character.
/// </summary>
internal static class GtUriMessages
{
    public const string Grammar = "Expected gt://entity[/chain[/[rig/]work-id]], for example gt://acme.com/engineering or gt://alice@example.com/town/gastown/gt-xyz.";

    public const string Empty = "The input is empty. " + Grammar;
    public const string TooLong = "The input is longer than {1} characters (stopped reading at position {0}). No valid gt:// URI is that long.";
    public const string MissingScheme = "Missing 'gt://' at position {0}. " + Grammar;
    public const string WastelandReference = "hop:// URI in the Wasteland's shape hop://<org>/<database>[/<table>/<id>] (its first segment, at position {0}, is a DoltHub owner, not a domain or a person): it names a row of a Wasteland commons, not a Gas Town work unit. Read it with WastelandReference.TryParse; write gt:// for an entity without a dot.";
    public const string UnsupportedScheme = "Unsupported scheme at position {0}: only 'gt://' and its alias 'hop://' are accepted.";
    public const string EmptyEntity = "The entity at position {0} is empty. Write a domain (acme.com) or a person (alice@example.com) after 'gt://'.";
    public const string EmptySegment = "Empty segment at position {0} ('//'). Remove the extra '/'.";
    public const string DotSegment = "Segment '.' or '..' at position {0}. gt:// URIs do not resolve dot segments; write the name itself.";
    public const string TrailingSlash = "Trailing '/' at position {0}. Remove it: gt://acme.com/engineering, not gt://acme.com/engineering/.";
    public const string TooManySegments = "Too many segments: a fifth one starts at position {0}. A gt:// URI has at most entity/chain/rig/work-id.";
    public const string Query = "Query ('?') at position {0}. gt:// URIs have no query; remove everything from the '?'.";
    public const string Fragment = "Fragment ('#') at position {0}. gt:// URIs have no fragment; remove everything from the '#'.";
    public const string Percent = "'%' at position {0}. Percent-encoding is not accepted: no legal character needs it, write the character itself.";
    public const string UserInfo = "User-info at position {0}. The entity is a domain (acme.com) or one person (alice@example.com): no password, no second '@'.";
    public const string Port = "':' at position {0}. gt:// URIs have no port and no password; remove the ':' and what follows it in the entity.";
    public const string Whitespace = "White space (U+{1:X4}) at position {0}. Remove it; gt:// URIs contain no spaces.";
    public const string EntityWhitespace = "White space (U+{1:X4}) at position {0}. Remove it; an entity is one email (alice@example.com) or domain (acme.com), with no spaces.";
    public const string Control = "Control character U+{1:X4} at position {0}. Remove it.";
    public const string NonAsciiEntity = "Non-ASCII character U+{1:X4} at position {0} in the entity. Entities are ASCII: write an international domain in punycode (xn--...), for example xn--bcher-kva.example for bücher.example.";
    public const string NonAscii = "Non-ASCII character U+{1:X4} at position {0}. Chain and rig names and work ids use ASCII letters, digits, '.', '_' and '-'.";
    public const string InvalidEntityChar = "Character '{2}' (U+{1:X4}) is not allowed in an entity at position {0}. A domain uses letters, digits, '-' and '.'; a person's local part also '_' and '+'.";
    public const string InvalidNameChar = "Character '{2}' (U+{1:X4}) is not allowed at position {0}. Chain and rig names and work ids use letters, digits, '.', '_' and '-'.";
    public const string Backslash = "Backslash at position {0}. Segments are separated by '/', never '\\'.";
    public const string EmptyLocalPart = "The person's name before '@' at position {0} is empty. Write alice@example.com, or just the domain for an organisation.";
    public const string LocalPartDots = "The person's name at position {0} has a leading, trailing or doubled '.'.";
    public const string LocalPartTooLong = "The person's name at position {0} is longer than {1} characters.";
    public const string EmptyDomain = "The domain at position {0} is empty. Write a domain such as example.com.";
    public const string DomainTooLong = "The domain at position {0} is longer than {1} characters.";
    public const string EmptyLabel = "Empty domain label at position {0}: a domain has no leading, trailing or doubled '.'.";
    public const string LabelTooLong = "The domain label at position {0} is longer than {1} characters.";
    public const string LabelHyphen = "The domain label at position {0} starts or ends with '-', which RFC 1123 does not allow.";
    public const string DomainChar = "Character '{2}' (U+{1:X4}) at position {0} is not allowed in a domain: use letters, digits, '-' and '.'.";
    public const string NameTooLong = "The name at position {0} is longer than {1} characters.";
    public const string NameStart = "The name at position {0} must start with a letter or digit ([A-Za-z0-9][A-Za-z0-9._-]*).";
    public const string WorkIdTooLong = "The work id at position {0} is longer than {1} characters.";
    public const string WorkIdStart = "The work id at position {0} must start with a letter or digit, as in gt-xyz.";
    public const string WorkIdNoHyphen = "The work id at position {0} has no '-' between prefix and rest; work ids look like gt-xyz or bd-a3f8.1. To name a chain or rig, drop this segment or add the work id after it.";
    public const string WorkIdPrefixDot = "The work id prefix at position {0} contains '.'; dots only separate child numbers after the '-', as in bd-a3f8.1.";
    public const string WorkIdEnd = "The work id ends with '-' or '.' at position {0}.";
    public const string WorkIdEmptyPart = "Empty part around '.' at position {0} in the work id, as in 'bd-a3f8..1' or 'gt-.1'.";

    public const string RefEmpty = "The work reference is empty. Write gt-xyz, gastown/gt-xyz, ./gt-xyz, external:project:gt-xyz or a gt:// URI.";
    public const string RefTooManySlashes = "Too many '/' in the short form at position {0}. Write rig/work-id, or a full gt:// URI.";
    public const string RefExternalProject = "external reference missing project name (position {0}); expected external:<project>:<id>.";
    public const string RefExternalId = "external reference missing capability name (position {0}); expected external:<project>:<id>.";
    public const string RefExternalFormat = "invalid external reference format at position {0}: expected 'external:<project>:<id>'.";
    public const string RefNotWorkUnit = "The URI at position {0} names an entity or a chain, not a work unit; a work reference needs gt://entity/chain/[rig/]work-id.";

    public const string ResolveNoCurrentRig = "'./{0}' refers to the current rig, but the context has no current rig. Give WorkReferenceContext a currentRig, or write rig/{0}.";
    public const string ResolveBadRig = "The prefix router returned '{1}' as the rig of '{0}', which is not a valid rig name ({2}). Return null for a town-level work unit, or a name such as gastown.";

    public const string ArgumentDefaultEntity = "The entity is default(EntityId); create one with EntityId.Parse.";

    public const string NotAnEntityId = "The object is not an EntityId.";
    public const string NotAGtUri = "The object is not a GtUri.";
    public const string UnknownFormat = "Unknown GtUri format '{0}': gt:// URIs have one form, the canonical one (use null, \"\" or \"G\").";
    public const string DefaultHasNoEntity = "default(GtUri) names no entity.";
    public const string EntityHasNoChain = "'{0}' names an entity, not a chain: there is no chain URI.";
    public const string NotAWorkUnitForRig = "'{0}' does not name a work unit, so it has no rig to set.";
    public const string UriTooLongToBuild = "The URI would be {0} characters long; the limit is {1}. Use shorter names.";
    public const string JsonExpectedUri = "Expected a gt:// URI as a JSON string, found {0}.";
    public const string JsonDefaultUriKey = "default(GtUri) cannot be a dictionary key: it names nothing.";
    public const string JsonInvalidUri = "Invalid gt:// URI: {0}";
    public const string JsonExpectedEntity = "Expected an entity (alice@example.com or acme.com) as a JSON string, found {0}.";
    public const string JsonDefaultEntityKey = "default(EntityId) cannot be a dictionary key: it names nobody.";
    public const string JsonInvalidEntity = "Invalid entity: {0}";
    public const string DefaultReference = "default(WorkReference) refers to nothing; create one with WorkReference.Parse.";
    public const string ContextUriHasNoChain = "The URI names no chain; pass gt://entity/chain.";
    public const string GenericFormat = "The value is not a valid gt:// URI.";
    public const string GenericResolution = "The work reference cannot be resolved in this context.";

    /// <summary>Formats a template with the invariant culture.</summary>
    public static string Format(string template, object? arg0, object? arg1 = null)
        => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, arg0, arg1);
}
