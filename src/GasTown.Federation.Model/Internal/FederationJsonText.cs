using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// Hand-written JSON output with Go's encoding/json rules, for the small town files (town.json,
/// routes.jsonl, relationships.jsonl): <c>&lt; &gt; &amp;</c> and U+2028/U+2029 as lower-case <c>\u00XX</c>
/// escapes, <c>\n \r \t \" \\</c> short escapes, other control characters as <c>\u00XX</c>, every other
/// character raw UTF-8. System.Text.Json's encoders differ (upper-case hex, escaped non-ASCII), hence this.
/// </summary>
internal static class FederationJsonText
{
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    /// <summary>Writes ASCII or UTF-8 bytes as they are.</summary>
    public static void WriteRaw(IBufferWriter<byte> writer, ReadOnlySpan<byte> utf8)
    {
        var span = writer.GetSpan(utf8.Length);
        utf8.CopyTo(span);
        writer.Advance(utf8.Length);
    }

    /// <summary>Writes a string's UTF-8 bytes without quoting or escaping (for numbers and known-safe text).</summary>
    public static void WriteRaw(IBufferWriter<byte> writer, string text)
    {
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        writer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>Writes an integer in invariant digits.</summary>
    public static void WriteInt(IBufferWriter<byte> writer, long value)
        => WriteRaw(writer, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string with Go's escaping.</summary>
    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        Span<byte> one = stackalloc byte[4];
        WriteRaw(writer, "\""u8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    WriteRaw(writer, "\\\""u8);
                    continue;
                case '\\':
                    WriteRaw(writer, "\\\\"u8);
                    continue;
                case '\n':
                    WriteRaw(writer, "\\n"u8);
                    continue;
                case '\r':
                    WriteRaw(writer, "\\r"u8);
                    continue;
                case '\t':
                    WriteRaw(writer, "\\t"u8);
                    continue;
            }

            if (c < 0x20 || c is '<' or '>' or '&' or '\u2028' or '\u2029')
            {
                WriteUnicodeEscape(writer, c);
                continue;
            }

            if (c < 0x80)
            {
                one[0] = (byte)c;
                WriteRaw(writer, one[..1]);
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var rune = new Rune(c, value[i + 1]);
                WriteRaw(writer, one[..rune.EncodeToUtf8(one)]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                // Go replaces invalid UTF-8 with the escaped replacement character.
                WriteRaw(writer, "\\ufffd"u8);
                continue;
            }

            WriteRaw(writer, one[..new Rune(c).EncodeToUtf8(one)]);
        }

        WriteRaw(writer, "\""u8);
    }

    /// <summary>Keeps a property this SDK does not know, with its value's original text.</summary>
    public static UnknownJsonField ToUnknownField(JsonProperty property)
        => new(property.Name, Encoding.UTF8.GetBytes(property.Value.GetRawText()));

    /// <summary>Writes an unknown field's value compactly, Go's way.</summary>
    public static void WriteCompact(IBufferWriter<byte> writer, UnknownJsonField field)
    {
        using var document = JsonDocument.Parse(field.RawValue);
        WriteCompact(writer, document.RootElement);
    }

    /// <summary>Writes an unknown field's value indented as Go's MarshalIndent would at <paramref name="depth"/>.</summary>
    public static void WriteIndented(IBufferWriter<byte> writer, UnknownJsonField field, string indent, int depth)
    {
        using var document = JsonDocument.Parse(field.RawValue);
        WriteIndented(writer, document.RootElement, indent, depth);
    }

    /// <summary>Writes a JSON value compactly (as Go's json.Marshal of a RawMessage would), strings re-escaped Go's way.</summary>
    public static void WriteCompact(IBufferWriter<byte> writer, JsonElement element) => WriteValue(writer, element, indent: null, depth: 0);

    /// <summary>Writes a JSON value the way Go's json.MarshalIndent(v, "", indent) nests it at <paramref name="depth"/>.</summary>
    public static void WriteIndented(IBufferWriter<byte> writer, JsonElement element, string indent, int depth)
        => WriteValue(writer, element, indent, depth);

    /// <summary>Writes a newline and <paramref name="depth"/> indents.</summary>
    public static void WriteNewLine(IBufferWriter<byte> writer, string indent, int depth)
    {
        WriteRaw(writer, "\n"u8);
        for (var i = 0; i < depth; i++)
        {
            WriteRaw(writer, indent);
        }
    }

    private static void WriteValue(IBufferWriter<byte> writer, JsonElement element, string? indent, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var any = false;
                WriteRaw(writer, "{"u8);
                foreach (var property in element.EnumerateObject())
                {
                    WriteRaw(writer, any ? ","u8 : ""u8);
                    if (indent is not null)
                    {
                        WriteNewLine(writer, indent, depth + 1);
                    }

                    WriteString(writer, property.Name);
                    WriteRaw(writer, indent is null ? ":"u8 : ": "u8);
                    WriteValue(writer, property.Value, indent, depth + 1);
                    any = true;
                }

                if (any && indent is not null)
                {
                    WriteNewLine(writer, indent, depth);
                }

                WriteRaw(writer, "}"u8);
                break;
            }

            case JsonValueKind.Array:
            {
                var any = false;
                WriteRaw(writer, "["u8);
                foreach (var item in element.EnumerateArray())
                {
                    WriteRaw(writer, any ? ","u8 : ""u8);
                    if (indent is not null)
                    {
                        WriteNewLine(writer, indent, depth + 1);
                    }

                    WriteValue(writer, item, indent, depth + 1);
                    any = true;
                }

                if (any && indent is not null)
                {
                    WriteNewLine(writer, indent, depth);
                }

                WriteRaw(writer, "]"u8);
                break;
            }

            case JsonValueKind.String:
                WriteString(writer, element.GetString()!);
                break;
            default:
                // Numbers, true, false, null: their text is already canonical JSON.
                WriteRaw(writer, element.GetRawText());
                break;
        }
    }

    private static void WriteUnicodeEscape(IBufferWriter<byte> writer, char c)
    {
        Span<byte> escape = stackalloc byte[6];
        escape[0] = (byte)'\\';
        escape[1] = (byte)'u';
        escape[2] = Hex[(c >> 12) & 0xF];
        escape[3] = Hex[(c >> 8) & 0xF];
        escape[4] = Hex[(c >> 4) & 0xF];
        escape[5] = Hex[c & 0xF];
        WriteRaw(writer, escape);
    }
}
