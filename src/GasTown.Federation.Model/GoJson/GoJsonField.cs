using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>One field of a Go struct as a file's JSON names it, with the JSON kind its Go type accepts.</summary>
/// <param name="Name">The JSON name (ASCII).</param>
/// <param name="Kind">
/// <see cref="JsonValueKind.String"/>, <see cref="JsonValueKind.Number"/> (an integer), <see cref="JsonValueKind.Object"/>
/// or <see cref="JsonValueKind.Array"/>.
/// </param>
internal readonly record struct GoJsonField(string Name, JsonValueKind Kind)
{
    /// <summary>How a message names the kind.</summary>
    public string KindText => Kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "an integer",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => Kind.ToString(),
    };
}
