using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// A JSON string value left as the UTF-8 bytes of the line it was read from, turned into a .NET string on first use.
/// Titles and descriptions are most of a beads file's bytes and most of them are never looked at: keeping them as
/// slices of the document's buffer makes loading faster and a loaded file about half the size.
/// </summary>
internal sealed class LazyJsonText
{
    private readonly ReadOnlyMemory<byte> _quotedJson;
    private readonly bool _escaped;
    private string? _value;

    /// <param name="quotedJson">The JSON string token, quotes included, exactly as in the line (already validated).</param>
    /// <param name="escaped">Whether the token holds escapes.</param>
    public LazyJsonText(ReadOnlyMemory<byte> quotedJson, bool escaped)
    {
        _quotedJson = quotedJson;
        _escaped = escaped;
    }

    // A benign race: two threads may both decode, and both get equal strings.
    public string Value => _value ??= Decode();

    /// <summary>Returns the text of a field stored either as a string or as lazy JSON text.</summary>
    public static string? Resolve(object? field) => field is LazyJsonText lazy ? lazy.Value : (string?)field;

    private string Decode()
    {
        var span = _quotedJson.Span;
        if (!_escaped)
        {
            return Encoding.UTF8.GetString(span[1..^1]);
        }

        var reader = new Utf8JsonReader(span);
        reader.Read();
        return reader.GetString()!;
    }
}
