using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace GasTown.Federation.Model;

/// <summary>
/// Writes JSON with the bytes Go's <c>encoding/json</c> <c>Marshal</c> produces (Go 1.22 and later), the one
/// writer behind every file this SDK writes for upstream's tools: beads' <c>issues.jsonl</c>, <c>routes.jsonl</c>,
/// <c>mayor/town.json</c>, <c>federation/relationships.jsonl</c> and the town's <c>.events.jsonl</c>.
/// </summary>
/// <remarks>
/// <para>
/// Strings follow <c>appendString</c> in Go's <c>encoding/json/encode.go</c> with HTML escaping on (what
/// <c>json.Marshal</c> uses): <c>"</c> and <c>\</c> backslash-escaped; <c>\b \f \n \r \t</c> short escapes (Go 1.22
/// changed <c>\b</c> and <c>\f</c> from <c>\u0008</c> and <c>\u000c</c>); every other byte below 0x20 as
/// <c>\u00xx</c> in lower-case hex; <c>&lt; &gt; &amp;</c> as <c>\u003c \u003e \u0026</c>; U+2028 and U+2029 as
/// <c>\u2028 \u2029</c>; text that is not valid Unicode (in .NET, a lone surrogate; in Go, invalid UTF-8) as
/// <c>\ufffd</c>; every other character, DEL and non-ASCII included, raw UTF-8. System.Text.Json's encoders differ
/// (upper-case hex, non-ASCII escaped), which is why this type exists.
/// </para>
/// <para>
/// It is public, not internal, because the packages that write upstream files (Model, Provenance, GitTransport)
/// ship separately and a shared internal would tie them to one exact build of Model; and because a host that writes
/// its own lines into a town (an event type of its own, a file <c>gt</c> or <c>bd</c> reads) needs exactly these
/// bytes. The methods are stateless and thread-safe.
/// </para>
/// </remarks>
public static class GoJsonWriter
{
    // Characters Go never copies through as they are. Surrogates are not listed: runs are transcoded with
    // validation, and a lone surrogate found there becomes \ufffd.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f" +
        "\"\\<>&\u2028\u2029");

    // Transcoding works in slices of this many characters, so a huge string never asks the writer for one huge span.
    private const int ChunkChars = 4096;

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string, escaped as Go escapes it (see the type's remarks).</summary>
    /// <param name="writer">Where the UTF-8 bytes go.</param>
    /// <param name="value">The text.</param>
    public static void WriteString(IBufferWriter<byte> writer, ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteByte(writer, (byte)'"');
        while (!value.IsEmpty)
        {
            var i = value.IndexOfAny(Special);
            WriteRun(writer, i < 0 ? value : value[..i]);
            if (i < 0)
            {
                break;
            }

            WriteEscape(writer, value[i]);
            value = value[(i + 1)..];
        }

        WriteByte(writer, (byte)'"');
    }

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string and returns the bytes.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The quoted, escaped UTF-8 bytes.</returns>
    public static byte[] ToQuotedUtf8(ReadOnlySpan<char> value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        WriteString(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a JSON value compactly as Go writes the same value held in a struct field of type <c>any</c> decoded
    /// with <c>UseNumber</c>: objects become maps, so their keys are sorted by UTF-8 bytes (Go's <c>sort.Strings</c>)
    /// at every depth and a key given twice keeps its last value; strings are re-escaped Go's way; numbers keep
    /// their JSON text.
    /// </summary>
    /// <param name="writer">Where the UTF-8 bytes go.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(IBufferWriter<byte> writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteElement(writer, value, sortKeys: true, indent: null, depth: 0);
    }

    /// <summary>
    /// Writes an object as Go marshals a <c>map[string]any</c>: keys sorted by their UTF-8 bytes, a key given twice
    /// keeping its last value, each value as <see cref="WriteValue(IBufferWriter{byte}, JsonElement)"/> writes it.
    /// </summary>
    /// <param name="writer">Where the UTF-8 bytes go.</param>
    /// <param name="members">The members, in any order.</param>
    public static void WriteObject(IBufferWriter<byte> writer, IEnumerable<KeyValuePair<string, JsonElement>> members)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(members);
        WriteMembers(writer, SortMembers(members), sortKeys: true, indent: null, depth: 0);
    }

    /// <summary>
    /// Compares two keys the way Go sorts map keys: by their UTF-8 bytes. UTF-16 ordinal order differs from that
    /// only when a surrogate pair meets a character in U+E000–U+FFFF, so comparing code points gives Go's order.
    /// </summary>
    /// <param name="a">A key.</param>
    /// <param name="b">Another key.</param>
    /// <returns>Negative, zero or positive, as <paramref name="a"/> sorts before, with or after <paramref name="b"/>.</returns>
    public static int CompareKeys(string? a, string? b)
    {
        var x = a.AsSpan();
        var y = b.AsSpan();
        while (!x.IsEmpty && !y.IsEmpty)
        {
            Rune.DecodeFromUtf16(x, out var rx, out var cx);
            Rune.DecodeFromUtf16(y, out var ry, out var cy);
            if (rx.Value != ry.Value)
            {
                return rx.Value.CompareTo(ry.Value);
            }

            x = x[cx..];
            y = y[cy..];
        }

        return x.Length.CompareTo(y.Length);
    }

    /// <summary>The members sorted by <see cref="CompareKeys"/>, a repeated key keeping its last value.</summary>
    internal static List<KeyValuePair<string, JsonElement>> SortMembers(IEnumerable<KeyValuePair<string, JsonElement>> members)
    {
        var unique = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            unique[member.Key] = member.Value;
        }

        var list = new List<KeyValuePair<string, JsonElement>>(unique);
        list.Sort(static (a, b) => CompareKeys(a.Key, b.Key));
        return list;
    }

    /// <summary>Writes a value compactly with object keys in their given order (a struct's unknown field kept as read).</summary>
    internal static void WriteCompactInOrder(IBufferWriter<byte> writer, JsonElement value)
        => WriteElement(writer, value, sortKeys: false, indent: null, depth: 0);

    /// <summary>Writes a value as Go's <c>json.MarshalIndent(v, "", indent)</c> nests it at <paramref name="depth"/>, keys in their given order.</summary>
    internal static void WriteIndentedInOrder(IBufferWriter<byte> writer, JsonElement value, string indent, int depth)
        => WriteElement(writer, value, sortKeys: false, indent, depth);

    /// <summary>Writes an unknown field's value compactly, its object keys in their given order.</summary>
    internal static void WriteCompactInOrder(IBufferWriter<byte> writer, UnknownJsonField field)
    {
        using var document = JsonDocument.Parse(field.RawValue);
        WriteCompactInOrder(writer, document.RootElement);
    }

    /// <summary>Writes an unknown field's value indented as <c>json.MarshalIndent</c> nests it at <paramref name="depth"/>.</summary>
    internal static void WriteIndentedInOrder(IBufferWriter<byte> writer, UnknownJsonField field, string indent, int depth)
    {
        using var document = JsonDocument.Parse(field.RawValue);
        WriteIndentedInOrder(writer, document.RootElement, indent, depth);
    }

    /// <summary>Writes an integer in invariant digits.</summary>
    internal static void WriteInt(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        System.Buffers.Text.Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }

    /// <summary>Writes known-safe ASCII text (a key this SDK names, a number) as it is.</summary>
    internal static void WriteRaw(IBufferWriter<byte> writer, string ascii)
    {
        var span = writer.GetSpan(ascii.Length);
        writer.Advance(Encoding.ASCII.GetBytes(ascii, span));
    }

    /// <summary>Writes bytes as they are.</summary>
    internal static void WriteRaw(IBufferWriter<byte> writer, ReadOnlySpan<byte> utf8) => writer.Write(utf8);

    /// <summary>Writes a run with nothing to escape but possibly lone surrogates, in bounded slices.</summary>
    private static void WriteRun(IBufferWriter<byte> writer, ReadOnlySpan<char> run)
    {
        while (!run.IsEmpty)
        {
            var final = run.Length <= ChunkChars;
            var chunk = final ? run : run[..ChunkChars];
            var span = writer.GetSpan(chunk.Length * 3);
            var status = Utf8.FromUtf16(chunk, span, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: final);
            writer.Advance(written);
            run = run[read..];
            if (status == OperationStatus.InvalidData)
            {
                // A lone surrogate: Go writes invalid UTF-8 as the escaped replacement character.
                WriteRaw(writer, "\\ufffd"u8);
                run = run[1..];
            }
        }
    }

    private static void WriteEscape(IBufferWriter<byte> writer, char c)
    {
        var b = writer.GetSpan(6);
        switch (c)
        {
            case '"' or '\\':
                b[0] = (byte)'\\';
                b[1] = (byte)c;
                writer.Advance(2);
                return;
            case '\b' or '\f' or '\n' or '\r' or '\t':
                b[0] = (byte)'\\';
                b[1] = c switch { '\b' => (byte)'b', '\f' => (byte)'f', '\n' => (byte)'n', '\r' => (byte)'r', _ => (byte)'t' };
                writer.Advance(2);
                return;
            default:
                b[0] = (byte)'\\';
                b[1] = (byte)'u';
                b[2] = Hex[(c >> 12) & 0xF];
                b[3] = Hex[(c >> 8) & 0xF];
                b[4] = Hex[(c >> 4) & 0xF];
                b[5] = Hex[c & 0xF];
                writer.Advance(6);
                return;
        }
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    private static void WriteElement(IBufferWriter<byte> writer, JsonElement element, bool sortKeys, string? indent, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(static p => new KeyValuePair<string, JsonElement>(p.Name, p.Value));
                WriteMembers(writer, sortKeys ? SortMembers(members) : members.ToList(), sortKeys, indent, depth);
                break;
            case JsonValueKind.Array:
                WriteByte(writer, (byte)'[');
                var any = false;
                foreach (var item in element.EnumerateArray())
                {
                    if (any)
                    {
                        WriteByte(writer, (byte)',');
                    }

                    WriteNewLine(writer, indent, depth + 1);
                    WriteElement(writer, item, sortKeys, indent, depth + 1);
                    any = true;
                }

                if (any)
                {
                    WriteNewLine(writer, indent, depth);
                }

                WriteByte(writer, (byte)']');
                break;
            case JsonValueKind.String:
                WriteString(writer, element.GetString());
                break;
            case JsonValueKind.True:
                WriteRaw(writer, "true"u8);
                break;
            case JsonValueKind.False:
                WriteRaw(writer, "false"u8);
                break;
            case JsonValueKind.Number:
                // The number's own text: never reformatted, so nothing is lost to a float round trip.
                var text = element.GetRawText();
                var span = writer.GetSpan(text.Length);
                writer.Advance(Encoding.UTF8.GetBytes(text, span));
                break;
            default:
                WriteRaw(writer, "null"u8);
                break;
        }
    }

    private static void WriteMembers(IBufferWriter<byte> writer, List<KeyValuePair<string, JsonElement>> members, bool sortKeys, string? indent, int depth)
    {
        WriteByte(writer, (byte)'{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                WriteByte(writer, (byte)',');
            }

            WriteNewLine(writer, indent, depth + 1);
            WriteString(writer, members[i].Key);
            WriteRaw(writer, indent is null ? ":"u8 : ": "u8);
            WriteElement(writer, members[i].Value, sortKeys, indent, depth + 1);
        }

        if (members.Count > 0)
        {
            WriteNewLine(writer, indent, depth);
        }

        WriteByte(writer, (byte)'}');
    }

    private static void WriteNewLine(IBufferWriter<byte> writer, string? indent, int depth)
    {
        if (indent is null)
        {
            return;
        }

        WriteByte(writer, (byte)'\n');
        for (var i = 0; i < depth; i++)
        {
            var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(indent.Length));
            writer.Advance(Encoding.UTF8.GetBytes(indent, span));
        }
    }
}
