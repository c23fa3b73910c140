using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// A JSON object read into a Go struct's fields the way <c>encoding/json</c> does, for the small town files
/// (town.json, routes.jsonl, relationships.jsonl) whose upstream readers are Go.
/// </summary>
/// <remarks>
/// Keys match fields as <see cref="GoJsonKeys"/> says (exact, else case-folded), every matching key is decoded in
/// order so the last wins, <c>null</c> leaves a field as it was (Go's rule for non-pointer fields), and a value of the
/// wrong kind fails the whole object (Go's <c>Unmarshal</c> returns an <c>UnmarshalTypeError</c>). Keys that match no
/// field are kept, in file order, as <see cref="Unknown"/>, so a rewrite loses nothing.
/// </remarks>
internal sealed class GoJsonObject
{
    private readonly JsonElement?[] _values;

    private GoJsonObject(JsonElement?[] values, List<UnknownJsonField> unknown)
    {
        _values = values;
        Unknown = unknown;
    }

    /// <summary>The keys that match no field, in file order.</summary>
    public List<UnknownJsonField> Unknown { get; }

    /// <summary>Reads <paramref name="element"/> into <paramref name="fields"/>.</summary>
    /// <param name="element">The object (anything else is a problem).</param>
    /// <param name="fields">The struct's fields.</param>
    /// <param name="result">The fields' values, when read.</param>
    /// <param name="problem">Why not: the key and the kind it needs.</param>
    public static bool TryRead(JsonElement element, ReadOnlySpan<GoJsonField> fields, [NotNullWhen(true)] out GoJsonObject? result, [NotNullWhen(false)] out string? problem)
    {
        result = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = $"not a JSON object (got {Describe(element)})";
            return false;
        }

        Span<string> names = new string[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            names[i] = fields[i].Name;
        }

        var values = new JsonElement?[fields.Length];
        var unknown = new List<UnknownJsonField>();
        foreach (var property in element.EnumerateObject())
        {
            var index = GoJsonKeys.Find(property.Name, names);
            if (index < 0)
            {
                unknown.Add(new UnknownJsonField(property.Name, Encoding.UTF8.GetBytes(property.Value.GetRawText())));
                continue;
            }

            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != fields[index].Kind)
            {
                problem = $"\"{fields[index].Name}\" must be {fields[index].KindText}, got {Describe(value)}";
                return false;
            }

            values[index] = value;
        }

        result = new GoJsonObject(values, unknown);
        problem = null;
        return true;
    }

    /// <summary>The field's value, or null when no key gave it one.</summary>
    public JsonElement? this[int field] => _values[field];

    /// <summary>The field's string, or null when no key gave it one.</summary>
    public string? String(int field) => _values[field]?.GetString();

    /// <summary>A value's text for a message, cut short.</summary>
    public static string Describe(JsonElement value) => MessageText.Printable(value.GetRawText());
}
