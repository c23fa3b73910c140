using System.Text.Json;

namespace GasTown.Federation.Provenance;

/// <summary>An event to append: the parts the caller chooses. The writer adds the timestamp, and the source and actor unless given here.</summary>
/// <param name="Type">The event type, for example <c>sling</c> or <c>done</c>.</param>
/// <param name="Payload">A JSON object, or <see langword="null"/>; written with its keys sorted, omitted when empty.</param>
/// <param name="Visibility">Who the event is for.</param>
public sealed record TownEventDraft(string Type, JsonElement? Payload = null, EventVisibility Visibility = EventVisibility.Feed)
{
    /// <summary>
    /// The actor to record instead of the resolved one, for events a host writes on an agent's behalf (upstream writes
    /// <c>gt</c> for spawn, kill, halt and boot). Must be a valid actor path.
    /// </summary>
    public string? Actor { get; init; }

    /// <summary>The <c>source</c> to record instead of <see cref="ProvenanceOptions.EventSource"/>.</summary>
    public string? Source { get; init; }
}
