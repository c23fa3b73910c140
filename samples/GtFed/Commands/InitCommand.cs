using System.CommandLine;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed init --town DIR --owner EMAIL --name NAME [--public-name NAME]</c>: create a town.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var owner = new Option<string>("--owner") { Description = "The owner: an email (a person) or a domain (an organisation). It is the town's gt:// entity.", Required = true };
        var name = new Option<string>("--name") { Description = "The town's name (its gt:// chain), e.g. main-town.", Required = true };
        var publicName = new Option<string?>("--public-name") { Description = "A display name shown to other towns." };
        var command = new Command("init", "Create a town: mayor/town.json, an empty routes file and the federation folder.") { owner, name, publicName };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context =>
            RunAsync(context, parse.GetValue(owner)!, parse.GetValue(name)!, parse.GetValue(publicName), ct)));
        return command;
    }

    public static async Task<int> RunAsync(GtFedContext context, string owner, string name, string? publicName, CancellationToken cancellationToken)
    {
        if (!EntityId.TryParse(owner, out var entity))
        {
            throw GtFedException.BadInput($"--owner '{TerminalText.Clean(owner)}' is not an email or a domain.", hint: "Give an email (alice@example.com) for a person or a domain (acme.com) for an organisation.");
        }

        // The chain URI must be valid before anything is written.
        GtUri chain;
        try
        {
            chain = GtUri.ForChain(entity, name);
        }
        catch (ArgumentException ex)
        {
            throw GtFedException.BadInput($"--name '{TerminalText.Clean(name)}' cannot be a chain name: {ex.Message.Split(" (Parameter", 2)[0]}", ex, "Use letters, digits, '-' and '_', e.g. main-town.");
        }

        var root = Path.TrimEndingDirectorySeparator(context.TownFolder ?? Directory.GetCurrentDirectory());
        if (File.Exists(root))
        {
            // Said as what it is (the folder would be made over a file): the create failed on it as "already exists", exit 3.
            throw GtFedException.BadInput($"{root} is a file, not a folder; nothing was changed.", hint: "Give --town a folder that does not exist yet, or an empty one.");
        }

        if (File.Exists(Path.Combine(root, TownMetadata.RelativePath)))
        {
            throw GtFedException.BadInput($"A town already exists at {root} ({TownMetadata.RelativePath}); nothing was changed.");
        }

        // A town inside another (in one of its rigs, say) would be the one every command run below it finds: the outer
        // town's work would be out of reach from there, and its rig's .beads would take a routes file of the new town's.
        if (Town.Discover(root) is { } enclosing)
        {
            if (string.Equals(enclosing, root, StringComparison.Ordinal))
            {
                // A seed town: its .town.json marks the folder a town (TownLocator), though mayor/town.json is not there.
                throw GtFedException.BadInput($"A town already exists at {root} ({TownMetadata.SeedRelativePath}); nothing was changed.");
            }

            throw GtFedException.BadInput(
                $"{root} is inside the town at {enclosing}: a town there would be the one commands run in that folder find, not {enclosing}; nothing was changed.",
                hint: $"Create the town in a folder outside {enclosing}, or add a rig to that town with 'gtfed rig add NAME --prefix PREFIX --town {enclosing}'.");
        }

        Directory.CreateDirectory(root);
        var town = new TownMetadata(name, entity.Value, publicName, BeadsTimestamp.FromDateTimeOffset(TimeProvider.System.GetLocalNow()));
        await town.SaveAsync(root, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(root, ".beads"));
        var routesPath = Path.Combine(root, RouteTable.RelativePath);
        if (!File.Exists(routesPath))
        {
            await RouteTable.Empty.SaveAsync(routesPath, cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(Path.Combine(root, "federation"));
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("town", root);
                w.WriteString("uri", chain.ToString());
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"Created town {chain} at {root}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
