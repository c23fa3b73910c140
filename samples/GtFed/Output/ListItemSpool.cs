using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GtFed;

/// <summary>
/// The items of a list's <c>--json</c> document while its pages arrive. The document says <c>count</c> before its
/// <c>items</c>, so nothing of the array can be written before the last page; a page's worth is kept in memory and
/// anything past it goes to a temporary file (one compact JSON object a line), so a list of any size is written in memory
/// bounded by a page, byte for byte as the document built from the whole result. The file leaves nothing behind however
/// the process ends: on Unix its name is removed as soon as it is open (the open handle keeps the bytes), on Windows the
/// system deletes it when its last handle closes, which a killed process's handles do too.
/// </summary>
internal sealed class ListItemSpool : IDisposable
{
    private readonly int _inMemory;
    private readonly string _folder;
    private readonly List<JsonObject> _held = [];
    private FileStream? _file;
    private Utf8JsonWriter? _writer;

    /// <param name="inMemory">How many items are held before the spool moves to a file.</param>
    /// <param name="folder">Where the file is made; null for the user's temporary folder.</param>
    public ListItemSpool(int inMemory, string? folder = null)
    {
        _inMemory = inMemory;
        _folder = folder ?? Path.GetTempPath();
    }

    /// <summary>How many items were added.</summary>
    public int Count { get; private set; }

    public void Add(JsonObject item)
    {
        Count++;
        if (_file is null && _held.Count < _inMemory)
        {
            _held.Add(item);
            return;
        }

        if (_file is null)
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

            var path = Path.Combine(_folder, "gtfed-list-" + Path.GetRandomFileName());
            _file = new FileStream(path, options);
            if (!OperatingSystem.IsWindows())
            {
                // DeleteOnClose is emulated on Unix (the name is removed at Dispose), so a killed process would leave
                // the file: remove the name now instead. The open handle keeps reading and writing the bytes.
                File.Delete(path);
            }

            _writer = new Utf8JsonWriter(_file);
            foreach (var held in _held)
            {
                Spill(held);
            }

            _held.Clear();
        }

        Spill(item);
    }

    /// <summary>The items in the order added, each read back as it was written.</summary>
    public IEnumerable<JsonNode> Read()
    {
        if (_file is null)
        {
            foreach (var item in _held)
            {
                yield return item;
            }

            yield break;
        }

        _writer!.Flush();
        _file.Position = 0;
        using var reader = new StreamReader(_file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            yield return JsonNode.Parse(line)!;
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
    }

    private void Spill(JsonObject item)
    {
        // Compact and with the writer's default escaping, so no line break is ever inside a line and the item reads back
        // to the same tree (property order and number text kept).
        item.WriteTo(_writer!);
        _writer!.Flush();
        _writer.Reset();
        _file!.WriteByte((byte)'\n');
    }
}
