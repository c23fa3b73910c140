using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// A town's <c>.beads/routes.jsonl</c>: which folder holds the beads of each id prefix.
/// Read leniently as upstream does (blank lines, <c>#</c> comments and malformed lines skipped), but
/// every skipped line is reported in <see cref="Diagnostics"/> with its line number instead of silently.
/// </summary>
/// <remarks>
/// <para>
/// Routing (<see cref="TryRoute(string, out Route)"/>) tries the hyphen-terminated prefixes of the id from the
/// longest to the shortest: <c>gt-wisp-050</c> tries <c>gt-wisp-</c>, then <c>gt-</c>. With only simple
/// prefixes that is exactly upstream's first-hyphen rule; unlike upstream it also finds hyphenated
/// prefixes such as <c>claude-os-</c> (beads GH#5048). When a prefix appears twice the first route wins, as upstream.
/// </para>
/// <para>
/// Each line is read as upstream's <c>json.Unmarshal</c> into its Route struct reads it: keys case-insensitively,
/// the last matching key winning, invalid UTF-8 in strings as U+FFFD; no byte makes <see cref="Parse"/> throw. A
/// leading UTF-8 BOM is skipped with a warning (upstream's reader loses the first route to it). Paths must pass the
/// SDK's one path rule (<c>..</c>, absolute, backslash, control characters and <c>.git</c> are refused, reported
/// with <see cref="LineDiagnostic.RefusedPath"/>).
/// </para>
/// <para>Instances are immutable; <see cref="With(Route)"/> and <see cref="Without(string)"/> return changed copies.</para>
/// </remarks>
public sealed class RouteTable
{
    /// <summary>Where a town keeps its routes, relative to the town root.</summary>
    public const string RelativePath = ".beads/routes.jsonl";

    // Upstream's Route struct: {Prefix `json:"prefix"`, Path `json:"path"`}.
    private static readonly GoJsonField[] Fields = [new("prefix", JsonValueKind.String), new("path", JsonValueKind.String)];

    private readonly Dictionary<string, Route> _byPrefix;
    private readonly Dictionary<string, Route>.AlternateLookup<ReadOnlySpan<char>> _byPrefixSpan;

    // The most hyphens in any routed prefix: an id's candidate prefixes never need more, so a town with only
    // simple prefixes (gt-, bd-, hq-) routes with one lookup, exactly upstream's cost.
    private readonly int _maxPrefixHyphens;

    /// <summary>Creates a table of <paramref name="routes"/>, in order.</summary>
    public RouteTable(IEnumerable<Route> routes)
        : this(routes.ToArray(), [], null)
    {
    }

    private RouteTable(Route[] routes, LineDiagnostic[] diagnostics, (int Number, ReadOnlyMemory<byte> Utf8)[]? lines)
    {
        Routes = routes;
        Diagnostics = diagnostics;
        lines ??= new (int, ReadOnlyMemory<byte>)[routes.Length];
        LineNumbers = lines.Select(l => l.Number).ToArray();
        Lines = lines.Select(l => l.Utf8).ToArray();
        _byPrefix = new Dictionary<string, Route>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            _byPrefix.TryAdd(route.Prefix, route);
            _maxPrefixHyphens = Math.Max(_maxPrefixHyphens, route.Prefix.AsSpan().Count('-'));
        }

        _byPrefixSpan = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A table with no routes.</summary>
    public static RouteTable Empty { get; } = new([], [], null);

    /// <summary>The routes, in file order (duplicates included, so a rewrite loses nothing that upstream would keep).</summary>
    public IReadOnlyList<Route> Routes { get; }

    /// <summary>
    /// The exact bytes of each route's line as read (without line ending or surrounding blanks), parallel to
    /// <see cref="Routes"/>; empty for a route that was not read from a file. A publisher copies these, so a public
    /// route is published exactly as the town wrote it.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Lines { get; }

    /// <summary>The 1-based line of each route, parallel to <see cref="Routes"/>; 0 for a route not read from a file.</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    /// <summary>The lines that were skipped or suspicious when the table was read.</summary>
    public IReadOnlyList<LineDiagnostic> Diagnostics { get; }

