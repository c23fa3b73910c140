using System.Text.Json;
using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed;

/// <summary>
/// What a query could not reach or verify: written to standard error for a person (so human output and
/// --json output stay clean), and as arrays inside the --json document for a script.
/// </summary>
internal static class Reports
{
    public static async Task WriteUnreachableAsync(GtFedContext context, IReadOnlyList<UnreachableItem> unreachable)
    {
        foreach (var item in unreachable)
        {
            var from = item.ReferencedFrom is null ? "" : $" (referenced from {item.ReferencedFrom})";
            await context.NoteAsync($"unreachable: {item.Target}{from}: {item.Reason}: {item.Message}").ConfigureAwait(false);
        }
    }

    public static async Task WriteUnverifiedAsync(GtFedContext context, IReadOnlyList<UnverifiedClaim> claims)
    {
        foreach (var claim in claims)
        {
            await context.NoteAsync($"unverified {claim.Type}: {claim.Subject} -> {claim.Object}, asserted by {claim.AssertedBy}: {claim.Reason}").ConfigureAwait(false);
        }
    }

    public static void WriteUnreachable(Utf8JsonWriter writer, IReadOnlyList<UnreachableItem> unreachable)
    {
        writer.WriteStartArray("unreachable");
        foreach (var item in unreachable)
        {
            writer.WriteStartObject();
            writer.WriteString("target", item.Target.ToString());
            writer.WriteString("reason", item.Reason.ToString());
            writer.WriteString("message", item.Message);
            if (item.ReferencedFrom is not null)
            {
                writer.WriteString("referenced_from", item.ReferencedFrom.ToString());
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void WriteUnverified(Utf8JsonWriter writer, IReadOnlyList<UnverifiedClaim> claims)
    {
        writer.WriteStartArray("unverified_claims");
        foreach (var claim in claims)
        {
            writer.WriteStartObject();
            writer.WriteString("type", claim.Type.ToString());
            writer.WriteString("subject", claim.Subject.ToString());
            writer.WriteString("object", claim.Object.ToString());
            writer.WriteString("asserted_by", claim.AssertedBy.ToString());
            writer.WriteString("reason", claim.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
