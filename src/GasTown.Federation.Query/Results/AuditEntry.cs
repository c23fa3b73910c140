using System.Text.Json.Serialization;

namespace GasTown.Federation.Query;

/// <summary>One line of an actor's timeline.</summary>
/// <param name="Timestamp">When it happened (serialised as <c>ts</c>).</param>
/// <param name="Source">Where it comes from: <c>events</c> (a town's <c>.events.jsonl</c>), <c>beads</c> or <c>git</c>.</param>
/// <param name="Type">
/// What happened: the event type for events; <c>bead_created</c>, <c>bead_closed</c>, <c>bead_commented</c>,
/// <c>dependency_added</c> for beads; <c>commit</c> for git.
/// </param>
/// <param name="Actor">The actor path that did it, e.g. <c>gastown/crew/joe</c>.</param>
/// <param name="Summary">
/// One line for a person, read after <paramref name="Type"/> (it does not repeat it): for events the payload as
/// sorted <c>key=value</c> pairs (empty when there is none), e.g. <c>bead=gt-xyz.1 branch=polecat/toast</c>.
/// </param>
/// <param name="Uri">The work unit (beads), or the chain (events, git) it concerns.</param>
/// <remarks>In JSON <c>ts</c> is RFC 3339 in UTC (<c>Z</c>), like every timestamp of the query results.</remarks>
public sealed record AuditEntry(
    [property: JsonPropertyName("ts")] DateTimeOffset Timestamp,
    string Source,
    string Type,
    string Actor,
    string Summary,
    GtUri? Uri)
{
    /// <summary>
    /// For an event: what its line's signature proves (signed by the entity's key, by an agent's key through a grant,
    /// unsigned, or refused and why); null for beads and git entries, and when no verifier is registered.
    /// </summary>
    public Provenance.EventLineProof? Signature { get; init; }
}
