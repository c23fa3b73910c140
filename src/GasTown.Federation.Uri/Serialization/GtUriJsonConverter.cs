using System.Text.Json;
using System.Text.Json.Serialization;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// Reads and writes a <see cref="GtUri"/> as a JSON string in canonical form, also as a dictionary key.
/// JSON <c>null</c> reads as <c>default(GtUri)</c>, and <c>default</c> writes as <c>null</c>.
/// Applied to <see cref="GtUri"/> with <see cref="JsonConverterAttribute"/>, so nothing needs registering;
/// it uses no reflection and works with source-generated <see cref="JsonSerializerContext"/>s and native AOT.
/// </summary>
public sealed class GtUriJsonConverter : JsonConverter<GtUri>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override GtUri Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Null => default,
            JsonTokenType.String => ReadString(ref reader),
            _ => throw new JsonException(GtUriMessages.Format(GtUriMessages.JsonExpectedUri, reader.TokenType)),
        };
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, GtUri value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsDefault)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value.ToString());
    }

    /// <inheritdoc/>
    public override GtUri ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => ReadString(ref reader);

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, GtUri value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsDefault)
        {
            throw new JsonException(GtUriMessages.JsonDefaultUriKey);
        }

        writer.WritePropertyName(value.ToString());
    }

    private static GtUri ReadString(ref Utf8JsonReader reader)
    {
        GtUri uri;
        ParseFailure failure;
        bool ok;
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            // The common case: parse the UTF-8 bytes in place.
            ok = GtUriParser.TryParseUtf8(reader.ValueSpan, out uri, out failure);
        }
        else
        {
            var text = reader.GetString()!;
            ok = GtUriParser.TryParse(text, text, out uri, out failure);
        }

        return ok ? uri : throw new JsonException(GtUriMessages.Format(GtUriMessages.JsonInvalidUri, failure.ToError().Message));
    }
}
