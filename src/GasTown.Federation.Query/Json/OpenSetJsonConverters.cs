using System.Text.Json;
using System.Text.Json.Serialization;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>A beads status as its string (<c>"open"</c>), as upstream writes it.</summary>
internal sealed class WorkStatusJsonConverter : JsonConverter<WorkStatus>
{
    public override WorkStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString());

    public override void Write(Utf8JsonWriter writer, WorkStatus value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>A beads issue type as its string (<c>"task"</c>), as upstream writes it.</summary>
internal sealed class WorkTypeJsonConverter : JsonConverter<WorkType>
{
    public override WorkType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString());

    public override void Write(Utf8JsonWriter writer, WorkType value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>A beads dependency type as its string (<c>"blocks"</c>), as upstream writes it.</summary>
internal sealed class DependencyTypeJsonConverter : JsonConverter<DependencyType>
{
    public override DependencyType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString());

    public override void Write(Utf8JsonWriter writer, DependencyType value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>A beads timestamp in the results' one shape (<see cref="JsonTimestamps"/>).</summary>
internal sealed class BeadsTimestampJsonConverter : JsonConverter<BeadsTimestamp>
{
    public override BeadsTimestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BeadsTimestamp.TryParse(reader.GetString(), out var value) ? value : throw new JsonException($"'{reader.GetString()}' is not an RFC 3339 timestamp.");

    public override void Write(Utf8JsonWriter writer, BeadsTimestamp value, JsonSerializerOptions options) => writer.WriteStringValue(JsonTimestamps.Format(value));
}

/// <summary>An instant in the results' one shape (<see cref="JsonTimestamps"/>), instead of .NET's <c>+00:00</c> and 7-digit fractions.</summary>
internal sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BeadsTimestamp.TryParse(reader.GetString(), out var value) ? value.Value : throw new JsonException($"'{reader.GetString()}' is not an RFC 3339 timestamp.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(JsonTimestamps.Format(value));
}
