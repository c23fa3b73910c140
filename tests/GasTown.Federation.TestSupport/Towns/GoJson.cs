using System.Globalization;
using System.Text;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// Writes JSON strings the way Go's encoding/json does (the escaping upstream's gt and bd write), so
/// the files a <see cref="TownBuilder"/> writes look like the ones real towns hold.
/// </summary>
internal static class GoJson
{
    /// <summary>Appends <paramref name="value"/> as a quoted JSON string with Go's escaping.</summary>
    public static StringBuilder AppendString(this StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"');
    }

    /// <summary>Returns <paramref name="value"/> as a quoted JSON string with Go's escaping.</summary>
    public static string Quote(string value) => new StringBuilder(value.Length + 2).AppendString(value).ToString();
}
