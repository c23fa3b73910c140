using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// Writes JSON strings the way Go's encoding/json does, through the SDK's one Go-compatible writer
/// (<see cref="GoJsonWriter"/>), so the files a <see cref="TownBuilder"/> writes look like the ones real towns hold.
/// The writer's own bytes are pinned against Go's in GoJsonWriterTests.
/// </summary>
internal static class GoJson
{
    /// <summary>Appends <paramref name="value"/> as a quoted JSON string with Go's escaping.</summary>
    public static StringBuilder AppendString(this StringBuilder builder, string value)
        => builder.Append(Quote(value));

    /// <summary>Returns <paramref name="value"/> as a quoted JSON string with Go's escaping.</summary>
    public static string Quote(string value) => Encoding.UTF8.GetString(GoJsonWriter.ToQuotedUtf8(value));
}
