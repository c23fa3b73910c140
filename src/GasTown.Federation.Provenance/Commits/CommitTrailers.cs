namespace GasTown.Federation.Provenance;

/// <summary>
/// Reads and writes git trailers in commit messages, and the provenance trailers (<c>Executed-By:</c>, <c>Rig:</c>,
/// <c>Role:</c>, <c>Molecule:</c>) that beads' <c>prepare-commit-msg</c> hook adds.
/// </summary>
/// <remarks>
/// <para>
/// Rules (a strict subset of <c>git interpret-trailers</c>): the trailers are the last paragraph of the message
/// (blank lines at the end ignored), provided the message has an earlier paragraph (the subject is never a trailer
/// block) and every line of that paragraph is <c>Token: value</c> (token: letters, digits, <c>-</c>) or a
/// continuation line starting with white space. git also accepts a block with some non-trailer lines when it
/// contains a trailer it generated itself; such blocks are read here as having no trailers.
/// </para>
/// <para>
/// Appending adds the lines to an existing trailer block, so it stays one contiguous block (upstream's hook first
/// added a blank line, which split the block and hid the earlier trailers from <c>git interpret-trailers --parse</c>),
/// and otherwise after a blank line. A trailer already present with the same key and value is not added twice.
/// </para>
/// </remarks>
public static class CommitTrailers
{
    /// <summary>The trailers of a commit message, in order; empty when it has none.</summary>
    public static IReadOnlyList<CommitTrailer> Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var lines = SplitLines(message);
        return TryFindTrailerBlock(lines, out var start, out var end) ? ParseBlock(lines, start, end) : [];
    }

    /// <summary>The value of the first trailer with the key (case-insensitive), or <see langword="null"/>.</summary>
    public static string? GetValue(IEnumerable<CommitTrailer> trailers, string key)
    {
        ArgumentNullException.ThrowIfNull(trailers);
        foreach (var trailer in trailers)
        {
            if (trailer.HasKey(key))
            {
                return trailer.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The provenance trailers for an actor: <c>Executed-By</c> (the actor path), then <c>Rig</c> and <c>Role</c>
    /// when the actor has them, then <c>Molecule</c> when given.
    /// </summary>
    public static IReadOnlyList<CommitTrailer> ForActor(ActorId actor, string? molecule = null)
    {
        if (actor.IsDefault)
        {
            throw new ArgumentException("The actor is default(ActorId); parse or build a real actor.", nameof(actor));
        }

        var trailers = new List<CommitTrailer>(4) { new(ProvenanceTrailerKeys.ExecutedBy, actor.Path) };
        if (actor.Rig is { } rig)
        {
            trailers.Add(new(ProvenanceTrailerKeys.Rig, rig));
        }

        if (actor.RoleName is { } role)
        {
            trailers.Add(new(ProvenanceTrailerKeys.Role, role));
        }

        if (!string.IsNullOrWhiteSpace(molecule))
        {
            trailers.Add(new(ProvenanceTrailerKeys.Molecule, molecule.Trim()));
        }

        return trailers;
    }

    /// <summary>
    /// Adds the provenance trailers of <see cref="ForActor"/> to a message, unless it already has an
    /// <c>Executed-By:</c> trailer (then it is returned unchanged, as upstream's hook does).
    /// </summary>
    public static string AppendProvenance(string message, ActorId actor, string? molecule = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return GetValue(Parse(message), ProvenanceTrailerKeys.ExecutedBy) is not null
            ? message
            : Append(message, ForActor(actor, molecule));
    }

    /// <summary>
    /// Adds trailers to a message: into its trailer block if it has one, else after a blank line. Trailers already
    /// present (same key ignoring case, same value) are skipped. The result ends with one newline.
    /// </summary>
    /// <exception cref="ArgumentException">The message is empty, or a trailer's key or value cannot be written.</exception>
    public static string Append(string message, IEnumerable<CommitTrailer> trailers)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(trailers);
        var body = message.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        if (body.Length == 0)
        {
            throw new ArgumentException("The commit message is empty; a trailer needs a subject line before it.", nameof(message));
        }

        var existing = Parse(body);
        var toAdd = new List<CommitTrailer>();
        foreach (var trailer in trailers)
        {
            Validate(trailer);
            if (!existing.Any(e => e.HasKey(trailer.Key) && e.Value == trailer.Value) &&
                !toAdd.Any(e => e.HasKey(trailer.Key) && e.Value == trailer.Value))
            {
                toAdd.Add(trailer);
            }
        }

        if (toAdd.Count == 0)
        {
            return body + "\n";
        }

        var builder = new System.Text.StringBuilder(body);
        builder.Append(existing.Count > 0 ? "\n" : "\n\n");
        foreach (var trailer in toAdd)
        {
            builder.Append(trailer.Key).Append(": ").Append(trailer.Value).Append('\n');
        }

        return builder.ToString();
    }

    private static void Validate(CommitTrailer trailer)
    {
        if (string.IsNullOrEmpty(trailer.Key) || !trailer.Key.All(IsTokenChar))
        {
            throw new ArgumentException($"'{trailer.Key}' is not a trailer key: use letters, digits and '-', for example 'Executed-By'.", nameof(trailer));
        }

        if (trailer.Value is null || trailer.Value.Contains('\n', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(trailer.Value))
        {
            throw new ArgumentException($"The value of trailer '{trailer.Key}' must be one non-empty line.", nameof(trailer));
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static List<string> SplitLines(string message)
    {
        var lines = new List<string>(message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static bool TryFindTrailerBlock(List<string> lines, out int start, out int end)
    {
        end = lines.Count;
        start = end;
        while (start > 0 && !string.IsNullOrWhiteSpace(lines[start - 1]))
        {
            start--;
        }

        // start == 0: the message is one paragraph, i.e. only a subject (and body) with nothing before it.
        if (start == 0 || start == end)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                if (i == start)
                {
                    return false;
                }

                continue;
            }

            if (!TrySplit(line, out _, out _))
            {
                return false;
            }
        }

        return true;
    }

    private static List<CommitTrailer> ParseBlock(List<string> lines, int start, int end)
    {
        var trailers = new List<CommitTrailer>();
        for (var i = start; i < end; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                var last = trailers[^1];
                trailers[^1] = last with { Value = $"{last.Value} {line.Trim()}".Trim() };
                continue;
            }

            TrySplit(line, out var key, out var value);
            trailers.Add(new CommitTrailer(key, value));
        }

        return trailers;
    }

    private static bool TrySplit(string line, out string key, out string value)
    {
        key = value = string.Empty;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var token = line.AsSpan(0, colon).TrimEnd();
        if (token.IsEmpty)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        key = token.ToString();
        value = line[(colon + 1)..].Trim();
        return true;
    }
}
