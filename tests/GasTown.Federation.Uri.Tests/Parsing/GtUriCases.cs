namespace GasTown.Federation.Uri.Tests.Parsing;

/// <summary>
/// The data table: every input with its expected canonical form (valid) or its expected error kind and
/// position (invalid). Positions are zero-based UTF-16 indexes into the input.
/// </summary>
public static class GtUriCases
{
    private static readonly string A63 = new('a', 63);
    private static readonly string A64 = new('a', 64);
    private static readonly string Domain253 = $"{A63}.{A63}.{A63}.{new string('b', 61)}";
    private static readonly string Domain254 = $"{A63}.{A63}.{A63}.{new string('b', 62)}";
    private static readonly string WorkId128 = "gt-" + new string('x', 125);
    private static readonly string WorkId129 = "gt-" + new string('x', 126);

    /// <summary>Valid inputs and their canonical form.</summary>
    public static TheoryData<string, string> Valid => new()
    {
        // The seed document's examples.
        { "gt://steve@example.com/main-town/gastown/gt-xyz", "gt://steve@example.com/main-town/gastown/gt-xyz" },
        { "gt://acme.com/engineering", "gt://acme.com/engineering" },
        { "gt://acme.com/projects/proj-123", "gt://acme.com/projects/proj-123" },
        { "gt://alice@example.com/town/gastown/gt-xyz", "gt://alice@example.com/town/gastown/gt-xyz" },
        { "gt://acme.com/eng/ac-123", "gt://acme.com/eng/ac-123" },
        { "gt://other-entity.org/chain/rig/issue-id", "gt://other-entity.org/chain/rig/issue-id" },

        // Entity only, chain only.
        { "gt://acme.com", "gt://acme.com" },
        { "gt://alice@example.com", "gt://alice@example.com" },
        { "gt://localhost", "gt://localhost" },
        { "gt://localhost/town", "gt://localhost/town" },
        { "gt://acme.com/main_town", "gt://acme.com/main_town" },
        { "gt://acme.com/3town", "gt://acme.com/3town" },
        { "gt://acme.com/v1.2", "gt://acme.com/v1.2" },
        { "gt://acme.com/Main-Town", "gt://acme.com/Main-Town" },

        // Scheme alias and case rules: the scheme and the entity fold to lower case, the rest does not.
        { "hop://acme.com/eng", "gt://acme.com/eng" },
        { "HOP://Acme.COM/eng", "gt://acme.com/eng" },
        { "Hop://acme.com", "gt://acme.com" },
        { "GT://acme.com", "gt://acme.com" },
        { "gT://acme.com/eng", "gt://acme.com/eng" },
        { "Gt://Steve@Example.com/main-town/gastown/gt-xyz", "gt://steve@example.com/main-town/gastown/gt-xyz" },
        { "gt://ACME.COM/Eng/Gastown/GT-XYZ", "gt://acme.com/Eng/Gastown/GT-XYZ" },
        { "hop://STEVE@EXAMPLE.COM/main-town", "gt://steve@example.com/main-town" },
        { "hop://acme.com/eng/Rig/Ab-Cd", "gt://acme.com/eng/Rig/Ab-Cd" },
        { "gt://Alice+Tag@Example.Com/t", "gt://alice+tag@example.com/t" },

        // Real ids from upstream data: hashes, dotted children, molecules, wisps, hand-named ids.
        { "gt://alice@example.com/town/gastown/bd-a3f8.1", "gt://alice@example.com/town/gastown/bd-a3f8.1" },
        { "gt://acme.com/town/beads/bd-mol-xga.10", "gt://acme.com/town/beads/bd-mol-xga.10" },
        { "gt://acme.com/town/bd-mol-xga", "gt://acme.com/town/bd-mol-xga" },
        { "gt://acme.com/town/gt-wisp-050", "gt://acme.com/town/gt-wisp-050" },
        { "gt://acme.com/town/gastown/gt-gastown-crew-max", "gt://acme.com/town/gastown/gt-gastown-crew-max" },
        { "gt://acme.com/town/gastown/gt-gastown-polecat-ace", "gt://acme.com/town/gastown/gt-gastown-polecat-ace" },
        { "gt://acme.com/town/gastown/gt-6r18e.1.1", "gt://acme.com/town/gastown/gt-6r18e.1.1" },
        { "gt://acme.com/town/gt-8tmz.19.1", "gt://acme.com/town/gt-8tmz.19.1" },
        { "gt://acme.com/town/beads/bd-cb64c226", "gt://acme.com/town/beads/bd-cb64c226" },
        { "gt://acme.com/town/gt-deacon", "gt://acme.com/town/gt-deacon" },
        { "gt://acme.com/town/gt-witness-gastown", "gt://acme.com/town/gt-witness-gastown" },
        { "gt://acme.com/town/gt-mayor-role", "gt://acme.com/town/gt-mayor-role" },
        { "gt://acme.com/town/beads/bd-pbh.14", "gt://acme.com/town/beads/bd-pbh.14" },
        { "gt://acme.com/town/gastown/gt-eph-252", "gt://acme.com/town/gastown/gt-eph-252" },
        { "gt://acme.com/town/gt-mol-07k", "gt://acme.com/town/gt-mol-07k" },
        { "gt://acme.com/town/hq-mayor", "gt://acme.com/town/hq-mayor" },
        { "gt://acme.com/town/hq-cv-abc", "gt://acme.com/town/hq-cv-abc" },
        { "gt://acme.com/town/claude/claude-os-abc", "gt://acme.com/town/claude/claude-os-abc" },
        { "gt://acme.com/town/beads/beads-vscode-1", "gt://acme.com/town/beads/beads-vscode-1" },
        { "gt://acme.com/town/gh-9", "gt://acme.com/town/gh-9" },

        // Entity character sets.
        { "gt://xn--bcher-kva.example/town", "gt://xn--bcher-kva.example/town" },
        { "gt://alice@xn--80ak6aa92e.com", "gt://alice@xn--80ak6aa92e.com" },
        { "gt://alice+tag@example.com/town", "gt://alice+tag@example.com/town" },
        { "gt://first.last@example.com", "gt://first.last@example.com" },
        { "gt://a_b@example.com", "gt://a_b@example.com" },
        { "gt://a-b@sub.example.co.uk/t", "gt://a-b@sub.example.co.uk/t" },
        { "gt://1.2.3.4/t", "gt://1.2.3.4/t" },
        { "gt://a/b/c-d", "gt://a/b/c-d" },
        { "gt://a.b/c.d_e-f/g_h/x-1", "gt://a.b/c.d_e-f/g_h/x-1" },
        { "gt://a--b.com", "gt://a--b.com" },
        { "gt://0@0", "gt://0@0" },

        // Work-id shapes at the edges of the grammar.
        { "gt://acme.com/t/r/a--b", "gt://acme.com/t/r/a--b" },
        { "gt://acme.com/t/r/x-_", "gt://acme.com/t/r/x-_" },
        { "gt://acme.com/t/r/0-0", "gt://acme.com/t/r/0-0" },
        { "gt://acme.com/t/r/A_B-c.1.2.3", "gt://acme.com/t/r/A_B-c.1.2.3" },
        { "gt://acme.com/t/r/x-y.z", "gt://acme.com/t/r/x-y.z" },

        // Length limits, exactly at the limit.
        { $"gt://{A63}.com", $"gt://{A63}.com" },
        { $"gt://{A64}@example.com", $"gt://{A64}@example.com" },
        { $"gt://{Domain253}", $"gt://{Domain253}" },
        { $"gt://acme.com/{A64}", $"gt://acme.com/{A64}" },
        { $"gt://acme.com/t/{A64}/gt-1", $"gt://acme.com/t/{A64}/gt-1" },
        { $"gt://acme.com/eng/{WorkId128}", $"gt://acme.com/eng/{WorkId128}" },
    };

