using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Writes JSON exactly as Go's <c>encoding/json</c> <c>Marshal</c> does for the values an event holds, because the
/// event log must be byte-identical to what upstream's <c>gt</c> writes.
/// </summary>
/// <remarks>
/// Go's rules, from <c>encoding/json/encode.go</c> (Go 1.22 and later): <c>"</c> and <c>\</c> are backslash-escaped;
/// <c>\b \f \n \r \t</c> use their short escapes; other bytes below 0x20 become <c>\u00xx</c> (lower-case hex);
/// <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> become <c>\u003c</c>, <c>\u003e</c>, <c>\u0026</c> (HTML escaping is on
/// in <c>Marshal</c>); U+2028 and U+2029 become <c>\u2028</c> and <c>\u2029</c>; invalid UTF-16 (a lone surrogate)
/// becomes <c>\ufffd</c>; every other character, non-ASCII included, is written raw as UTF-8. Map keys are sorted by
/// their UTF-8 bytes (<c>sort.Strings</c>); a key given twice keeps its last value, as decoding into a Go map does.
/// Numbers are written as their JSON text, unchanged.
/// </remarks>
internal static class GoJson
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var span = writer.GetSpan(value.Length + 2);
        if (IsPlain(value) && span.Length >= value.Length + 2)
        {
            // The common case, ASCII with nothing to escape: one span, no per-character work beyond the check.
            span[0] = (byte)'"';
            for (var i = 0; i < value.Length; i++)
            {
                span[i + 1] = (byte)value[i];
            }

            span[value.Length + 1] = (byte)'"';
            writer.Advance(value.Length + 2);
            return;
        }

        WriteStringSlow(writer, value);
    }

    private static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c >= 0x7f || c is '"' or '\\' or '<' or '>' or '&')
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteStringSlow(IBufferWriter<byte> writer, string value)
    {
        Raw(writer, "\""u8);
        var text = value.AsSpan();
        Span<byte> encoded = stackalloc byte[6];
        while (!text.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(text, out var rune, out var consumed);
            text = text[consumed..];
            if (status != OperationStatus.Done)
            {
                Raw(writer, "\\ufffd"u8);
                continue;
            }

            var c = rune.Value;
            if (c < 0x80)
            {
                switch (c)
                {
                    case '"':
                        Raw(writer, "\\\""u8);
                        break;
                    case '\\':
                        Raw(writer, "\\\\"u8);
                        break;
                    case '\b':
                        Raw(writer, "\\b"u8);
                        break;
                    case '\f':
                        Raw(writer, "\\f"u8);
                        break;
                    case '\n':
                        Raw(writer, "\\n"u8);
                        break;
                    case '\r':
                        Raw(writer, "\\r"u8);
                        break;
                    case '\t':
                        Raw(writer, "\\t"u8);
                        break;
                    case < 0x20 or '<' or '>' or '&':
                        encoded[0] = (byte)'\\';
                        encoded[1] = (byte)'u';
                        encoded[2] = (byte)'0';
                        encoded[3] = (byte)'0';
                        encoded[4] = Hex[c >> 4];
                        encoded[5] = Hex[c & 0xF];
                        Raw(writer, encoded);
                        break;
                    default:
                        encoded[0] = (byte)c;
                        Raw(writer, encoded[..1]);
                        break;
                }
            }
            else if (c is 0x2028 or 0x2029)
            {
                Raw(writer, c == 0x2028 ? "\\u2028"u8 : "\\u2029"u8);
            }
            else
            {
                var length = rune.EncodeToUtf8(encoded);
                Raw(writer, encoded[..length]);
            }
        }

        Raw(writer, "\""u8);
    }

    /// <summary>Writes a JSON value with objects' keys sorted, recursively.</summary>
    public static void WriteValue(IBufferWriter<byte> writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, SortedMembers(value));
                break;
            case JsonValueKind.Array:
                Raw(writer, "["u8);
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        Raw(writer, ","u8);
                    }

                    first = false;
                    WriteValue(writer, item);
                }

                Raw(writer, "]"u8);
                break;
            case JsonValueKind.String:
                WriteString(writer, value.GetString()!);
                break;
            case JsonValueKind.Number:
                // The number's own JSON text: never reformatted, so nothing is lost to a float round trip.
                WriteRawValue(writer, value);
                break;
            case JsonValueKind.True:
                Raw(writer, "true"u8);
                break;
            case JsonValueKind.False:
                Raw(writer, "false"u8);
                break;
            default:
                Raw(writer, "null"u8);
                break;
        }
    }

    /// <summary>Writes an object from members already sorted and deduplicated.</summary>
    public static void WriteObject(IBufferWriter<byte> writer, IReadOnlyList<KeyValuePair<string, JsonElement>> members)
    {
        Raw(writer, "{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                Raw(writer, ","u8);
            }

            WriteString(writer, members[i].Key);
            Raw(writer, ":"u8);
            WriteValue(writer, members[i].Value);
        }

        Raw(writer, "}"u8);
    }

    /// <summary>The members of an object sorted by UTF-8 key bytes, a repeated key keeping its last value.</summary>
    public static List<KeyValuePair<string, JsonElement>> SortedMembers(JsonElement obj)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            members[property.Name] = property.Value;
        }

        return Sort(members);
    }

    /// <summary>The entries sorted by UTF-8 key bytes, as Go sorts map keys.</summary>
    public static List<KeyValuePair<string, JsonElement>> Sort(IEnumerable<KeyValuePair<string, JsonElement>> entries)
    {
        var list = new List<KeyValuePair<string, JsonElement>>(entries);
        list.Sort(static (a, b) => CompareUtf8(a.Key, b.Key));
        return list;
    }

    /// <summary>
    /// Compares as UTF-8 bytes compare. UTF-16 ordinal order differs from it only when a surrogate pair meets a
    /// character in U+E000–U+FFFF, so comparing code points gives Go's order without encoding.
    /// </summary>
    public static int CompareUtf8(string a, string b)
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

    private static void WriteRawValue(IBufferWriter<byte> writer, JsonElement value)
    {
        var text = value.GetRawText();
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        writer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    public static void Raw(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);
}
