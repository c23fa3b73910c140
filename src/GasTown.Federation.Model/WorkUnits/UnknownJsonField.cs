using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// A JSON property this SDK does not model (for example <c>metadata</c> or <c>source_system</c> from newer beads
/// versions), kept as raw UTF-8 JSON so it survives a read–change–write cycle untouched.
/// </summary>
/// <remarks>Upstream's merge driver once silently dropped fields it did not know (beads GH#891, GH#1480); this type is why we never do.</remarks>
public sealed class UnknownJsonField : IEquatable<UnknownJsonField>
{
    /// <summary>Creates a field from its (unescaped) name and its raw JSON value.</summary>
    /// <param name="name">The property name, unescaped.</param>
    /// <param name="rawValue">The value exactly as UTF-8 JSON, e.g. <c>{"x":1}</c> or <c>"dolt"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="rawValue"/> is not one complete JSON value.</exception>
    public UnknownJsonField(string name, ReadOnlyMemory<byte> rawValue)
    {
        ArgumentNullException.ThrowIfNull(name);
        var reader = new Utf8JsonReader(rawValue.Span);
        try
        {
            reader.Read();
            reader.Skip();
            if (reader.BytesConsumed != rawValue.Length || reader.Read())
            {
                throw new ArgumentException($"The raw value of '{name}' is not exactly one JSON value.", nameof(rawValue));
            }
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The raw value of '{name}' is not valid JSON: {ex.Message}", nameof(rawValue), ex);
        }

        Name = name;
        RawValue = rawValue;
    }

    // Trusted path for the reader: the bytes came out of Utf8JsonReader.
    private UnknownJsonField(string name, ReadOnlyMemory<byte> rawValue, bool trusted)
    {
        _ = trusted;
        Name = name;
        RawValue = rawValue;
    }

    internal static UnknownJsonField CreateTrusted(string name, ReadOnlyMemory<byte> rawValue) => new(name, rawValue, trusted: true);

    /// <summary>The property name, unescaped.</summary>
    public string Name { get; }

    /// <summary>The value as UTF-8 JSON, exactly as it was read.</summary>
    public ReadOnlyMemory<byte> RawValue { get; }

    /// <summary>The value as JSON text.</summary>
    public string RawText => Encoding.UTF8.GetString(RawValue.Span);

    /// <summary>Parses the value (a copy independent of this field).</summary>
    public JsonElement ToJsonElement()
    {
        using var document = JsonDocument.Parse(RawValue);
        return document.RootElement.Clone();
    }

    /// <summary>Same name and byte-identical value.</summary>
    public bool Equals(UnknownJsonField? other)
        => other is not null && Name == other.Name && RawValue.Span.SequenceEqual(other.RawValue.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UnknownJsonField);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, RawValue.Length);

    /// <summary>Returns <c>"name":value</c>.</summary>
    public override string ToString() => $"\"{Name}\":{RawText}";
}