    /// <summary>Invalid inputs, the error kind and its position.</summary>
    public static TheoryData<string, GtUriError, int> Invalid => new()
    {
        // Empty, scheme.
        { "", GtUriError.Empty, 0 },
        { "acme.com/eng", GtUriError.MissingScheme, 0 },
        { "gt-xyz", GtUriError.MissingScheme, 0 },
        { "gt:/acme.com", GtUriError.MissingScheme, 2 },
        { "gt:acme.com", GtUriError.MissingScheme, 2 },
        { "gt", GtUriError.MissingScheme, 2 },
        { "HOP", GtUriError.MissingScheme, 3 },
        { "notauri", GtUriError.MissingScheme, 0 },
        { "gt//acme.com", GtUriError.MissingScheme, 2 },
        { "gt:\\\\acme.com", GtUriError.MissingScheme, 2 },
        { "http://acme.com", GtUriError.UnsupportedScheme, 0 },
        { "https://acme.com/eng", GtUriError.UnsupportedScheme, 0 },
        { "beads://platform/org/repo/issue-id", GtUriError.UnsupportedScheme, 0 },
        { "gtx://acme.com", GtUriError.UnsupportedScheme, 0 },
        { "://acme.com", GtUriError.UnsupportedScheme, 0 },
        { " gt://acme.com", GtUriError.Whitespace, 0 },
        { "gt ://acme.com", GtUriError.Whitespace, 2 },
        { "\0gt://acme.com", GtUriError.ControlCharacter, 0 },
        { "ｇｔ://acme.com", GtUriError.NonAsciiCharacter, 0 },
        { "g%74://acme.com", GtUriError.PercentEncodingNotAllowed, 1 },

        // Empty and dot segments, trailing slash, too many segments.
        { "gt://", GtUriError.EmptySegment, 5 },
        { "gt:///", GtUriError.EmptySegment, 5 },
        { "gt:///eng", GtUriError.EmptySegment, 5 },
        { "hop:///x", GtUriError.EmptySegment, 6 },
        { "gt://acme.com//eng", GtUriError.EmptySegment, 14 },
        { "gt://acme.com/eng//gt-1", GtUriError.EmptySegment, 18 },
        { "gt://acme.com/eng/r//gt-1", GtUriError.EmptySegment, 20 },
        { "gt://a.com//", GtUriError.EmptySegment, 11 },
        { "gt://acme.com/", GtUriError.TrailingSlash, 13 },
        { "gt://acme.com/eng/", GtUriError.TrailingSlash, 17 },
        { "gt://acme.com/eng/gt-1/", GtUriError.TrailingSlash, 22 },
        { "gt://acme.com/eng/r/gt-1/", GtUriError.TrailingSlash, 24 },
        { "gt://acme.com/./gt-1", GtUriError.DotSegment, 14 },
        { "gt://acme.com/../gt-1", GtUriError.DotSegment, 14 },
        { "gt://acme.com/..", GtUriError.DotSegment, 14 },
        { "gt://acme.com/eng/../gt-1", GtUriError.DotSegment, 18 },
        { "gt://acme.com/eng/./gt-1", GtUriError.DotSegment, 18 },
        { "gt://acme.com/eng/r/..", GtUriError.DotSegment, 20 },
        { "gt://acme.com/eng/r/.", GtUriError.DotSegment, 20 },
        { "gt://acme.com/eng/..", GtUriError.DotSegment, 18 },
        { "gt://acme.com/a/b/c-1/d", GtUriError.TooManySegments, 21 },
        { "gt://acme.com/a/b/c-1/d-2", GtUriError.TooManySegments, 21 },
        { "gt://acme.com/a/b/c-1/d/e/f", GtUriError.TooManySegments, 21 },

        // Query, fragment, percent-encoding (and %2F smuggling).
        { "gt://acme.com/eng?x=1", GtUriError.QueryNotAllowed, 17 },
        { "gt://acme.com?x", GtUriError.QueryNotAllowed, 13 },
        { "gt://acme.com/eng/r/gt-1?x", GtUriError.QueryNotAllowed, 24 },
        { "gt://acme.com/eng/r/gt-1?", GtUriError.QueryNotAllowed, 24 },
        { "gt://acme.com/eng#frag", GtUriError.FragmentNotAllowed, 17 },
        { "gt://acme.com#f", GtUriError.FragmentNotAllowed, 13 },
        { "gt://acme.com/eng/gt-1#", GtUriError.FragmentNotAllowed, 22 },
        { "gt://acme.com/a%2Fb", GtUriError.PercentEncodingNotAllowed, 15 },
        { "gt://acme.com/eng%2Fgastown/gt-1", GtUriError.PercentEncodingNotAllowed, 17 },
        { "gt://acme.com/eng/gt%2Dx", GtUriError.PercentEncodingNotAllowed, 20 },
        { "gt://acme%2Ecom", GtUriError.PercentEncodingNotAllowed, 9 },
        { "gt://%61cme.com", GtUriError.PercentEncodingNotAllowed, 5 },
        { "gt://acme.com/%2e%2e/x-1", GtUriError.PercentEncodingNotAllowed, 14 },
        { "gt://acme.com/eng/%", GtUriError.PercentEncodingNotAllowed, 18 },
        { "gt://alice%40example.com", GtUriError.PercentEncodingNotAllowed, 10 },

        // User-info tricks and ports.
        { "gt://a@b@c.com", GtUriError.UserInfoNotAllowed, 8 },
        { "gt://a@b.com@c.com", GtUriError.UserInfoNotAllowed, 12 },
        { "gt://:pw@x.com", GtUriError.UserInfoNotAllowed, 5 },
        { "gt://user:pw@x.com", GtUriError.UserInfoNotAllowed, 9 },
        { "gt://user:@x.com/eng", GtUriError.UserInfoNotAllowed, 9 },
        { "gt://acme.com:80", GtUriError.PortNotAllowed, 13 },
        { "gt://acme.com:80/eng", GtUriError.PortNotAllowed, 13 },
        { "gt://acme.com:/eng", GtUriError.PortNotAllowed, 13 },
        { "gt://alice@acme.com:22/t", GtUriError.PortNotAllowed, 19 },
        { "gt://alice@b.com:x@c", GtUriError.PortNotAllowed, 16 },

        // White space, control characters, NUL.
        { "gt://acme.com/e ng", GtUriError.Whitespace, 15 },
        { "gt://acme.com/eng\t", GtUriError.Whitespace, 17 },
        { "gt://acme.com/eng\n", GtUriError.Whitespace, 17 },
        { "gt://acme.com/eng\r\n", GtUriError.Whitespace, 17 },
        { "gt://acme.com /eng", GtUriError.Whitespace, 13 },
        { "gt://acme.com/eng/r/gt-1 ", GtUriError.Whitespace, 24 },
        { "gt:// acme.com", GtUriError.Whitespace, 5 },
        { "gt://acme.com/eng\0", GtUriError.ControlCharacter, 17 },
        { "gt://acme\0.com", GtUriError.ControlCharacter, 9 },
        { "gt://acme.com/eng/gt-1\0/x", GtUriError.ControlCharacter, 22 },
        { "gt://acme.com/eng\u007f", GtUriError.ControlCharacter, 17 },
        { "gt://acme.com/eng\u001b[31m", GtUriError.ControlCharacter, 17 },

        // Non-ASCII: look-alikes, full-width slashes, invisible characters, emoji.
        { "gt://аcme.com", GtUriError.NonAsciiCharacter, 5 },
        { "gt://acme.cоm", GtUriError.NonAsciiCharacter, 11 },
        { "gt://аlice@example.com", GtUriError.NonAsciiCharacter, 5 },
        { "gt://bücher.example", GtUriError.NonAsciiCharacter, 6 },
        { "gt://acme.com／eng", GtUriError.NonAsciiCharacter, 13 },
        { "gt://acme.com/eng／gt-1", GtUriError.NonAsciiCharacter, 17 },
        { "gt://acme.com/éng", GtUriError.NonAsciiCharacter, 14 },
        { "gt://acme.com/eng/gt-1\u200B", GtUriError.NonAsciiCharacter, 22 },
        { "gt://acme.com/eng/\uD83D\uDE00", GtUriError.NonAsciiCharacter, 18 },
        { "gt://acme.com/eng/gt\u2010x", GtUriError.NonAsciiCharacter, 20 },
        { "gt://acme.com/eng/gt-x\u0338", GtUriError.NonAsciiCharacter, 22 },
        { "gt://acme.com\u2215eng", GtUriError.NonAsciiCharacter, 13 },
        { "gt://acme.com/eng\u00A0", GtUriError.NonAsciiCharacter, 17 },

        // Other characters that have no place.
        { "gt://acme.com\\eng", GtUriError.InvalidCharacter, 13 },
        { "gt://acme.com/eng\\gt-1", GtUriError.InvalidCharacter, 17 },
        { "gt://acme.com!/x", GtUriError.InvalidCharacter, 13 },
        { "gt://acme.com/eng!", GtUriError.InvalidCharacter, 17 },
        { "gt://acme.com/eng*", GtUriError.InvalidCharacter, 17 },
        { "gt://acme.com/e~g", GtUriError.InvalidCharacter, 15 },
        { "gt://[::1]/eng", GtUriError.InvalidCharacter, 5 },
        { "gt://acme.com;x", GtUriError.InvalidCharacter, 13 },
        { "gt://acme.com/e+g", GtUriError.InvalidCharacter, 15 },
        { "gt://acme.com/e@g", GtUriError.InvalidCharacter, 15 },
        { "gt://acme.com/e:g", GtUriError.InvalidCharacter, 15 },
        { "gt://acme.com/eng/gt-x:y", GtUriError.InvalidCharacter, 22 },
        { "gt://acme.com/eng/gt-x@y", GtUriError.InvalidCharacter, 22 },
        { "gt://acme.com/eng/gt-x+y", GtUriError.InvalidCharacter, 22 },
        { "gt://acme_corp.com", GtUriError.InvalidCharacter, 9 },
        { "gt://a+b.com", GtUriError.InvalidCharacter, 6 },
        { "gt://alice@a_b.com", GtUriError.InvalidCharacter, 12 },
        { "gt://'acme.com'", GtUriError.InvalidCharacter, 5 },
        { "gt://<acme.com>", GtUriError.InvalidCharacter, 5 },
        { "gt://acme.com/\"eng\"", GtUriError.InvalidCharacter, 14 },

        // Entity structure.
        { "gt://-acme.com", GtUriError.InvalidEntity, 5 },
        { "gt://acme-.com", GtUriError.InvalidEntity, 5 },
        { "gt://acme.-com", GtUriError.InvalidEntity, 10 },
        { "gt://acme..com", GtUriError.InvalidEntity, 10 },
        { "gt://.acme.com", GtUriError.InvalidEntity, 5 },
        { "gt://acme.com.", GtUriError.InvalidEntity, 14 },
        { "gt://.", GtUriError.InvalidEntity, 5 },
        { "gt://..", GtUriError.InvalidEntity, 5 },
        { "gt://@acme.com", GtUriError.InvalidEntity, 5 },
        { "gt://alice@", GtUriError.InvalidEntity, 11 },
        { "gt://alice@/t", GtUriError.InvalidEntity, 11 },
        { "gt://.alice@x.com", GtUriError.InvalidEntity, 5 },
        { "gt://alice.@x.com", GtUriError.InvalidEntity, 5 },
        { "gt://al..ice@x.com", GtUriError.InvalidEntity, 5 },
        { "gt://alice@-x.com", GtUriError.InvalidEntity, 11 },

        // Chain, rig and work-id structure.
        { "gt://acme.com/-eng", GtUriError.InvalidName, 14 },
        { "gt://acme.com/.eng", GtUriError.InvalidName, 14 },
        { "gt://acme.com/_eng", GtUriError.InvalidName, 14 },
        { "gt://acme.com/eng/-rig/gt-1", GtUriError.InvalidName, 18 },
        { "gt://acme.com/eng/gastown", GtUriError.InvalidWorkId, 18 },
        { "gt://acme.com/a/b/c/d-1", GtUriError.InvalidWorkId, 18 },
        { "gt://acme.com/eng/-xyz", GtUriError.InvalidWorkId, 18 },
        { "gt://acme.com/eng/_x-1", GtUriError.InvalidWorkId, 18 },
        { "gt://acme.com/eng/xyz-", GtUriError.InvalidWorkId, 21 },
        { "gt://acme.com/eng/bd-a3f8.", GtUriError.InvalidWorkId, 25 },
        { "gt://acme.com/eng/bd-a3f8..1", GtUriError.InvalidWorkId, 26 },
        { "gt://acme.com/eng/bd.a-1", GtUriError.InvalidWorkId, 20 },
        { "gt://acme.com/eng/gt-.1", GtUriError.InvalidWorkId, 21 },
        { "gt://acme.com/eng/gt-1.-2", GtUriError.InvalidWorkId, 23 },
        { "gt://acme.com/eng/r/gt", GtUriError.InvalidWorkId, 20 },

        // Length limits, one over.
        { "gt://acme.com/" + new string('a', 600), GtUriError.TooLong, GtUriLimits.MaxUriLength },
        { "gt://" + new string('a', 10_000), GtUriError.TooLong, GtUriLimits.MaxUriLength },
        { $"gt://{A64}.com", GtUriError.SegmentTooLong, 5 },
        { $"gt://{A64}a@example.com", GtUriError.SegmentTooLong, 5 },
        { $"gt://{Domain254}", GtUriError.SegmentTooLong, 5 },
        { $"gt://acme.com/{A64}a", GtUriError.SegmentTooLong, 14 },
        { $"gt://acme.com/t/{A64}a/gt-1", GtUriError.SegmentTooLong, 16 },
        { $"gt://acme.com/eng/{WorkId129}", GtUriError.SegmentTooLong, 18 },
    };
}
