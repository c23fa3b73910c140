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
}
