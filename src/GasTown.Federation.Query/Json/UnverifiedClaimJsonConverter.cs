using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// An <see cref="UnverifiedClaim"/> as <c>{"type","subject","object","asserted_by","status","reason","relationship"}</c>,
/// where <c>relationship</c> is the line as Model writes it to relationships.jsonl (<see cref="RelationshipDocument.Serialize"/>) (read back with it too).
/// </summary>
internal sealed class UnverifiedClaimJsonConverter : System.Text.Json.Serialization.JsonConverter<UnverifiedClaim>
{
    public override UnverifiedClaim Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var read = root.TryGetProperty("relationship", out var relationshipElement)
            ? RelationshipDocument.Parse(System.Text.Encoding.UTF8.GetBytes(relationshipElement.GetRawText()))
            : RelationshipDocument.Empty;
        if (read.Relationships is not [var relationship])
        {
            throw new JsonException("An unverified claim needs its \"relationship\" as a relationships.jsonl object.");
        }

        var assertedBy = GtUri.Parse(root.GetProperty("asserted_by").GetString()!);
        var status = Enum.TryParse<TrustStatus>(root.GetProperty("status").GetString(), ignoreCase: true, out var s) ? s : TrustStatus.Unverified;
        return new UnverifiedClaim(relationship, assertedBy, status, root.GetProperty("reason").GetString() ?? string.Empty);
    }

    public override void Write(Utf8JsonWriter writer, UnverifiedClaim value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type);
        writer.WriteString("subject", value.Subject);
        writer.WriteString("object", value.Object);
        writer.WriteString("asserted_by", value.AssertedBy.ToString());
        writer.WriteString("status", value.Status.ToString());
        writer.WriteString("reason", value.Reason);
        writer.WritePropertyName("relationship");
        writer.WriteRawValue(RelationshipDocument.Serialize(value.Relationship), skipInputValidation: false);
        writer.WriteEndObject();
    }
}