    /// <summary>Reads routes.jsonl content.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <returns>The table; bad lines are in <see cref="Diagnostics"/>, never thrown.</returns>
    public static RouteTable Parse(ReadOnlySpan<byte> utf8)
    {
        var routes = new List<Route>();
        var lines = new List<(int, ReadOnlyMemory<byte>)>();
        var diagnostics = new List<LineDiagnostic>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        if (GoJsonInput.BomLength(utf8) > 0)
        {
            // Skipped as every reader of the SDK skips it; upstream's reader does not, and so misses the first line.
            utf8 = GoJsonInput.SkipBom(utf8);
            diagnostics.Add(new LineDiagnostic(1, "the file starts with a UTF-8 byte order mark; it was skipped, but upstream's gt and bd skip the whole first line because of it: save the file without a BOM", ChainDiagnosticSeverity.Warning));
        }

        foreach (var range in utf8.Split((byte)'\n'))
        {
            lineNumber++;
            var line = utf8[range].Trim(" \t\r\f\v"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == (byte)'#')
            {
                continue;
            }

            if (!TryReadLine(line, lineNumber, out var route, out var problem))
            {
                diagnostics.Add(problem!);
                continue;
            }

            if (!seen.Add(route!.Prefix))
            {
                diagnostics.Add(new LineDiagnostic(lineNumber, $"prefix '{MessageText.Printable(route.Prefix)}' is routed again (to '{MessageText.Printable(route.Path)}'); the first route wins, as upstream", ChainDiagnosticSeverity.Warning));
            }
            else if (!route.HasHyphenatedPrefix)
            {
                diagnostics.Add(new LineDiagnostic(lineNumber, $"prefix '{MessageText.Printable(route.Prefix)}' does not end with '-', so no id can route to it; write it as '{MessageText.Printable(route.Prefix)}-'", ChainDiagnosticSeverity.Warning));
            }

            routes.Add(route);
            lines.Add((lineNumber, line.ToArray()));
        }

        return new RouteTable(routes.ToArray(), diagnostics.ToArray(), lines.ToArray());
    }

