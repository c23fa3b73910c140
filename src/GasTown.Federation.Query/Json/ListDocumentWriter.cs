using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GasTown.Federation.Query;

/// <summary>
/// Writes a whole list's JSON document (a <see cref="QueryDocuments"/> shape) while its pages arrive from a walk
/// (<see cref="FederationQueries.WalkByRemoteAsync(string, WorkFilter?, int, CancellationToken)"/> and its siblings), in
/// memory bounded by a page, byte for byte as the document <see cref="QueryDocuments"/> builds from the whole result,
/// written indented. Add each page's items (<see cref="QueryDocuments.ListItem"/>, <see cref="QueryDocuments.AuditItem"/>),
/// then <see cref="WriteAsync"/> with the list's skeleton: its document with no items (every other field as the whole
/// result has it, the same on every page).
/// </summary>
/// <remarks>
/// The document says <c>count</c> before its <c>items</c>, so nothing of the array can be written before the last page:
/// the first <c>inMemoryItems</c> items are held, and the rest go to a temporary file (one compact JSON object a line).
/// The file leaves nothing behind however the process ends: on Unix its name is removed as soon as it is open (the open
/// handle keeps the bytes), on Windows the system deletes it when its last handle closes, which a killed process's
/// handles do too. A host serving the document (a web API) consumes the whole walk before it writes its first byte, so
/// a query's error still becomes its error response. An item is kept by reference until it is spooled: do not change
/// it after adding it. One writer writes one document, from one thread at a time; dispose it when done.
/// </remarks>
public sealed class ListDocumentWriter : IDisposable
{
    // Bytes written before a chunk goes out (the default encoder escapes every non-ASCII character, so any cut is safe).
    private const int ChunkBytes = 1 << 16;

    private readonly int _inMemory;
    private readonly string _folder;
    private readonly List<JsonObject> _held = [];
    private FileStream? _file;
    private Utf8JsonWriter? _spill;
    private bool _disposed;

    /// <summary>Creates a writer that holds <paramref name="inMemoryItems"/> items before it spools to a file.</summary>
    /// <param name="inMemoryItems">How many items are held in memory (a page of the walk, say).</param>
    /// <param name="spoolFolder">Where the spool file is made; null for the user's temporary folder.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inMemoryItems"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="spoolFolder"/> is empty or white space.</exception>
    public ListDocumentWriter(int inMemoryItems = FederationQueries.DefaultWalkPageSize, string? spoolFolder = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inMemoryItems);
        if (spoolFolder is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(spoolFolder);
        }

        _inMemory = inMemoryItems;
        _folder = spoolFolder ?? Path.GetTempPath();
    }

    /// <summary>How many items were added: the document's <c>count</c>.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the next item of the list.</summary>
    /// <param name="item">The item, as <see cref="QueryDocuments"/> writes one.</param>
    /// <exception cref="IOException">The spool file could not be made or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The spool folder may not be written.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Add(JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Count++;
        if (_file is null && _held.Count < _inMemory)
        {
            _held.Add(item);
            return;
        }

        if (_file is null)
        {
            OpenSpool();
        }

        Spill(item);
    }

    /// <summary>
    /// Writes the document: <paramref name="skeleton"/>'s fields in order, with <c>count</c> (<see cref="Count"/>) and
    /// <c>items</c> (the items added, in order) in their places, indented, followed by a line break, in chunks so the
    /// text is never held whole.
    /// </summary>
    /// <param name="output">Where the document goes.</param>
    /// <param name="skeleton">The list's document with no items.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>A task that completes when the document is written.</returns>
    /// <exception cref="ArgumentException"><paramref name="skeleton"/> has no <c>count</c> or no <c>items</c>.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public async Task WriteAsync(TextWriter output, JsonObject skeleton, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(skeleton);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!skeleton.ContainsKey("count") || !skeleton.ContainsKey("items"))
        {
            throw new ArgumentException("A list's skeleton has the count and items fields its document writes (QueryDocuments' list with no items).", nameof(skeleton));
        }

        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in skeleton)
            {
                writer.WritePropertyName(key);
                switch (key)
                {
                    case "count":
                        writer.WriteNumberValue(Count);
                        break;
                    case "items":
                        writer.WriteStartArray();
                        foreach (var item in Read())
                        {
                            item.WriteTo(writer);
                            if (writer.BytesPending + buffer.Length >= ChunkBytes)
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                                await output.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), cancellationToken).ConfigureAwait(false);
                                buffer.SetLength(0);
                            }
                        }

                        writer.WriteEndArray();
                        break;
                    default:
                        if (value is null)
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            value.WriteTo(writer);
                        }

                        break;
                }
            }

            writer.WriteEndObject();
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the spool file (its bytes go with it).</summary>
    public void Dispose()
    {
        _disposed = true;
        try
        {
            _spill?.Dispose();
        }
        finally
        {
            _file?.Dispose();
        }
    }

    /// <summary>The items in the order added, each read back as it was written (tests read them too).</summary>
    internal IEnumerable<JsonNode> Read()
    {
        if (_file is null)
        {
            foreach (var item in _held)
            {
                yield return item;
            }

            yield break;
        }

        _spill!.Flush();
        _file.Position = 0;
        using var reader = new StreamReader(_file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            // As deep as the writer wrote it (Utf8JsonWriter's own bound), not the reader's default of 64.
            yield return JsonNode.Parse(line, documentOptions: new JsonDocumentOptions { MaxDepth = 1_000 })!;
        }
    }

    private void OpenSpool()
    {
        // A new file only its owner may read (another user of the machine sees nothing of the list), gone once disposed.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 1 << 16,
        };
        if (OperatingSystem.IsWindows())
        {
            options.Options = FileOptions.DeleteOnClose;
        }
        else
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var path = Path.Combine(_folder, "gastown-list-" + Path.GetRandomFileName());
        _file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // DeleteOnClose is emulated on Unix (the name is removed at Dispose), so a killed process would leave the
            // file: remove the name now instead. The open handle keeps reading and writing the bytes.
            File.Delete(path);
        }

        _spill = new Utf8JsonWriter(_file);
        foreach (var held in _held)
        {
            Spill(held);
        }

        _held.Clear();
    }

    private void Spill(JsonObject item)
    {
        // After the items a write read back, not over them.
        _file!.Seek(0, SeekOrigin.End);
        // Compact and with the writer's default escaping, so no line break is ever inside a line and the item reads back
        // to the same tree (property order and number text kept).
        item.WriteTo(_spill!);
        _spill!.Flush();
        _spill.Reset();
        _file!.WriteByte((byte)'\n');
    }
}
