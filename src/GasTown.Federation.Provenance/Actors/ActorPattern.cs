using System.Diagnostics;
using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>
/// A glob over actor paths, for audits and event filters: <c>gastown/*</c> (everything acting in the gastown rig),
/// <c>*/polecats/*</c> (every polecat), <c>mayor</c> (only the mayor).
/// </summary>
/// <remarks>
/// <para>
/// Matching is case-insensitive (invariant culture) and anchored at both ends: a pattern without wildcards matches
/// only the identical path, never a substring. That is deliberately unlike upstream's <c>gt audit</c>, whose
/// substring matching makes <c>gastown/crew/joe</c> match <c>beads/crew/joe</c> and <c>gastown/*</c> match nothing.
/// </para>
/// <para>
/// <c>*</c> matches any run of characters, <c>/</c> included, and <c>?</c> exactly one character (one UTF-16 code
/// unit). There is no escape: actor paths never contain <c>*</c> or <c>?</c>.
/// </para>
/// <para>
/// Time: the pattern is split at its stars into literal segments (which may hold <c>?</c>). The first segment must
/// match the start, the last the end, and each middle segment is taken at its leftmost occurrence after the previous
/// one; leftmost is always safe for star globs, so the matcher never backtracks. Each text position is tried as the
/// start of at most one segment, so a match costs at most <c>O(text length × longest segment)</c>: linear in the
/// actor for a given pattern, with no regular-expression blow-up.
/// </para>
/// </remarks>
[DebuggerDisplay("{Pattern,nq}")]
public sealed class ActorPattern : IEquatable<ActorPattern>
{
    private readonly string[] _segments;
    private readonly bool _startsWithStar;
    private readonly bool _endsWithStar;

    private ActorPattern(string pattern, string[] segments, bool startsWithStar, bool endsWithStar)
    {
        Pattern = pattern;
        _segments = segments;
        _startsWithStar = startsWithStar;
        _endsWithStar = endsWithStar;
    }

    /// <summary>A pattern that matches every actor (<c>*</c>).</summary>
    public static ActorPattern Any { get; } = Parse("*");

    /// <summary>The glob as given.</summary>
    public string Pattern { get; }

    /// <summary><see langword="true"/> when the pattern has no wildcard and so matches one path (ignoring case).</summary>
    public bool IsLiteral => !_startsWithStar && _segments.Length == 1 && !_segments[0].Contains('?', StringComparison.Ordinal);

    /// <summary>Parses a glob.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="glob"/> is <see langword="null"/>.</exception>
    /// <exception cref="ActorFormatException">The glob is empty, white space only, or contains a control character.</exception>
    public static ActorPattern Parse(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        if (string.IsNullOrWhiteSpace(glob))
        {
            throw new ActorFormatException("The actor pattern is empty; use a glob such as 'gastown/*', '*/polecats/*' or 'mayor'.");
        }

        for (var i = 0; i < glob.Length; i++)
        {
            if (char.IsControl(glob[i]))
            {
                throw new ActorFormatException(
                    $"The actor pattern '{MessageText.Printable(glob, MessageText.MaxCallerText)}' contains the control character U+{(int)glob[i]:X4} at position {i}.")
                { Position = i };
            }
        }

        var lowered = glob.ToLowerInvariant();
        var segments = lowered.Split('*');

        // "a**b" is "a*b"; empty inner segments would only cost time.
        var kept = new List<string>(segments.Length);
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0 || i == 0 || i == segments.Length - 1)
            {
                kept.Add(segments[i]);
            }
        }

        return new ActorPattern(glob, [.. kept], lowered.StartsWith('*'), lowered.EndsWith('*'));
    }

    /// <summary>Tries to parse a glob; <see langword="false"/> for null, empty, blank or control-character text.</summary>
    public static bool TryParse(string? glob, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActorPattern? pattern)
    {
        pattern = null;
        if (glob is null)
        {
            return false;
        }

        try
        {
            pattern = Parse(glob);
            return true;
        }
        catch (ActorFormatException)
        {
            return false;
        }
    }

    /// <summary>Whether the actor's <see cref="ActorId.Path"/> matches.</summary>
    public bool IsMatch(ActorId actor) => IsMatch(actor.Path.AsSpan());

    /// <summary>Whether the actor path matches.</summary>
    public bool IsMatch(string actorPath)
    {
        ArgumentNullException.ThrowIfNull(actorPath);
        return IsMatch(actorPath.AsSpan());
    }

    /// <summary>Whether the actor path matches.</summary>
    public bool IsMatch(ReadOnlySpan<char> actorPath)
    {
        if (_segments.Length == 1)
        {
            // No star at all: the whole text must match the one segment.
            return actorPath.Length == _segments[0].Length && SegmentMatchesAt(actorPath, 0, _segments[0]);
        }

        var first = _segments[0];
        var last = _segments[^1];
        if (actorPath.Length < first.Length + last.Length)
        {
            return false;
        }

        if (!SegmentMatchesAt(actorPath, 0, first) || !SegmentMatchesAt(actorPath, actorPath.Length - last.Length, last))
        {
            return false;
        }

        // Middle segments: leftmost occurrence in the window left between the prefix and the suffix.
        var position = first.Length;
        var limit = actorPath.Length - last.Length;
        for (var s = 1; s < _segments.Length - 1; s++)
        {
            var segment = _segments[s];
            var found = -1;
            for (var start = position; start + segment.Length <= limit; start++)
            {
                if (SegmentMatchesAt(actorPath, start, segment))
                {
                    found = start;
                    break;
                }
            }

            if (found < 0)
            {
                return false;
            }

            position = found + segment.Length;
        }

        return true;
    }

    private static bool SegmentMatchesAt(ReadOnlySpan<char> text, int start, string loweredSegment)
    {
        for (var i = 0; i < loweredSegment.Length; i++)
        {
            var p = loweredSegment[i];
            if (p != '?' && p != char.ToLowerInvariant(text[start + i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(ActorPattern? other) => other is not null && string.Equals(Pattern, other.Pattern, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPattern);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Pattern);

    /// <summary>The glob as given.</summary>
    public override string ToString() => Pattern;
}
