using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>Reads and writes the JSON shapes of relationships.jsonl lines (DESIGN §5 and upstream's Delegation struct).</summary>
internal static class RelationshipJson
{
    public static bool TryRead(ReadOnlySpan<byte> line, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException exception)
        {
            problem = $"malformed JSON ({exception.Message})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not { Length: > 0 } type)
            {
                problem = "missing \"type\" (employment, delegation or cross_reference)";
                return false;
            }

            return type switch
            {
                EmploymentRelationship.TypeName => TryReadEmployment(root, out relationship, out problem),
                DelegationRelationship.TypeName => TryReadDelegation(root, out relationship, out problem),
                CrossReferenceRelationship.TypeName => TryReadCrossReference(root, out relationship, out problem),
                _ => KeepWhole(root, type, out relationship, out problem),
            };
        }
    }

    public static void Write(IBufferWriter<byte> writer, Relationship relationship)
    {
        switch (relationship)
        {
            case EmploymentRelationship e:
                Start(writer, e.Type);
                Key(writer, "entity");
                FederationJsonText.WriteString(writer, e.Entity.Value);
                Key(writer, "organization");
                FederationJsonText.WriteString(writer, e.Organization.Value);
                break;
            case DelegationRelationship d:
                Start(writer, d.Type);
                Key(writer, "parent");
                FederationJsonText.WriteString(writer, d.Parent.ToString());
                Key(writer, "child");
                FederationJsonText.WriteString(writer, d.Child.ToString());
                OptionalString(writer, "delegated_by", d.DelegatedBy);
                OptionalString(writer, "delegated_to", d.DelegatedTo);
                if (d.Terms is { } terms)
                {
                    Key(writer, "terms");
                    WriteTerms(writer, terms);
                }

                if (d.CreatedAt is { } createdAt)
                {
                    OptionalString(writer, "created_at", createdAt.Text);
                }

                break;
            case CrossReferenceRelationship x:
                Start(writer, x.Type);
                Key(writer, "source");
                FederationJsonText.WriteString(writer, x.Source.ToString());
                Key(writer, "references");
                FederationJsonText.WriteRaw(writer, "["u8);
                for (var i = 0; i < x.References.Count; i++)
                {
                    FederationJsonText.WriteRaw(writer, i == 0 ? "{\"type\":"u8 : ",{\"type\":"u8);
                    FederationJsonText.WriteString(writer, x.References[i].Type);
                    FederationJsonText.WriteRaw(writer, ",\"target\":"u8);
                    FederationJsonText.WriteString(writer, x.References[i].Target.ToString());
                    FederationJsonText.WriteRaw(writer, "}"u8);
                }

                FederationJsonText.WriteRaw(writer, "]"u8);
                break;
            case UnknownRelationship u:
                // Written whole, as read: the unknown fields are already inside.
                FederationJsonText.WriteCompact(writer, u.Json);
                return;
            default:
                throw new ArgumentException($"relationship type {relationship.GetType().Name} cannot be written; use EmploymentRelationship, DelegationRelationship or CrossReferenceRelationship", nameof(relationship));
        }

        WriteUnknown(writer, relationship.UnknownFields);
        FederationJsonText.WriteRaw(writer, "}"u8);
    }

    private static bool TryReadEmployment(JsonElement root, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        if (!TryEntity(root, "entity", out var entity, out problem) || !TryEntity(root, "organization", out var organization, out problem))
        {
            return false;
        }

        if (organization.Kind != EntityKind.Organization)
        {
            problem = $"\"organization\" must be an organisation (a domain such as acme.com), got the person '{organization}'";
            return false;
        }

        relationship = new EmploymentRelationship(entity, organization) { UnknownFields = Unknown(root, "type", "entity", "organization") };
        return true;
    }

    private static bool TryReadDelegation(JsonElement root, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        if (!TryWorkUnit(root, "parent", out var parent, out problem) || !TryWorkUnit(root, "child", out var child, out problem))
        {
            return false;
        }

        DelegationTerms? terms = null;
        string? termsDelegatedBy = null;
        string? termsDelegatedTo = null;
        if (root.TryGetProperty("terms", out var termsElement) && termsElement.ValueKind == JsonValueKind.Object)
        {
            int? creditShare = null;
            if (termsElement.TryGetProperty("credit_share", out var share) && share.ValueKind != JsonValueKind.Null)
            {
                if (share.ValueKind != JsonValueKind.Number || !share.TryGetInt32(out var value) || value is < 0 or > 100)
                {
                    problem = $"\"terms.credit_share\" must be an integer from 0 to 100, got {share.GetRawText()}";
                    return false;
                }

                creditShare = value;
            }

            // DESIGN §5 lets the terms carry delegated_by/delegated_to; upstream's struct has them at the top.
            termsDelegatedBy = Text(termsElement, "delegated_by");
            termsDelegatedTo = Text(termsElement, "delegated_to");
            terms = new DelegationTerms(Text(termsElement, "portion"), Text(termsElement, "deadline"), Text(termsElement, "acceptance_criteria"), creditShare)
            {
                UnknownFields = Unknown(termsElement, "portion", "deadline", "acceptance_criteria", "credit_share", "delegated_by", "delegated_to"),
            };
        }
        else if (root.TryGetProperty("terms", out termsElement) && termsElement.ValueKind != JsonValueKind.Null)
        {
            problem = "\"terms\" must be an object";
            return false;
        }

        BeadsTimestamp? createdAt = null;
        if (Text(root, "created_at") is { } createdText)
        {
            if (!BeadsTimestamp.TryParse(createdText, out var parsed))
            {
                problem = $"\"created_at\" is not an RFC 3339 timestamp: '{createdText}'";
                return false;
            }

            createdAt = parsed;
        }

        relationship = new DelegationRelationship(parent, child, terms, Text(root, "delegated_by") ?? termsDelegatedBy, Text(root, "delegated_to") ?? termsDelegatedTo, createdAt)
        {
            UnknownFields = Unknown(root, "type", "parent", "child", "terms", "delegated_by", "delegated_to", "created_at"),
        };
        return true;
    }

    private static bool TryReadCrossReference(JsonElement root, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        if (!TryWorkUnit(root, "source", out var source, out problem))
        {
            return false;
        }

        if (!root.TryGetProperty("references", out var references) || references.ValueKind != JsonValueKind.Array)
        {
            problem = "missing \"references\" array";
            return false;
        }

        var targets = new List<CrossReferenceTarget>();
        var index = 0;
        foreach (var reference in references.EnumerateArray())
        {
            if (reference.ValueKind != JsonValueKind.Object)
            {
                problem = $"references[{index}] is not an object";
                return false;
            }

            if (!TryWorkUnit(reference, "target", out var target, out problem))
            {
                problem = $"references[{index}]: {problem}";
                return false;
            }

            targets.Add(new CrossReferenceTarget(Text(reference, "type") ?? "depends_on", target));
            index++;
        }

        relationship = new CrossReferenceRelationship(source, targets) { UnknownFields = Unknown(root, "type", "source", "references") };
        return true;
    }

    private static bool KeepWhole(JsonElement root, string type, out Relationship? relationship, out string? problem)
    {
        relationship = new UnknownRelationship(type, root.Clone());
        problem = null;
        return true;
    }

    private static bool TryEntity(JsonElement root, string key, out EntityId entity, [NotNullWhen(false)] out string? problem)
    {
        entity = default;
        if (Text(root, key) is not { } text)
        {
            problem = $"missing \"{key}\"";
            return false;
        }

        if (!EntityId.TryParse(text.AsSpan(), out entity, out var error))
        {
            problem = $"\"{key}\" is not an entity (an email or a domain): {error.Message}";
            return false;
        }

        problem = null;
        return true;
    }

    private static bool TryWorkUnit(JsonElement root, string key, out GtUri uri, [NotNullWhen(false)] out string? problem)
    {
        uri = default;
        if (Text(root, key) is not { } text)
        {
            problem = $"missing \"{key}\"";
            return false;
        }

        if (!GtUri.TryParse(text.AsSpan(), out uri, out var error))
        {
            problem = $"\"{key}\" is not a gt:// URI: {error.Message}";
            return false;
        }

        if (uri.Kind != GtUriKind.WorkUnit)
        {
            problem = $"\"{key}\" must name a work unit (gt://entity/chain/[rig/]id), got '{text}'";
            return false;
        }

        problem = null;
        return true;
    }

    private static string? Text(JsonElement element, string key)
        => element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<UnknownJsonField> Unknown(JsonElement element, params ReadOnlySpan<string> known)
    {
        var unknown = new List<UnknownJsonField>();
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                unknown.Add(FederationJsonText.ToUnknownField(property));
            }
        }

        return unknown;
    }

    private static void WriteTerms(IBufferWriter<byte> writer, DelegationTerms terms)
    {
        var first = true;
        FederationJsonText.WriteRaw(writer, "{"u8);
        void TermKey(string key)
        {
            FederationJsonText.WriteRaw(writer, first ? "\""u8 : ",\""u8);
            FederationJsonText.WriteRaw(writer, key);
            FederationJsonText.WriteRaw(writer, "\":"u8);
            first = false;
        }

        if (terms.Portion is not null)
        {
            TermKey("portion");
            FederationJsonText.WriteString(writer, terms.Portion);
        }

        if (terms.Deadline is not null)
        {
            TermKey("deadline");
            FederationJsonText.WriteString(writer, terms.Deadline);
        }

        if (terms.AcceptanceCriteria is not null)
        {
            TermKey("acceptance_criteria");
            FederationJsonText.WriteString(writer, terms.AcceptanceCriteria);
        }

        if (terms.CreditShare is { } share)
        {
            TermKey("credit_share");
            FederationJsonText.WriteInt(writer, share);
        }

        foreach (var field in terms.UnknownFields)
        {
            FederationJsonText.WriteRaw(writer, first ? ""u8 : ","u8);
            FederationJsonText.WriteString(writer, field.Name);
            FederationJsonText.WriteRaw(writer, ":"u8);
            FederationJsonText.WriteCompact(writer, field);
            first = false;
        }

        FederationJsonText.WriteRaw(writer, "}"u8);
    }

    private static void Start(IBufferWriter<byte> writer, string type)
    {
        FederationJsonText.WriteRaw(writer, "{\"type\":"u8);
        FederationJsonText.WriteString(writer, type);
    }

    private static void Key(IBufferWriter<byte> writer, string key)
    {
        FederationJsonText.WriteRaw(writer, ",\""u8);
        FederationJsonText.WriteRaw(writer, key);
        FederationJsonText.WriteRaw(writer, "\":"u8);
    }

    private static void OptionalString(IBufferWriter<byte> writer, string key, string? value)
    {
        if (value is not null)
        {
            Key(writer, key);
            FederationJsonText.WriteString(writer, value);
        }
    }

    private static void WriteUnknown(IBufferWriter<byte> writer, IReadOnlyList<UnknownJsonField> unknown)
    {
        foreach (var field in unknown)
        {
            FederationJsonText.WriteRaw(writer, ","u8);
            FederationJsonText.WriteString(writer, field.Name);
            FederationJsonText.WriteRaw(writer, ":"u8);
            FederationJsonText.WriteCompact(writer, field);
        }
    }
}
