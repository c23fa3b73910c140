using System.CommandLine;
using System.Text.Json;
using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary>
/// What the writing commands (rig, create, update, close, dep) share: the town they write, the actor they stamp
/// (<c>--actor</c>, then bd's order), and the CLI's advice for the SDK's typed failures. Thin on purpose: each
/// command is one call to <see cref="TownWriter"/>.
/// </summary>
internal static class TownWriting
{
    /// <summary><c>--actor NAME</c>: who is acting; overrides BEADS_ACTOR, BD_ACTOR, git config user.name and USER.</summary>
    public static Option<string?> ActorOption() => new("--actor")
    {
        Description = "Who is acting (an agent path such as gastown/crew/joe, or your name). Default: BEADS_ACTOR, BD_ACTOR, git config user.name, USER.",
    };

    /// <summary>The town to write: <c>--town</c>, else found by walking up from the current folder.</summary>
    public static string LocateTown(GtFedContext context) => context.LocateTownRoot();

    /// <summary>The actor for a write, resolved as bd 1.x does, with git config read in the town.</summary>
    public static async Task<string> ResolveActorAsync(string? actorOption, string townRoot, CancellationToken cancellationToken) =>
        (await ResolveWriterAsync(actorOption, townRoot, cancellationToken).ConfigureAwait(false)).Actor;

    /// <summary>
    /// The actor, and the owner email bd stamps on a new work unit (<c>GIT_AUTHOR_EMAIL</c>, else <c>git config
    /// user.email</c>; never the town's owner, which bd does not know).
    /// </summary>
    public static async Task<(string Actor, string? Owner)> ResolveWriterAsync(string? actorOption, string townRoot, CancellationToken cancellationToken)
    {
        var context = await ResolveAsync(actorOption, townRoot, cancellationToken).ConfigureAwait(false);
        var owner = context.OwnerSource is OwnerSource.GitAuthorEmailVariable or OwnerSource.GitUserEmail ? context.Owner : null;
        return (context.Actor?.Path ?? throw GtFedException.BadInput(
            "Nobody to attribute this to: no --actor, BEADS_ACTOR, BD_ACTOR, git config user.name or USER is set, and gtfed never writes 'unknown'. " +
            "Pass --actor NAME, or run: git config --global user.name \"Your Name\"."), owner);
    }

    /// <summary>Checks <c>--actor</c> when given (for commands whose record bd does not stamp with the actor).</summary>
    public static async Task ValidateActorAsync(string? actorOption, string townRoot, CancellationToken cancellationToken)
    {
        if (actorOption is not null)
        {
            await ResolveAsync(actorOption, townRoot, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The town's own chain URI, for printing where a work unit lives.</summary>
    public static async Task<GtUri?> WorkUnitUriAsync(string townRoot, string rig, string id, CancellationToken cancellationToken)
    {
        try
        {
            var town = await TownMetadata.LoadAsync(townRoot, cancellationToken).ConfigureAwait(false);
            return town.TryGetOwnerEntity(out var owner) ? GtUri.ForWorkUnit(owner, town.Name, rig, id) : null;
        }
        catch (Exception ex) when (ex is TownMetadataException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Runs a write and turns the SDK's typed failures into gtfed's messages and exit codes.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (TownWriteException ex)
        {
            throw new GtFedException(ex.Error == TownWriteError.NotFound ? ExitCodes.NotFound : ExitCodes.BadInput, ex.Message, ex);
        }
        catch (TownMetadataException ex)
        {
            throw GtFedException.BadInput($"The town's files are not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the common JSON of a changed work unit.</summary>
    public static void WriteUnit(Utf8JsonWriter w, WorkUnitWritten written, GtUri? uri)
    {
        w.WriteString("id", written.WorkUnit.Id);
        w.WriteString("rig", written.Rig);
        if (uri is { } u)
        {
            w.WriteString("uri", u.ToString());
        }

        w.WriteString("status", written.WorkUnit.Status.Value);
        w.WriteString("title", written.WorkUnit.Title);
        w.WriteBoolean("changed", written.Changed);
        w.WriteString("file", written.IssuesFile);
    }

    private static async Task<ActorContext> ResolveAsync(string? actorOption, string townRoot, CancellationToken cancellationToken)
    {
        if (actorOption is not null && string.IsNullOrWhiteSpace(actorOption))
        {
            throw GtFedException.BadInput($"--actor is empty. An actor is {ActorNameRule.AcceptedShapes}.");
        }

        var resolver = new ActorResolver(new ProvenanceOptions { Actor = actorOption, GitConfigDirectory = townRoot });
        try
        {
            return await resolver.ResolveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidActorConfigurationException ex)
        {
            var source = ex.ConfigurationSource is { } s && s.StartsWith("the explicit actor", StringComparison.Ordinal) ? "--actor" : ex.ConfigurationSource;
            var detail = ex.InnerException?.Message ?? ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            throw GtFedException.BadInput($"The actor from {source} is not valid: {detail}", ex);
        }
    }
}