    /// <summary>Reads a routes.jsonl file.</summary>
    /// <param name="path">The file path (usually <c>&lt;town&gt;/.beads/routes.jsonl</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The table, or <see cref="Empty"/> when the file does not exist (a town without rigs).</returns>
    public static async ValueTask<RouteTable> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var bytes = await LocalFile.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return Parse(bytes);
        }
        catch (FileNotFoundException)
        {
            return Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return Empty;
        }
    }

    /// <summary>Finds the route of a work id: the longest hyphen-terminated prefix of the id that has a route.</summary>
    /// <param name="workId">A work id such as <c>gt-abc</c>, <c>hq-cv-1</c> or <c>claude-os-12</c>.</param>
    /// <param name="route">The route, when found.</param>
    /// <returns>Whether a route was found.</returns>
    public bool TryRoute(string workId, [NotNullWhen(true)] out Route? route)
    {
        ArgumentNullException.ThrowIfNull(workId);
        return TryRoute(workId.AsSpan(), out route);
    }

    /// <summary>Finds the route of a work id given as characters, without allocating.</summary>
    /// <param name="workId">The work id.</param>
    /// <param name="route">The route, when found.</param>
    /// <returns>Whether a route was found.</returns>
    public bool TryRoute(ReadOnlySpan<char> workId, [NotNullWhen(true)] out Route? route)
    {
        if (_maxPrefixHyphens > 0)
        {
            // The ends of the id's first hyphen-terminated prefixes, then tried longest first.
            Span<int> ends = _maxPrefixHyphens <= 16 ? stackalloc int[_maxPrefixHyphens] : new int[_maxPrefixHyphens];
            var count = 0;
            for (var i = 0; i < workId.Length && count < ends.Length; i++)
            {
                if (workId[i] == '-')
                {
                    ends[count++] = i;
                }
            }

            while (count > 0)
            {
                if (_byPrefixSpan.TryGetValue(workId[..(ends[--count] + 1)], out route))
                {
                    return true;
                }
            }
        }

        route = null;
        return false;
    }

    /// <summary>
    /// The SDK's one way to build the context in which short forms written in a chain resolve (<c>gt-xyz</c>,
    /// <c>gastown/gt-xyz</c>, <c>./gt-xyz</c>, <c>external:gastown:gt-xyz</c>): the rig of a bare id is the rig that
    /// holds it when <paramref name="rigOfWorkUnit"/> knows it, else the rig of its prefix's route; town-level ids, and
    /// rigs whose names a <c>gt://</c> URI cannot carry, name no rig and are routed by prefix.
    /// </summary>
    /// <param name="chain">The chain the references were written in (<c>gt://entity/chain</c> or a URI inside it).</param>
    /// <param name="currentRig">The rig they were written in, or null (ignored when not a valid rig name).</param>
    /// <param name="rigOfWorkUnit">
    /// The rig of a work unit the chain holds (<see cref="Route.TownLevelRigName"/> for a town-level one), or null
    /// when it holds none with that id; leave out to route by prefix only.
    /// </param>
    /// <returns>The context.</returns>
    /// <exception cref="ArgumentException"><paramref name="chain"/> names an entity only.</exception>
    public WorkReferenceContext CreateReferenceContext(GtUri chain, string? currentRig = null, Func<string, string?>? rigOfWorkUnit = null)
    {
        return new WorkReferenceContext(chain, currentRig is not null && RigNames.IsValid(currentRig) ? currentRig : null, RigFor);

        string? RigFor(string workId)
        {
            var rig = rigOfWorkUnit?.Invoke(workId) ?? (TryRoute(workId, out var route) ? route.RigName : null);
            return rig is null or Route.TownLevelRigName || !RigNames.IsValid(rig) ? null : rig;
        }
    }

    /// <summary>
    /// Finds a route the forgiving way upstream's <c>--rig</c> does: by prefix with or without its hyphen
    /// (<c>bd-</c>, <c>bd</c>), or by rig name (<c>beads</c>).
    /// </summary>
    /// <param name="rigOrPrefix">A prefix or a rig name.</param>
    /// <param name="route">The first matching route.</param>
    /// <returns>Whether one was found.</returns>
    public bool TryFindRig(string rigOrPrefix, [NotNullWhen(true)] out Route? route)
    {
        ArgumentNullException.ThrowIfNull(rigOrPrefix);
        if (_byPrefix.TryGetValue(rigOrPrefix, out route) || _byPrefix.TryGetValue(rigOrPrefix + "-", out route))
        {
            return true;
        }

        route = Routes.FirstOrDefault(r => string.Equals(r.RigName, rigOrPrefix, StringComparison.Ordinal));
        return route is not null;
    }

    /// <summary>Returns a table where <paramref name="route"/> replaces the route of the same prefix in place, or is appended (upstream's AppendRoute).</summary>
    public RouteTable With(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var routes = Routes.ToList();
        var lines = Routes.Select((_, i) => (LineNumbers[i], Lines[i])).ToList();
        var index = routes.FindIndex(r => r.Prefix == route.Prefix);
        if (index >= 0)
        {
            routes[index] = route;
            lines[index] = default;
        }
        else
        {
            routes.Add(route);
            lines.Add(default);
        }

        return new RouteTable(routes.ToArray(), [], lines.ToArray());
    }

    /// <summary>Returns a table without the routes of <paramref name="prefix"/>.</summary>
    public RouteTable Without(string prefix)
    {
        var kept = Enumerable.Range(0, Routes.Count).Where(i => Routes[i].Prefix != prefix).ToArray();
        return new RouteTable(kept.Select(i => Routes[i]).ToArray(), [], kept.Select(i => (LineNumbers[i], Lines[i])).ToArray());
    }

    /// <summary>
    /// Writes the table in upstream's format: one compact <c>{"prefix":…,"path":…}</c> per route, each
    /// followed by LF, Go's escaping. Skipped lines of the original file are not written back.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var route in Routes)
        {
            GoJsonWriter.WriteRaw(writer, "{\"prefix\":"u8);
            GoJsonWriter.WriteString(writer, route.Prefix);
            GoJsonWriter.WriteRaw(writer, ",\"path\":"u8);
            GoJsonWriter.WriteString(writer, route.Path);
            GoJsonWriter.WriteRaw(writer, "}\n"u8);
        }
    }

    /// <summary>The bytes <see cref="WriteTo"/> writes.</summary>
    public byte[] ToUtf8Bytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the table to <paramref name="path"/> atomically (temp file, flush, rename), creating the folder.</summary>
    public ValueTask SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AtomicFileReplace.WriteAsync(path, ToUtf8Bytes(), cancellationToken);
    }

    private static bool TryReadLine(ReadOnlySpan<byte> line, int lineNumber, out Route? route, out LineDiagnostic? problem)
    {
        route = null;
        problem = null;
        string? prefix;
        string? path;
        JsonDocument document;
        try
        {
            // Invalid UTF-8 reads as U+FFFD, as Go's json.Unmarshal reads it: no byte makes this throw.
            document = JsonDocument.Parse(GoJsonInput.Normalize(line).ToArray());
        }
        catch (JsonException exception)
        {
            problem = new LineDiagnostic(lineNumber, $"malformed JSON ({exception.Message}); line skipped", ChainDiagnosticSeverity.Error);
            return false;
        }

        using (document)
        {
            // Keys as upstream's json.Unmarshal into its Route struct matches them: case-insensitively, the last winning.
            if (!GoJsonObject.TryRead(document.RootElement, Fields, out var fields, out var fieldProblem))
            {
                problem = new LineDiagnostic(lineNumber, $"{fieldProblem}; line skipped", ChainDiagnosticSeverity.Error);
                return false;
            }

            prefix = fields.String(0);
            path = fields.String(1);
        }

        if (string.IsNullOrEmpty(prefix) || string.IsNullOrEmpty(path))
        {
            problem = new LineDiagnostic(lineNumber, $"missing or empty \"{(string.IsNullOrEmpty(prefix) ? "prefix" : "path")}\"; line skipped", ChainDiagnosticSeverity.Error);
            return false;
        }

        if (ChainRelativePath.FindEscape(path) is { } reason)
        {
            problem = new LineDiagnostic(lineNumber, $"route '{MessageText.Printable(prefix)}' → '{MessageText.Printable(path)}' refused: {reason}", ChainDiagnosticSeverity.Error) { RefusedPath = path };
            return false;
        }

        route = new Route(prefix, path);
        return true;
    }
}
