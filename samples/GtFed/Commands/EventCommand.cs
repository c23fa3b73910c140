using System.CommandLine;
using System.Text.Json;
using GasTown.Federation.Provenance;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed event emit TYPE [--payload JSON] [--visibility audit|feed|both]</c>.</summary>
internal static class EventCommand
{
    public static Command Create()
    {
        var type = new Argument<string>("type") { Description = "The event type, e.g. sling, done, patrol_complete." };
        var payload = new Option<string?>("--payload") { Description = "A JSON object with the event's details, e.g. '{\"bead\":\"gt-abc\"}'." };
        var visibility = new Option<string>("--visibility") { Description = "audit, feed or both.", DefaultValueFactory = _ => "feed" };
        visibility.AcceptOnlyFromAmong("audit", "feed", "both");
        var actor = TownWriting.ActorOption();
        var emit = new Command("emit", "Append an actor-stamped event to the town's .events.jsonl (the actor: --actor, BEADS_ACTOR, BD_ACTOR, git config user.name or USER).")
        {
            type, payload, visibility, actor,
        };
        emit.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context =>
            EmitAsync(context, parse.GetValue(type)!, parse.GetValue(payload), parse.GetValue(visibility)!, parse.GetValue(actor), ct)));
        return new Command("event", "Write to the town's event log.") { emit };
    }

    private static async Task<int> EmitAsync(GtFedContext context, string type, string? payloadText, string visibilityText, string? actor, CancellationToken cancellationToken)
    {
        JsonElement? payload = null;
        if (payloadText is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(payloadText);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw GtFedException.BadInput($"--payload must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
                }

                payload = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw GtFedException.BadInput($"--payload is not valid JSON: {ex.Message}", ex);
            }
        }

        if (string.IsNullOrWhiteSpace(type) || type.Any(char.IsControl))
        {
            throw GtFedException.BadInput($"The event type '{TerminalText.Clean(type)}' is empty or holds control characters.", hint: "Give a word such as sling, done or patrol_complete.");
        }

        var visibility = visibilityText switch
        {
            "audit" => EventVisibility.Audit,
            "both" => EventVisibility.Both,
            _ => EventVisibility.Feed,
        };
        var town = context.OpenTown();
        // --actor first; otherwise the writer resolves bd's order (BEADS_ACTOR, BD_ACTOR, git config user.name, USER).
        var explicitActor = actor is null ? null : await TownWriting.ResolveActorAsync(actor, town.Root, cancellationToken).ConfigureAwait(false);
        var written = await town.Events.AppendAsync(new TownEventDraft(type, payload, visibility) { Actor = explicitActor }, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await context.Out.WriteLineAsync(written.ToString()).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"{written.TimestampText} {TerminalText.Clean(written.Actor)} {TerminalText.Clean(written.Type)} -> {town.Events.FilePath}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
