using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// A line of relationships.jsonl whose <c>type</c> this SDK does not know (written by a newer tool).
/// Kept whole so it survives a rewrite; never verified.
/// </summary>
/// <param name="TypeValue">The <c>type</c> as written.</param>
/// <param name="Json">The whole JSON object.</param>
public sealed record UnknownRelationship(string TypeValue, JsonElement Json) : Relationship
{
    /// <inheritdoc />
    public override string Type => TypeValue;

    /// <summary>The members <see cref="object.ToString"/> shows: a list as the items it holds (<see cref="Relationship.UnknownFields"/> too), not its type's name.</summary>
    /// <param name="builder">The text being built.</param>
    /// <returns>Whether any member was printed.</returns>
    protected override bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
