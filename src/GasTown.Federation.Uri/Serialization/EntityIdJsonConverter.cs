using System.Text.Json;
using System.Text.Json.Serialization;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// Reads and writes an <see cref="EntityId"/> as a JSON string in canonical (lower-case) form, also as a dictionary key.
/// JSON <c>null</c> reads as <c>default(EntityId)</c>, and <c>default</c> writes as <c>null</c>. AOT-safe.
/// </summary>
public sealed class EntityIdJsonConverter : JsonConverter<EntityId>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override EntityId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Null => default,
            JsonTokenType.String => ReadString(ref reader),
            _ => throw new JsonException(GtUriMessages.Format(GtUriMessages.JsonExpectedEntity, reader.TokenType)),
        };
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, EntityId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsDefault)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value.Value);
    }

    /// <inheritdoc/>
    public override EntityId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => ReadString(ref reader);

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, EntityId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsDefault)
        {
            throw new JsonException(GtUriMessages.JsonDefaultEntityKey);
        }

        writer.WritePropertyName(value.Value);
    }

    private static EntityId ReadString(ref Utf8JsonReader reader)
    {
        var text = reader.GetString()!;
        return EntityId.TryParse(text.AsSpan(), out var id, out var error)
            ? id
            : throw new JsonException(GtUriMessages.Format(GtUriMessages.JsonInvalidEntity, error.Message));
    }
}
