using System.Text.Json;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed;

/// <summary>
/// How far each chain a query read is proven (signed by a published key, a pinned key, or name only) and which
/// answered from an older snapshot because the newest was refused: on standard error for a person, as a
/// <c>chains</c> array in --json.
/// </summary>
internal static class ChainTrustReport
{
    public static async Task WriteAsync(GtFedContext context, IReadOnlyList<ChainState> chains)
    {
        foreach (var state in chains.Where(c => c.Trust == ChainTrust.OlderSnapshot))
        {
            var why = state.Notes.Count > 0 ? state.Notes[0] : "the newest snapshot was refused";
            await context.NoteAsync($"older snapshot: {state.Chain}: {why}").ConfigureAwait(false);
        }
    }

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ChainState> chains)
    {
        writer.WriteStartArray("chains");
        foreach (var state in chains)
        {
            writer.WriteStartObject();
            writer.WriteString("chain", state.Chain.ToString());
            writer.WriteString("trust", state.Trust.ToString());
            if (state.Proof is { } proof)
            {
                writer.WriteString("proof", Label(proof));
            }

            writer.WriteStartArray("notes");
            foreach (var note in state.Notes)
            {
                writer.WriteStringValue(note);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static string Label(IdentityProof proof) => proof switch
    {
        IdentityProof.PublishedKey => "published-key",
        IdentityProof.PinnedKey => "pinned-key",
        _ => "name-only",
    };
}
