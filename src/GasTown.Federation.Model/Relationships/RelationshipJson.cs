using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>Reads and writes the JSON shapes of relationships.jsonl lines (DESIGN §5 and upstream's Delegation struct).</summary>
internal static class RelationshipJson
{
    // The fields of each shape, as a Go struct would declare them; keys are matched as encoding/json matches them.
    private static readonly GoJsonField[] TypeOnly = [new("type", JsonValueKind.String)];

    private static readonly GoJsonField[] EmploymentFields =
        [new("type", JsonValueKind.String), new("entity", JsonValueKind.String), new("organization", JsonValueKind.String)];

    private static readonly GoJsonField[] DelegationFields =
    [
        new("type", JsonValueKind.String), new("parent", JsonValueKind.String), new("child", JsonValueKind.String),
        new("terms", JsonValueKind.Object), new("delegated_by", JsonValueKind.String), new("delegated_to", JsonValueKind.String),
        new("created_at", JsonValueKind.String),
    ];

    private static readonly GoJsonField[] TermsFields =
    [
        new("portion", JsonValueKind.String), new("deadline", JsonValueKind.String), new("acceptance_criteria", JsonValueKind.String),
        new("credit_share", JsonValueKind.Number), new("delegated_by", JsonValueKind.String), new("delegated_to", JsonValueKind.String),
    ];

    private static readonly GoJsonField[] CrossReferenceFields =
        [new("type", JsonValueKind.String), new("source", JsonValueKind.String), new("references", JsonValueKind.Array)];

    private static readonly GoJsonField[] ReferenceFields = [new("type", JsonValueKind.String), new("target", JsonValueKind.String)];

    /// <summary>
    /// Reads one line as Go's <c>encoding/json</c> would: keys matched case-insensitively with the last one winning,
    /// invalid UTF-8 in strings read as U+FFFD. Never throws: a line that cannot be read gives a problem.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> line, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(GoJsonInput.Normalize(line).ToArray());
        }
        catch (JsonException exception)
        {
            problem = $"malformed JSON ({exception.Message})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!GoJsonObject.TryRead(root, TypeOnly, out var typed, out problem))
            {
                return false;
            }

            if (typed.String(0) is not { Length: > 0 } type)
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
                GoJsonWriter.WriteString(writer, e.Entity.Value);
                Key(writer, "organization");
                GoJsonWriter.WriteString(writer, e.Organization.Value);
                break;
            case DelegationRelationship d:
                Start(writer, d.Type);
                Key(writer, "parent");
                GoJsonWriter.WriteString(writer, d.Parent.ToString());
                Key(writer, "child");
                GoJsonWriter.WriteString(writer, d.Child.ToString());
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
                GoJsonWriter.WriteString(writer, x.Source.ToString());
                Key(writer, "references");
                GoJsonWriter.WriteRaw(writer, "["u8);
                for (var i = 0; i < x.References.Count; i++)
                {
                    GoJsonWriter.WriteRaw(writer, i == 0 ? "{\"type\":"u8 : ",{\"type\":"u8);
                    GoJsonWriter.WriteString(writer, x.References[i].Type);
                    GoJsonWriter.WriteRaw(writer, ",\"target\":"u8);
                    GoJsonWriter.WriteString(writer, x.References[i].Target.ToString());
                    GoJsonWriter.WriteRaw(writer, "}"u8);
                }

                GoJsonWriter.WriteRaw(writer, "]"u8);
                break;
            case UnknownRelationship u:
                // Written whole, as read: the unknown fields are already inside.
                GoJsonWriter.WriteCompactInOrder(writer, u.Json);
                return;
            default:
                throw new ArgumentException($"relationship type {relationship.GetType().Name} cannot be written; use EmploymentRelationship, DelegationRelationship or CrossReferenceRelationship", nameof(relationship));
        }

        WriteUnknown(writer, relationship.UnknownFields);
        GoJsonWriter.WriteRaw(writer, "}"u8);
    }

    private static bool TryReadEmployment(JsonElement root, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        if (!GoJsonObject.TryRead(root, EmploymentFields, out var fields, out problem)
            || !TryEntity(fields.String(1), "entity", out var entity, out problem)
            || !TryEntity(fields.String(2), "organization", out var organization, out problem))
        {
            return false;
        }

        if (organization.Kind != EntityKind.Organization)
        {
            problem = $"\"organization\" must be an organisation (a domain such as acme.com), got the person '{organization}'";
            return false;
        }

        relationship = new EmploymentRelationship(entity, organization) { UnknownFields = fields.Unknown };
        return true;
    }

    private static bool TryReadDelegation(JsonElement root, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        if (!GoJsonObject.TryRead(root, DelegationFields, out var fields, out problem)
            || !TryWorkUnit(fields.String(1), "parent", out var parent, out problem)
            || !TryWorkUnit(fields.String(2), "child", out var child, out problem))
        {
            return false;
        }

        if (parent == child)
        {
            // A loop of one: nothing is handed to anyone, and the cascade would report the unit as its own cause.
            problem = $"\"parent\" and \"child\" are the same work unit ({parent}); a work unit does not delegate to itself";
            return false;
        }

        DelegationTerms? terms = null;
        string? termsDelegatedBy = null;
        string? termsDelegatedTo = null;
        if (fields[3] is { } termsElement)
        {
            if (!GoJsonObject.TryRead(termsElement, TermsFields, out var termFields, out problem))
            {
                problem = $"\"terms\": {problem}";
                return false;
            }

            int? creditShare = null;
            if (termFields[3] is { } share)
            {
                if (!share.TryGetInt32(out var value) || value is < 0 or > 100)
                {
                    problem = $"\"terms.credit_share\" must be an integer from 0 to 100, got {GoJsonObject.Describe(share)}";
                    return false;
                }

                creditShare = value;
            }

            // DESIGN §5 lets the terms carry delegated_by/delegated_to; upstream's struct has them at the top.
            termsDelegatedBy = termFields.String(4);
            termsDelegatedTo = termFields.String(5);
            terms = new DelegationTerms(termFields.String(0), termFields.String(1), termFields.String(2), creditShare)
            {
                UnknownFields = termFields.Unknown,
            };
        }

        BeadsTimestamp? createdAt = null;
        if (fields.String(6) is { } createdText)
        {
            if (!BeadsTimestamp.TryParse(createdText, out var parsed))
            {
                problem = $"\"created_at\" is not an RFC 3339 timestamp: '{Shorten(createdText)}'";
                return false;
            }

            createdAt = parsed;
        }

        relationship = new DelegationRelationship(parent, child, terms, fields.String(4) ?? termsDelegatedBy, fields.String(5) ?? termsDelegatedTo, createdAt)
        {
            UnknownFields = fields.Unknown,
        };
        return true;
    }

    private static bool TryReadCrossReference(JsonElement root, [NotNullWhen(true)] out Relationship? relationship, [NotNullWhen(false)] out string? problem)
    {
        relationship = null;
        if (!GoJsonObject.TryRead(root, CrossReferenceFields, out var fields, out problem)
            || !TryWorkUnit(fields.String(1), "source", out var source, out problem))
        {
            return false;
        }

        if (fields[2] is not { } references)
        {
            problem = "missing \"references\" array";
            return false;
        }

        var targets = new List<CrossReferenceTarget>();
        var index = 0;
        foreach (var reference in references.EnumerateArray())
        {
            if (!GoJsonObject.TryRead(reference, ReferenceFields, out var referenceFields, out problem)
                || !TryWorkUnit(referenceFields.String(1), "target", out var target, out problem))
            {
                problem = $"references[{index}]: {problem}";
                return false;
            }

            targets.Add(new CrossReferenceTarget(referenceFields.String(0) ?? "depends_on", target));
            index++;
        }

        relationship = new CrossReferenceRelationship(source, targets) { UnknownFields = fields.Unknown };
        return true;
    }

    private static bool KeepWhole(JsonElement root, string type, out Relationship? relationship, out string? problem)
    {
        relationship = new UnknownRelationship(type, root.Clone());
        problem = null;
        return true;
    }

    private static bool TryEntity(string? text, string key, out EntityId entity, [NotNullWhen(false)] out string? problem)
    {
        entity = default;
        if (text is null)
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

    private static bool TryWorkUnit(string? text, string key, out GtUri uri, [NotNullWhen(false)] out string? problem)
    {
        uri = default;
        if (text is null)
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
            problem = $"\"{key}\" must name a work unit (gt://entity/chain/[rig/]id), got '{Shorten(text)}'";
            return false;
        }

        problem = null;
        return true;
    }

    // Hostile files must not turn into huge messages or terminal sequences.
    private static string Shorten(string text) => MessageText.Printable(text);

    private static void WriteTerms(IBufferWriter<byte> writer, DelegationTerms terms)
    {
        var first = true;
        GoJsonWriter.WriteRaw(writer, "{"u8);
        void TermKey(string key)
        {
            GoJsonWriter.WriteRaw(writer, first ? "\""u8 : ",\""u8);
            GoJsonWriter.WriteRaw(writer, key);
            GoJsonWriter.WriteRaw(writer, "\":"u8);
            first = false;
        }

        if (terms.Portion is not null)
        {
            TermKey("portion");
            GoJsonWriter.WriteString(writer, terms.Portion);
        }

        if (terms.Deadline is not null)
        {
            TermKey("deadline");
            GoJsonWriter.WriteString(writer, terms.Deadline);
        }

        if (terms.AcceptanceCriteria is not null)
        {
            TermKey("acceptance_criteria");
            GoJsonWriter.WriteString(writer, terms.AcceptanceCriteria);
        }

        if (terms.CreditShare is { } share)
        {
            TermKey("credit_share");
            GoJsonWriter.WriteInt(writer, share);
        }

        foreach (var field in terms.UnknownFields)
        {
            GoJsonWriter.WriteRaw(writer, first ? ""u8 : ","u8);
            GoJsonWriter.WriteString(writer, field.Name);
            GoJsonWriter.WriteRaw(writer, ":"u8);
            GoJsonWriter.WriteCompactInOrder(writer, field);
            first = false;
        }

        GoJsonWriter.WriteRaw(writer, "}"u8);
    }

    private static void Start(IBufferWriter<byte> writer, string type)
    {
        GoJsonWriter.WriteRaw(writer, "{\"type\":"u8);
        GoJsonWriter.WriteString(writer, type);
    }

    private static void Key(IBufferWriter<byte> writer, string key)
    {
        GoJsonWriter.WriteRaw(writer, ",\""u8);
        GoJsonWriter.WriteRaw(writer, key);
        GoJsonWriter.WriteRaw(writer, "\":"u8);
    }

    private static void OptionalString(IBufferWriter<byte> writer, string key, string? value)
    {
        if (value is not null)
        {
            Key(writer, key);
            GoJsonWriter.WriteString(writer, value);
        }
    }

    private static void WriteUnknown(IBufferWriter<byte> writer, IReadOnlyList<UnknownJsonField> unknown)
    {
        foreach (var field in unknown)
        {
            GoJsonWriter.WriteRaw(writer, ","u8);
            GoJsonWriter.WriteString(writer, field.Name);
            GoJsonWriter.WriteRaw(writer, ":"u8);
            GoJsonWriter.WriteCompactInOrder(writer, field);
        }
    }
}
