using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// Compacts a JSON value the way Go's <c>encoding/json</c> writes a <c>json.RawMessage</c> with HTML escaping on:
/// whitespace outside strings removed, <c>&lt; &gt; &amp;</c> and U+2028/U+2029 inside strings escaped, every other
/// byte (existing escapes included) kept as it is.
/// </summary>
internal static class GoJsonCompactor
{
    /// <summary>The compact bytes of <paramref name="element"/>.</summary>
    public static ReadOnlyMemory<byte> Compact(JsonElement element)
        => Compact(System.Text.Encoding.UTF8.GetBytes(element.GetRawText()));

    /// <summary>The compact bytes of a valid JSON text.</summary>
    public static byte[] Compact(ReadOnlySpan<byte> json)
    {
        var output = new List<byte>(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (!inString)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
                {
                    continue;
                }

                inString = b == '"';
                output.Add(b);
                continue;
            }

            switch (b)
            {
                case (byte)'\\':
                    output.Add(b);
                    output.Add(json[++i]);
                    break;
                case (byte)'"':
                    inString = false;
                    output.Add(b);
                    break;
                case (byte)'<':
                    AddEscape(output, "\\u003c"u8);
                    break;
                case (byte)'>':
                    AddEscape(output, "\\u003e"u8);
                    break;
                case (byte)'&':
                    AddEscape(output, "\\u0026"u8);
                    break;
                case 0xE2 when i + 2 < json.Length && json[i + 1] == 0x80 && json[i + 2] is 0xA8 or 0xA9:
                    AddEscape(output, json[i + 2] == 0xA8 ? "\\u2028"u8 : "\\u2029"u8);
                    i += 2;
                    break;
                default:
                    output.Add(b);
                    break;
            }
        }

        return [.. output];
    }

    private static void AddEscape(List<byte> output, ReadOnlySpan<byte> escape)
    {
        foreach (var b in escape)
        {
            output.Add(b);
        }
    }
}
