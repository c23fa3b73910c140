using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace GasTown.Federation.Model;

/// <summary>
/// One beads <c>issues.jsonl</c> file (or <c>bd export</c> output) as an immutable document: the work units in file
/// order, each remembering the bytes it was read from, plus every line that was not an issue (blank, malformed, or a
/// <c>bd export</c> memory) and the problems found.
/// </summary>
/// <remarks>
/// <para>
/// Writing back a document that was not changed reproduces the input byte for byte: line order, key order, escapes,
/// whitespace, line endings (LF or CRLF), a UTF-8 BOM, a missing final line feed, even malformed lines. So a file
/// written by another tool, such as upstream's merge driver with its own key order, is left alone.
/// </para>
/// <para>
/// A changed or added work unit (told apart by reference: <c>unit with { … }</c> is a new instance) is written in
/// beads' exporter form, see <see cref="WorkUnitJson"/>; in a <c>bd export</c> file (<see cref="IsBdExportShape"/>) an
/// added unit also gets that file's envelope and place. A changed line keeps the line ending of the line it replaces;
/// an added line ends with LF. <see cref="Canonicalize"/> rewrites the whole file as the exporter would.
/// </para>
/// <para>
/// Loading validates every line as the field table reads it and keeps only its id and bytes; each work unit is built
/// on first access (<see cref="WorkUnits"/>, <see cref="TryGet"/>), once, and shared by every document derived from
/// this one. The input memory must not change afterwards.
/// </para>
/// <para>Thread-safe: every member either reads or returns a new document.</para>
/// </remarks>
public sealed class WorkUnitDocument
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    // The lines in file order. A loaded document's array may be longer than its lines (it was sized from an estimate
    // so that loading copies nothing); only the segment is used.
    private readonly ArraySegment<DocumentLine> _lines;

    // Work units of validated lines, built on first access and shared with derived documents (the first one
    // published wins, so a unit's identity is stable and "untouched" can be told by reference).
    private readonly LazyUnits _lazy;
    private readonly int[] _unitLines;

    // A derived document (With, Without, Create, Canonicalize) finds ids through a string dictionary. A loaded one
    // keeps no string per record: an unsorted file gets a hash index of the ids' bytes while loading; a file sorted by
    // id (what beads' exporter writes) is binary-searched, and gets the hash index only once it is looked up often
    // (IndexAfterLookups), so a load followed by a few lookups never pays for one.
    private const int IndexAfterLookups = 64;
    private readonly Dictionary<string, int>? _index;
    private readonly Lock _indexLock = new();
    private LineIdIndex? _lineIndex;
    private int _sortedLookups;
    private readonly ReadOnlyMemory<byte> _preamble;
    private readonly LineEnvelope _envelope;

    private WorkUnitDocument(
        DocumentLine[] lines,
        ReadOnlyMemory<byte> preamble,
        IReadOnlyList<JsonlDiagnostic> diagnostics,
        IReadOnlyList<BeadsMemory> memories,
        LineEnvelope envelope,
        LazyUnits lazy,
        Dictionary<string, int>? index = null)
    {
        _lines = lines;
        _lazy = lazy;
        _preamble = preamble;
        _envelope = envelope;
        Diagnostics = diagnostics;
        Memories = memories;
        var unitLines = new List<int>(lines.Length);
        var buildIndex = index is null;
        var built = index ?? new Dictionary<string, int>(lines.Length, StringComparer.Ordinal);
        _index = built;
        var sorted = true;
        string? previous = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Id is not { } id)
            {
                continue;
            }

            unitLines.Add(i);
            if (buildIndex)
            {
                built[id] = i; // the last wins, as upstream's import does
            }

            if (previous is not null && IdOrder.CompareIds(previous, id) > 0)
            {
                sorted = false;
            }

            previous = id;
        }

        _unitLines = [.. unitLines];
        IsSortedById = sorted;
        HasRepeatedIds = built.Count < _unitLines.Length;
        WorkUnits = new UnitList(this);
    }

    // A freshly loaded document: Parse has already indexed the ids, listed the record lines and checked their order.
    private WorkUnitDocument(
        ArraySegment<DocumentLine> lines,
        ReadOnlyMemory<byte> preamble,
        IReadOnlyList<JsonlDiagnostic> diagnostics,
        IReadOnlyList<BeadsMemory> memories,
        LineEnvelope envelope,
        LazyUnits lazy,
        LineIdIndex? index,
        int[] unitLines,
        bool sorted,
        bool repeatedIds)
    {
        _lines = lines;
        _lazy = lazy;
        _preamble = preamble;
        _envelope = envelope;
        Diagnostics = diagnostics;
        Memories = memories;
        _lineIndex = index;
        _unitLines = unitLines;
        IsSortedById = sorted;
        HasRepeatedIds = repeatedIds;
        WorkUnits = new UnitList(this);
    }

    /// <summary>An empty document (an empty file).</summary>
    public static WorkUnitDocument Empty { get; } = new([], default, [], [], LineEnvelope.None, new LazyUnits(0));

    /// <summary>
    /// The work units in file order (each built from its line on first access), every record of the file: an id the file
    /// repeats is here once per line (see <see cref="IsSuperseded"/>; a chain's queries read its last line only).
    /// </summary>
    public IReadOnlyList<WorkUnit> WorkUnits { get; }

    /// <summary>Problems found while reading; lines with an error are kept verbatim but are not in <see cref="WorkUnits"/>.</summary>
    public IReadOnlyList<JsonlDiagnostic> Diagnostics { get; }

    /// <summary>
    /// The memory records of a <c>bd export --include-memories</c> file (<c>"_type":"memory"</c> lines), in file order.
    /// Their lines are kept verbatim.
    /// </summary>
    public IReadOnlyList<BeadsMemory> Memories { get; }

    /// <summary>
    /// True when the file is in <c>bd export</c>'s shape (issue lines carry the counts, and <c>"_type":"issue"</c>
    /// since beads f99013508): new records are then written in that shape and placed in its order (priority, then
    /// newest first, then id).
    /// </summary>
    public bool IsBdExportShape => _envelope != LineEnvelope.None;

    /// <summary>True when the work units are in UTF-8 byte order of id (Go's <c>cmp.Compare</c>), as beads' exporter writes them.</summary>
    public bool IsSortedById { get; }

    /// <summary>True when the file started with a UTF-8 byte order mark (kept when written back).</summary>
    public bool HasByteOrderMark => !_preamble.IsEmpty;

    /// <summary>The number of work units.</summary>
    public int Count => _unitLines.Length;

    /// <summary>
    /// True when some id is on more than one line. The file keeps every line; lookups (<see cref="TryGet"/>) and a chain's
    /// queries read the last of them, as upstream's import does (<see cref="IsSuperseded"/> tells the earlier ones).
    /// </summary>
    public bool HasRepeatedIds { get; }

    /// <summary>
    /// True when <paramref name="unit"/> is a record of this document whose id a later line repeats: lookups return the
    /// later one, and a chain's queries leave this one out (it stays in the file, and a diagnostic names its line).
    /// </summary>
    /// <param name="unit">A work unit of <see cref="WorkUnits"/> (compared by reference).</param>
    /// <returns>Whether a later record of the same id supersedes it.</returns>
    public bool IsSuperseded(WorkUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return HasRepeatedIds && TryFind(unit.Id, out var last) && !IsUnitAt(last, unit);
    }

    /// <summary>Finds a work unit by id (ordinal). With duplicate ids, the last one in the file.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out WorkUnit? unit)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (TryFind(id, out var line))
        {
            unit = _lazy.Get(_lines[line]);
            return true;
        }

        unit = null;
        return false;
    }

    /// <summary>
    /// The exact bytes <paramref name="unit"/> was read from (without the line ending), when it is a record of this
    /// document as read; false for a changed or added work unit, or one from another document.
    /// </summary>
    /// <param name="unit">A work unit of <see cref="WorkUnits"/> (compared by reference).</param>
    /// <param name="utf8Line">The line's UTF-8 bytes, a slice of the memory the document was parsed from.</param>
    /// <returns>Whether the document holds the upstream bytes of that very instance.</returns>
    public bool TryGetOriginalLine(WorkUnit unit, out ReadOnlyMemory<byte> utf8Line)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (TryFind(unit.Id, out var indexed) && IsUnitAt(indexed, unit))
        {
            return TryOriginal(_lines[indexed], out utf8Line);
        }

        // A duplicate id (the index holds the last one): find the instance itself.
        for (var i = 0; i < _lines.Count; i++)
        {
            if (IsUnitAt(i, unit))
            {
                return TryOriginal(_lines[i], out utf8Line);
            }
        }

        utf8Line = default;
        return false;
    }

    /// <summary>Whether some record has <paramref name="id"/>, found as <see cref="TryGet"/> finds it but without reading the record.</summary>
    internal bool ContainsId(string id) => TryFind(id, out _);

    /// <summary>True when the loaded id index met ids chosen to collide and switched to its seeded hash (tests).</summary>
    internal bool IdIndexIsRandomized => _lineIndex?.IsRandomized ?? false;

    /// <summary>True when a loaded document has built the hash index of its ids (tests).</summary>
    internal bool HasIdHashIndex => Volatile.Read(ref _lineIndex) is not null;

    private bool TryFind(string id, out int line)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(id, out line);
        }

        if (Volatile.Read(ref _lineIndex) is { } index)
        {
            return index.TryFind(_lines.AsSpan(), id, out line);
        }

        // Only a loaded file sorted by id has no index yet.
        if (Interlocked.Increment(ref _sortedLookups) <= IndexAfterLookups)
        {
            return LineIdIndex.TryFindSorted(_lines.AsSpan(), _unitLines, id, out line);
        }

        LineIdIndex ready;
        lock (_indexLock)
        {
            ready = _lineIndex ?? BuildLineIndex();
        }

        return ready.TryFind(_lines.AsSpan(), id, out line);
    }

    private LineIdIndex BuildLineIndex()
    {
        var built = new LineIdIndex(_unitLines.Length);
        foreach (var unitLine in _unitLines)
        {
            built.Set(_lines.AsSpan(), unitLine); // in file order: the last of equal ids wins
        }

        Volatile.Write(ref _lineIndex, built);
        return built;
    }

    // Units are built on first access: the instance lives in the line (read eagerly, or changed) or in the lazy store.
    private bool IsUnitAt(int line, WorkUnit unit) => ReferenceEquals(_lazy.Peek(_lines[line]), unit);

    private static bool TryOriginal(DocumentLine line, out ReadOnlyMemory<byte> utf8Line)
    {
        utf8Line = line.IsOriginal ? line.Original : default;
        return line.IsOriginal;
    }

    /// <summary>True when a work unit has this id.</summary>
    public bool Contains(string id) => TryGet(id, out _);

    /// <summary>
    /// Reads a whole file from UTF-8 bytes. Never throws for bad content: each bad line becomes a
    /// <see cref="JsonlDiagnostic"/> and the rest is read.
    /// </summary>
    /// <param name="utf8">The file's bytes. The document keeps slices of this memory: do not change it afterwards.</param>
    /// <param name="options">Reading options; null for <see cref="JsonlReadOptions.Default"/>.</param>
    public static WorkUnitDocument Parse(ReadOnlyMemory<byte> utf8, JsonlReadOptions? options = null)
    {
        options ??= JsonlReadOptions.Default;
        var span = utf8.Span;
        var preamble = span.StartsWith(Utf8Bom) ? utf8[..3] : default;
        var position = preamble.Length;
        var lines = new DocumentLine[EstimateLineCount(span[position..])];
        var count = 0;
        var unitLines = new int[lines.Length];
        var units = 0;
        var sorted = true;
        var previous = -1;
        var diagnostics = new List<JsonlDiagnostic>();
        LineIdIndex? index = null; // made once the file turns out not to be sorted by id
        var repeated = false;
        var memories = new List<BeadsMemory>();
        var envelope = LineEnvelope.None;
        var parser = new WorkUnitLineParser();
        var lineNumber = 0;
        while (position < span.Length)
        {
            lineNumber++;
            var newline = span[position..].IndexOf((byte)'\n');
            int contentLength;
            JsonlLineEnding ending;
            int next;
            if (newline < 0)
            {
                contentLength = span.Length - position;
                ending = JsonlLineEnding.None;
                next = span.Length;
            }
            else
            {
                contentLength = JsonlLines.ContentLength(span.Slice(position, newline), endsWithLineFeed: true);
                ending = contentLength == newline ? JsonlLineEnding.Lf : JsonlLineEnding.CrLf;
                next = position + newline + 1;
            }

            if (count == lines.Length)
            {
                // The estimate was short (lines longer at the start than later): grow as a list would.
                Array.Resize(ref lines, lines.Length + (lines.Length / 2) + 16);
                Array.Resize(ref unitLines, lines.Length);
            }

            var content = utf8.Slice(position, contentLength);
            var line = ReadLine(parser, content, ending, lineNumber, position, count, options, diagnostics, memories, ref envelope);
            lines[count] = line;
            if (line.IsRecord)
            {
                // While the ids ascend, an equal id can only be the one just before; after the first id out of order, the
                // hash index (filled with the records so far) finds duplicates. Either way the last wins, as upstream's import does.
                // The earlier line of the same id (an index into lines, one per physical line), or -1.
                int earlier;
                if (index is not null)
                {
                    earlier = index.Set(lines.AsSpan(0, count + 1), count);
                }
                else if (previous < 0)
                {
                    earlier = -1;
                }
                else if (LineIdIndex.Compare(lines[previous], line) is var order && order > 0)
                {
                    sorted = false;
                    index = new LineIdIndex(lines.Length);
                    for (var u = 0; u < units; u++)
                    {
                        index.Set(lines.AsSpan(0, count + 1), unitLines[u]);
                    }

                    earlier = index.Set(lines.AsSpan(0, count + 1), count);
                }
                else
                {
                    earlier = order == 0 ? previous : -1;
                }

                if (earlier >= 0)
                {
                    repeated = true;
                    diagnostics.Add(new JsonlDiagnostic(lineNumber, position,
                        $"the id \"{line.Id}\" is on line {earlier + 1} and again on line {lineNumber}; both lines are kept in the file, and lookups and queries read the last, as upstream's import does: line {earlier + 1} is left out of answers. Remove one of them.")
                    { Kind = JsonlDiagnosticKind.DuplicateId, Severity = JsonlDiagnosticSeverity.Warning, EarlierLineNumber = earlier + 1 });
                }

                unitLines[units++] = count;
                previous = count;
            }

            count++;
            position = next;
        }

        return new WorkUnitDocument(
            new ArraySegment<DocumentLine>(lines, 0, count), preamble, diagnostics, memories, envelope, new LazyUnits(count, options.KeepBuiltUnits), index,
            units == unitLines.Length ? unitLines : unitLines[..units], sorted, repeated);
    }

    // Sizes the line table from the first lines so that loading grows and copies nothing: the line count of a
    // sample, scaled to the whole, with an eighth to spare (beads writes lines of similar length throughout).
    private static int EstimateLineCount(ReadOnlySpan<byte> utf8)
    {
        const int Sample = 64 * 1024;
        if (utf8.Length <= Sample)
        {
            return utf8.Count((byte)'\n') + 1;
        }

        var sampled = utf8[..Sample].Count((byte)'\n') + 1;
        var estimate = (long)sampled * utf8.Length / Sample;
        return (int)Math.Min(Array.MaxLength, estimate + (estimate / 8) + 16);
    }

    internal static DocumentLine ReadLine(
        WorkUnitLineParser parser,
        ReadOnlyMemory<byte> content,
        JsonlLineEnding ending,
        int lineNumber,
        long offset,
        int slot,
        JsonlReadOptions options,
        List<JsonlDiagnostic> diagnostics,
        List<BeadsMemory> memories,
        ref LineEnvelope envelope)
    {
        if (IsBlank(content.Span))
        {
            return DocumentLine.Raw(content, ending);
        }

        if (content.Length > options.MaxLineLength)
        {
            diagnostics.Add(new JsonlDiagnostic(lineNumber, offset,
                $"the line is {content.Length} bytes long, more than the limit of {options.MaxLineLength}; it was skipped.")
            { Kind = JsonlDiagnosticKind.LineTooLong });
            return DocumentLine.Raw(content, ending);
        }

        if (!parser.TryValidate(content, out var validated, out var error))
        {
            diagnostics.Add(ToDiagnostic(error!, lineNumber, offset, ending == JsonlLineEnding.None));
            return DocumentLine.Raw(content, ending);
        }

        if (validated.Record is { } record)
        {
            // Another bd export record type: kept verbatim, never an issue.
            envelope = LineEnvelope.TypedCounts;
            if (record.Memory is { } memory)
            {
                memories.Add(memory);
            }
            else
            {
                diagnostics.Add(new JsonlDiagnostic(lineNumber, offset,
                    $"the line is a bd export record of type \"{record.Type}\", which this SDK does not know; it is kept as it is.")
                { Kind = JsonlDiagnosticKind.InvalidRecord, Severity = JsonlDiagnosticSeverity.Warning });
            }

            return DocumentLine.Raw(content, ending);
        }

        if (validated.Envelope > envelope)
        {
            envelope = validated.Envelope;
        }

        return validated.Id is { } id
            ? DocumentLine.Validated(id, content, ending, slot)
            : DocumentLine.Validated(validated.IdStart, validated.IdLength, content, ending, slot);
    }

    internal static JsonlDiagnostic ToDiagnostic(WorkUnitLineParser.LineError error, int lineNumber, long offset, bool isUnterminatedLastLine)
    {
        if (isUnterminatedLastLine && error.Kind == JsonlDiagnosticKind.InvalidJson)
        {
            return new JsonlDiagnostic(lineNumber, offset,
                $"the last line has no line feed and is not complete JSON ({error.Message}); the file was probably cut off while being written. Restore it from git or remove the partial line.")
            { Kind = JsonlDiagnosticKind.TruncatedLastLine };
        }

        return new JsonlDiagnostic(lineNumber, offset, error.Message) { Kind = error.Kind };
    }

    /// <summary>Reads a file. Bad lines become <see cref="Diagnostics"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read, or the path names a pipe or a device (refused before it is opened, on Linux: read a pipe through the <see cref="Stream"/> overload).</exception>
    public static async ValueTask<WorkUnitDocument> LoadAsync(string path, CancellationToken cancellationToken = default)
        => await LoadAsync(path, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads a file with options. Bad lines become <see cref="Diagnostics"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read, or the path names a pipe or a device (refused before it is opened, on Linux: read a pipe through the <see cref="Stream"/> overload).</exception>
    public static async ValueTask<WorkUnitDocument> LoadAsync(string path, JsonlReadOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await LocalFile.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, options);
    }

    /// <summary>Reads a whole stream (to its end). Bad lines become <see cref="Diagnostics"/>.</summary>
    public static async ValueTask<WorkUnitDocument> LoadAsync(Stream stream, JsonlReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var capacity = stream.CanSeek ? (int)Math.Min(int.MaxValue, Math.Max(0, stream.Length - stream.Position)) : 0;
        using var memory = new MemoryStream(capacity);
        await stream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
        return Parse(memory.GetBuffer().AsMemory(0, (int)memory.Length), options);
    }

    /// <summary>Makes a new document from work units, sorted by id in byte order and written as beads' exporter would.</summary>
    /// <exception cref="ArgumentException">Two work units have the same id.</exception>
    public static WorkUnitDocument Create(IEnumerable<WorkUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var sorted = units.ToArray();
        Array.Sort(sorted, static (a, b) => IdOrder.CompareIds(a.Id, b.Id));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Id == sorted[i - 1].Id)
            {
                throw new ArgumentException($"Two work units have the id \"{sorted[i].Id}\"; ids must be unique in a file.", nameof(units));
            }
        }

        return new WorkUnitDocument([.. sorted.Select(u => DocumentLine.Changed(u, JsonlLineEnding.Lf))], default, [], [], LineEnvelope.None, new LazyUnits(0));
    }

    /// <summary>
    /// Returns a document with <paramref name="unit"/> replacing the work unit with the same id (in place), or added:
    /// at its sorted position when the file is sorted by id, else at the end. Passing back an untouched instance
    /// from this document changes nothing.
    /// </summary>
    public WorkUnitDocument With(WorkUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return With([unit]);
    }

    /// <summary>Like <see cref="With(WorkUnit)"/> for several work units at once (one copy of the document).</summary>
    public WorkUnitDocument With(IEnumerable<WorkUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var lines = new List<DocumentLine>(_lines);
        var index = CopyIndex();
        var sorted = IsSortedById;
        var changed = false;
        foreach (var unit in units)
        {
            ArgumentNullException.ThrowIfNull(unit, nameof(units));
            if (index.TryGetValue(unit.Id, out var at))
            {
                if (ReferenceEquals(_lazy.Peek(lines[at]), unit))
                {
                    continue;
                }

                lines[at] = DocumentLine.Changed(unit, lines[at].Ending == JsonlLineEnding.None ? JsonlLineEnding.None : lines[at].Ending);
                changed = true;
                continue;
            }

            var position = _envelope != LineEnvelope.None ? ExportInsertPosition(lines, unit) : sorted ? SortedInsertPosition(lines, unit.Id) : lines.Count;
            lines.Insert(position, DocumentLine.Changed(unit, JsonlLineEnding.Lf));
            changed = true;
            ReindexFrom(lines, index, position);
        }

        return changed ? new WorkUnitDocument([.. lines], _preamble, Diagnostics, Memories, _envelope, _lazy) : this;
    }

    /// <summary>Returns a document without the work unit(s) with this id (this document when there is none).</summary>
    public WorkUnitDocument Without(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!TryFind(id, out _))
        {
            return this;
        }

        var lines = _lines.Where(l => l.Id != id).ToArray();
        return new WorkUnitDocument(lines, _preamble, Diagnostics, Memories, _envelope, _lazy);
    }

    /// <summary>
    /// Returns the document as beads' exporter would write it: work units sorted by id (byte order), each in canonical
    /// form, LF endings, no BOM, no blank lines. Lines that could not be read are kept, verbatim, at the end, so nothing is lost.
    /// </summary>
    public WorkUnitDocument Canonicalize()
    {
        var units = WorkUnits.ToArray();
        Array.Sort(units, static (a, b) => IdOrder.CompareIds(a.Id, b.Id));
        var lines = units.Select(u => DocumentLine.Changed(u, JsonlLineEnding.Lf))
            .Concat(_lines.Where(l => !l.IsRecord && !IsBlank(l.Original.Span)).Select(l => DocumentLine.Raw(l.Original, JsonlLineEnding.Lf)))
            .ToArray();
        return new WorkUnitDocument(lines, default, Diagnostics, Memories, LineEnvelope.None, new LazyUnits(0));
    }

    /// <summary>Writes the document (see the remarks on <see cref="WorkUnitDocument"/> for what is kept).</summary>
    public void Write(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(_preamble.Span);
        var buffer = new GoJsonBuffer();
        for (var i = 0; i < _lines.Count; i++)
        {
            var line = _lines[i];
            if (line.IsOriginal)
            {
                destination.Write(line.Original.Span);
            }
            else
            {
                buffer.Reset();
                WorkUnitCanonicalWriter.Write(line.Unit!, buffer, _envelope);
                destination.Write(buffer.WrittenSpan);
            }

            var ending = line.Ending;
            if (ending == JsonlLineEnding.None && (i < _lines.Count - 1 || !line.IsOriginal))
            {
                // Only an untouched last line may stay unterminated; anything else would join two records.
                ending = JsonlLineEnding.Lf;
            }

            if (ending == JsonlLineEnding.CrLf)
            {
                destination.Write("\r\n"u8);
            }
            else if (ending == JsonlLineEnding.Lf)
            {
                destination.Write("\n"u8);
            }
        }
    }

    /// <summary>The length in bytes, without its line ending, of the line <paramref name="unit"/> is written as in this document (its envelope included).</summary>
    internal int LineLengthOf(WorkUnit unit)
    {
        var buffer = new GoJsonBuffer();
        WorkUnitCanonicalWriter.Write(unit, buffer, _envelope);
        return buffer.WrittenSpan.Length;
    }

    /// <summary>Returns the bytes <see cref="Write(IBufferWriter{byte})"/> would write.</summary>
    public byte[] ToUtf8Bytes()
    {
        var writer = new ArrayBufferWriter<byte>(Math.Max(256, _lines.Count * 512));
        Write(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the document to a stream.</summary>
    public void Write(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(ToUtf8Bytes());
    }

    /// <summary>Writes the document to a stream.</summary>
    public async ValueTask WriteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(ToUtf8Bytes(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves atomically: writes a temporary file next to <paramref name="path"/>, flushes it to disk, then renames it
    /// over the target, so readers see the old file or the new one, never half of one. Missing parent folders are
    /// created (a new rig's <c>.beads/</c>). A new file gets mode 0600 on Unix, as upstream's exporter does; an
    /// existing file keeps its mode.
    /// </summary>
    public ValueTask SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AtomicFileReplace.WriteAsync(path, ToUtf8Bytes(), UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken);
    }

    // bd export's order (ORDER BY priority ASC, created_at DESC, id ASC): before the first record that sorts after
    // the new one, else after the last record (memory lines follow the issues).
    private int ExportInsertPosition(List<DocumentLine> lines, WorkUnit unit)
    {
        var afterLastRecord = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].IsRecord)
            {
                continue;
            }

            var existing = _lazy.Get(lines[i]);
            var order = existing.Priority.CompareTo(unit.Priority);
            if (order == 0)
            {
                order = unit.CreatedAt.CompareTo(existing.CreatedAt);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(existing.Id, unit.Id);
            }

            if (order > 0)
            {
                return i;
            }

            afterLastRecord = i + 1;
        }

        return afterLastRecord;
    }

    /// <summary>The work units in file order, built on access.</summary>
    private sealed class UnitList(WorkUnitDocument document) : IReadOnlyList<WorkUnit>
    {
        public int Count => document._unitLines.Length;

        public WorkUnit this[int index] => document._lazy.Get(document._lines[document._unitLines[index]]);

        public IEnumerator<WorkUnit> GetEnumerator()
        {
            for (var i = 0; i < document._unitLines.Length; i++)
            {
                yield return document._lazy.Get(document._lines[document._unitLines[i]]);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    // JSON whitespace only: a line of spaces or tabs (or a stray CR) is blank, not malformed.
    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    // The string index With works on: a copy of a derived document's, or made from a loaded document's lines.
    private Dictionary<string, int> CopyIndex()
    {
        if (_index is not null)
        {
            return new Dictionary<string, int>(_index, StringComparer.Ordinal);
        }

        var index = new Dictionary<string, int>(_unitLines.Length, StringComparer.Ordinal);
        foreach (var line in _unitLines)
        {
            index[_lines[line].Id!] = line; // the last wins, as the loaded index does
        }

        return index;
    }

    private static int SortedInsertPosition(List<DocumentLine> lines, string id)
    {
        // Lines that are not records sit between records; place the new unit after the last record with a smaller id.
        var position = lines.Count;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].Id is { } existing)
            {
                if (IdOrder.CompareIds(existing, id) < 0)
                {
                    return i + 1;
                }

                position = i;
            }
        }

        return position;
    }

    private static void ReindexFrom(List<DocumentLine> lines, Dictionary<string, int> index, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].Id is { } id)
            {
                index[id] = i;
            }
        }
    }
}
