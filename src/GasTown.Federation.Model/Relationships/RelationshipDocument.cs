using System.Buffers;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// A chain's <c>federation/relationships.jsonl</c>: one relationship per line in the seed's JSON shapes (DESIGN §5).
/// Read leniently (bad lines reported in <see cref="Diagnostics"/> with their line numbers and skipped; unknown
/// fields and unknown types kept). Written by appending: existing lines are copied byte for byte, new ones are
/// added at the end, and the file is replaced atomically.
/// </summary>
public sealed class RelationshipDocument
{
    /// <summary>Where a chain keeps its relationships, relative to its root.</summary>
    public const string RelativePath = "federation/relationships.jsonl";

    private readonly ReadOnlyMemory<byte> _content;

    private RelationshipDocument(ReadOnlyMemory<byte> content, IReadOnlyList<Relationship> relationships, IReadOnlyList<int> lineNumbers, IReadOnlyList<LineDiagnostic> diagnostics)
    {
        _content = content;
        Relationships = relationships;
        LineNumbers = lineNumbers;
        Diagnostics = diagnostics;
    }

    /// <summary>An empty document.</summary>
    public static RelationshipDocument Empty { get; } = new(ReadOnlyMemory<byte>.Empty, [], [], []);

    /// <summary>The relationships read, in file order.</summary>
    public IReadOnlyList<Relationship> Relationships { get; }

    /// <summary>The 1-based line of each entry of <see cref="Relationships"/> (0 for one appended and not yet read back).</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    /// <summary>The lines that were skipped, and why.</summary>
    public IReadOnlyList<LineDiagnostic> Diagnostics { get; }

    /// <summary>Reads relationships.jsonl content.</summary>
    /// <param name="utf8">The file's bytes; kept, so untouched lines are written back exactly.</param>
    /// <returns>The document; bad lines (malformed JSON, a wrong kind of value, an invalid URI) are in <see cref="Diagnostics"/>, never thrown.</returns>
    /// <remarks>
    /// Lines are read as Go's <c>encoding/json</c> reads them into a struct: keys case-insensitively with the last one
    /// winning, invalid UTF-8 inside strings as U+FFFD. A leading UTF-8 BOM is skipped.
    /// </remarks>
    public static RelationshipDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        var relationships = new List<Relationship>();
        var lineNumbers = new List<int>();
        var diagnostics = new List<LineDiagnostic>();
        var lineNumber = 0;
        // A leading BOM is skipped, as by every reader of the SDK (the bytes are kept for writing back).
        var span = GoJsonInput.SkipBom(utf8.Span);
        foreach (var range in span.Split((byte)'\n'))
        {
            lineNumber++;
            var line = span[range].Trim(" \t\r\f\v"u8);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            if (RelationshipJson.TryRead(line, out var relationship, out var problem))
            {
                relationships.Add(relationship);
                lineNumbers.Add(lineNumber);
            }
            else
            {
                diagnostics.Add(new LineDiagnostic(lineNumber, problem + "; line skipped", ChainDiagnosticSeverity.Error));
            }
        }

        return new RelationshipDocument(utf8, relationships, lineNumbers, diagnostics);
    }

    /// <summary>Reads a relationships.jsonl file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document, or <see cref="Empty"/> when the file does not exist.</returns>
    public static async ValueTask<RelationshipDocument> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Parse(await LocalFile.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Empty;
        }
    }

    /// <summary>
    /// Appends relationships to the file at <paramref name="path"/> (created with its folder if missing):
    /// the existing bytes are kept exactly, each new relationship becomes one compact line, and the file is
    /// replaced atomically. Not safe against another process appending at the same moment.
    /// </summary>
    /// <param name="path">The file path, usually <c>&lt;town&gt;/federation/relationships.jsonl</c>.</param>
    /// <param name="relationships">The relationships to add.</param>
    /// <param name="cancellationToken">Cancels the read and the write.</param>
    /// <returns>The document as written.</returns>
    /// <exception cref="ArgumentException">A delegation's parent and child are the same work unit, or an employment's organisation is a person.</exception>
    public static async ValueTask<RelationshipDocument> AppendAsync(string path, IEnumerable<Relationship> relationships, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        var document = (await LoadAsync(path, cancellationToken).ConfigureAwait(false)).Append(relationships);
        await document.SaveAsync(path, cancellationToken).ConfigureAwait(false);
        return document;
    }

    /// <summary>Returns a document with <paramref name="relationships"/> added at the end (one line each).</summary>
    /// <exception cref="ArgumentException">
    /// A delegation's parent and child are the same work unit, or an employment's organisation is a person (an email, not a
    /// domain): its reader would drop the line, and warn of it on every read.
    /// </exception>
    public RelationshipDocument Append(IEnumerable<Relationship> relationships)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        var buffer = new ArrayBufferWriter<byte>(_content.Length + 256);
        buffer.Write(_content.Span);
        if (_content.Length > 0 && _content.Span[^1] != (byte)'\n')
        {
            // A last line without its newline would be glued to the first new one.
            buffer.Write("\n"u8);
        }

        var added = relationships.ToList();
        if (added.OfType<DelegationRelationship>().FirstOrDefault(d => d.Parent == d.Child) is { } loop)
        {
            throw new ArgumentException($"{loop.Parent} cannot delegate to itself: a delegation hands part of one work unit to another.", nameof(relationships));
        }

        if (added.OfType<EmploymentRelationship>().FirstOrDefault(e => e.Organization.Kind != EntityKind.Organization) is { } employment)
        {
            throw new ArgumentException($"{employment.Organization} is a person, not an organisation: an employment names an organisation by its domain (acme.com).", nameof(relationships));
        }

        foreach (var relationship in added)
        {
            RelationshipJson.Write(buffer, relationship);
            buffer.Write("\n"u8);
        }

        return new RelationshipDocument(
            buffer.WrittenMemory,
            [.. Relationships, .. added],
            [.. LineNumbers, .. added.Select(_ => 0)],
            Diagnostics);
    }

    /// <summary>The document's bytes: the original content, plus appended lines.</summary>
    public ReadOnlyMemory<byte> ToUtf8Bytes() => _content;

    /// <summary>Writes the document to <paramref name="path"/> atomically (temp file, flush, rename).</summary>
    public ValueTask SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AtomicFileReplace.WriteAsync(path, _content, cancellationToken);
    }

    /// <summary>One relationship as the compact JSON line (without newline) this SDK writes for it.</summary>
    public static byte[] Serialize(Relationship relationship)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        var buffer = new ArrayBufferWriter<byte>(128);
        RelationshipJson.Write(buffer, relationship);
        return buffer.WrittenSpan.ToArray();
    }
}
