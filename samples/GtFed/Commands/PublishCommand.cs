using System.CommandLine;
using GasTown.Federation.GitTransport;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed publish [--rig RIG]... [--push REMOTE] | --withdraw RIG</c>: publish the town's public projection, or stop publishing a rig.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var rigs = new Option<string[]>("--rig")
        {
            Description = "A rig to make public (and keep public). Repeat for several. Nothing is public unless named.",
        };
        var push = new Option<string?>("--push") { Description = "Push the published branch to this registered remote." };
        var actor = TownWriting.ActorOption();
        var events = new Option<bool>("--events") { Description = "Also publish the feed-visible events of .events.jsonl (audit-only events never leave the town)." };
        var withdraw = new Option<string?>("--withdraw")
        {
            Description = "Stop publishing this rig: a new commit leaves it out and says it was withdrawn. Git cannot take back what was already pushed.",
        };
        var command = new Command("publish", "Commit the town's public data (town.json, public rigs, relationships) to its published branch.") { rigs, push, events, actor, withdraw };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context =>
            RunAsync(context, parse.GetValue(rigs) ?? [], parse.GetValue(push), parse.GetValue(events), parse.GetValue(actor), parse.GetValue(withdraw), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string[] rigs, string? push, bool events, string? actorOption, string? withdraw, CancellationToken cancellationToken)
    {
        if (withdraw is not null && (rigs.Length > 0 || events))
        {
            throw GtFedException.BadInput("--withdraw cannot be combined with --rig or --events: withdraw a rig, then publish.",
                hint: "Run 'gtfed publish --withdraw RIG' alone, then 'gtfed publish' with the --rig and --events you want.");
        }

        var town = context.OpenTown();
        // The commit is attributed to the acting agent and its owner; with neither known, it is refused (never anonymous).
        var actor = town.Identity;
        var explicitActor = actorOption is null ? null : await TownWriting.ResolveActorAsync(actorOption, town.Root, cancellationToken).ConfigureAwait(false);
        var options = new PublishOptions
        {
            Rigs = rigs,
            PushRemote = push,
            IncludeFeedEvents = events,
            Actor = explicitActor ?? actor.RequireActor().ToString(),
            Owner = actor.Owner ?? town.Metadata.Owner,
        };
        var result = withdraw is null
            ? await town.PublishAsync(options, cancellationToken).ConfigureAwait(false)
            : await town.WithdrawAsync(withdraw, options, cancellationToken).ConfigureAwait(false);

        // The URL other towns register, and a check that git can really fetch the published branch from it.
        // Probed by the URL as configured; shown as RegisteredRemote.DisplayUrl shows it (a hand-configured password as ***).
        var pushedTo = result.PushedTo is { } pushed ? town.Remotes.List().FirstOrDefault(r => r.Name == pushed) : null;
        var fetchUrl = result.PushedTo is null ? FederationRepository.DefaultPathFor(town.Root) : pushedTo?.Url;
        var url = result.PushedTo is null ? fetchUrl : pushedTo?.DisplayUrl;
        var probe = fetchUrl is null ? null : await GitUrlProbe.ProbeAsync(fetchUrl, FederationRepository.PublishedBranch, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fetchable = probe is { IsRepository: true, BranchTip: not null };

        if (result.PublicRigs.Count == 0)
        {
            // Default-deny: a publish naming no rig (and with none public from before) publishes no work at all, which the
            // success line alone would not make plain. Said on standard error in both modes.
            await context.NoteAsync("Nothing of this town's work is public: no rig is, so other towns see its town.json (and relationships, if any) but no work units. "
                + "Make a rig public (it stays public on every later publish) with 'gtfed publish --rig RIG'; 'gtfed rig list' names the rigs.").ConfigureAwait(false);
        }

        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("commit", result.Commit);
                w.WriteBoolean("created", result.Created);
                w.WriteString("branch", result.Branch);
                w.WriteStartArray("public_rigs");
                foreach (var rig in result.PublicRigs)
                {
                    w.WriteStringValue(rig);
                }

                w.WriteEndArray();
                w.WriteStartArray("paths");
                foreach (var path in result.Paths)
                {
                    w.WriteStringValue(path);
                }

                w.WriteEndArray();
                if (result.WithdrawnRigs.Count > 0)
                {
                    w.WriteStartArray("withdrawn_rigs");
                    foreach (var rig in result.WithdrawnRigs)
                    {
                        w.WriteStringValue(rig);
                    }

                    w.WriteEndArray();
                }

                if (result.PushedTo is not null)
                {
                    w.WriteString("pushed_to", result.PushedTo);
                }

                if (url is not null)
                {
                    w.WriteString("url", url);
                    w.WriteBoolean("fetchable", fetchable);
                }

                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var rig in result.WithdrawnRigs)
            {
                await context.Out.WriteLineAsync($"Withdrew rig '{rig}': it is no longer published. Commits published before still hold it; git cannot take back what was pushed.").ConfigureAwait(false);
            }

            var what = result.Created ? "Published" : "Nothing changed since the last publish of";
            await context.Out.WriteLineAsync($"{what} {context.ChainOf(town)} at {result.Commit[..12]} on {result.Branch}: {(result.PublicRigs.Count == 0 ? "no public rigs" : "public rigs " + string.Join(", ", result.PublicRigs))}.").ConfigureAwait(false);
            if (result.SigningKeyFingerprint is { } signer)
            {
                await context.Out.WriteLineAsync($"Signed by {signer} (git verify-commit checks it with an allowed-signers file).").ConfigureAwait(false);
            }

            foreach (var missing in result.MissingRigs)
            {
                await context.NoteAsync($"warning: rig '{missing}' was public but its folder (with its .gtfed-publish marker) or its route is gone; nothing of it was published. Name it again with --rig to publish it.").ConfigureAwait(false);
            }

            if (result.PushedTo is not null)
            {
                await context.Out.WriteLineAsync($"Pushed to {result.PushedTo}.").ConfigureAwait(false);
            }

            if (url is not null && fetchable)
            {
                await context.Out.WriteLineAsync($"Other towns fetch it from {url}:").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"  gtfed remote add NAME {context.ChainOf(town)} --url {url}").ConfigureAwait(false);
            }
            else if (url is not null)
            {
                await context.Error.WriteLineAsync($"warning: {url} does not serve {FederationRepository.PublishedBranch} ({probe?.Problem ?? "branch missing"}); other towns cannot fetch it yet.").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
