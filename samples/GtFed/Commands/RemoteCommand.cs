using System.CommandLine;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary><c>gtfed remote add|list|remove|push-target</c>: register the chains this town reads, and the repositories it pushes to.</summary>
internal static class RemoteCommand
{
    public static Command Create()
    {
        var addName = new Argument<string>("name") { Description = "The remote's name, e.g. acme." };
        var addUri = new Argument<string>("chain") { Description = "The chain's gt:// URI, e.g. gt://acme.com/engineering." };
        var url = new Option<string?>("--url") { Description = "The git URL (path, file://, git://, https://, ssh). Left out: found from the entity's domain (https://DOMAIN/.well-known/gastown.json)." };
        var rig = new Option<string?>("--rig") { Description = "For a one-rig repository (.beads/issues.jsonl at its root): the rig's name." };
        var add = new Command("add", "Register a remote chain.") { addName, addUri, url, rig };
        add.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context =>
            AddAsync(context, parse.GetValue(addName)!, parse.GetValue(addUri)!, parse.GetValue(url), parse.GetValue(rig), ct)));

        var list = new Command("list", "List the registered remotes, then the push targets.");
        list.SetAction((parse, ct) => CommandRunner.RunAsync(parse, ListAsync));

        var removeName = new Argument<string>("name") { Description = "The remote or push target to remove." };
        var remove = new Command("remove", "Remove a registered remote and its fetched data, or a push target.") { removeName };
        remove.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RemoveAsync(context, parse.GetValue(removeName)!)));

        var targetName = new Argument<string>("name") { Description = "The push target's name, e.g. backup." };
        var targetUrl = new Option<string>("--url") { Description = "The git URL to push this town's published branch to.", Required = true };
        var pushTarget = new Command("push-target", "Add a repository this town's published branch is pushed to (publish --push NAME); queries never read it.") { targetName, targetUrl };
        pushTarget.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => AddPushTargetAsync(context, parse.GetValue(targetName)!, parse.GetValue(targetUrl)!, ct)));

        return new Command("remote", "Register, list and remove remote chains, and the push targets publish --push writes to.") { add, list, remove, pushTarget };
    }

    private static async Task<int> AddPushTargetAsync(GtFedContext context, string name, string url, CancellationToken cancellationToken)
    {
        // A push needs a repository there, as a fetch does: a mistyped path is said now, not at the first publish.
        await CheckUrlAsync(url, "Create it first (git init --bare PATH), or give the path of a repository that exists.", cancellationToken).ConfigureAwait(false);
        var normalised = context.OpenTown().Remotes.AddPushTarget(name, url);
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("push_target", name);
                w.WriteString("url", normalised);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"Added push target {name} at {normalised}. Push with: gtfed publish --push {name}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> AddAsync(GtFedContext context, string name, string chainText, string? url, string? rig, CancellationToken cancellationToken)
    {
        var chain = Inputs.ParseChainUri(chainText);
        var town = context.OpenTown();
        RegisteredRemote remote;
        if (url is null)
        {
            if (rig is not null)
            {
                throw GtFedException.BadInput("A one-rig repository (--rig) is not published through a well-known document.", hint: "Give its git URL with --url.");
            }

            remote = await town.AddRemoteAsync(name, chain, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CheckUrlAsync(url, "Give the URL 'gtfed publish' printed in the other town (for a local town: TOWN/federation/git).", cancellationToken).ConfigureAwait(false);
            remote = town.Remotes.Add(name, url, chain, rig);
        }

        var keys = town.Keys.Get(chain.Entity);
        if (context.Json)
        {
            await context.WriteJsonAsync(w => RemoteJson.Write(w, remote, TrustOf(keys))).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync(TerminalText.Clean($"Registered remote {remote.Name}: {remote.Chain} at {remote.DisplayUrl}" + (remote.Rig is null ? "" : $" (one-rig repository, rig {remote.Rig})") + (remote.Branch is null ? "" : $" branch {remote.Branch}"))).ConfigureAwait(false);
            await context.Out.WriteLineAsync(TerminalText.Clean($"Trust: {DescribeTrust(keys)}")).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Fetch it with: gtfed fetch {remote.Name}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Refuses a URL that is not a git repository, before anything is registered (a town folder is the usual mistake):
    /// a local path or a <c>file://</c> URL, which git reads the same way.
    /// </summary>
    private static async Task CheckUrlAsync(string url, string notARepositoryAdvice, CancellationToken cancellationToken)
    {
        string path;
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var fileUrl) || !fileUrl.IsFile || !string.IsNullOrEmpty(fileUrl.Host))
            {
                throw GtFedException.BadInput($"{url} is not a file URL of a folder on this machine.", hint: "Write it as file:///ABSOLUTE/PATH, or give the path itself.");
            }

            path = fileUrl.LocalPath;
        }
        else if (string.IsNullOrWhiteSpace(url) || GitUrlProbe.LocalFolderOf(url) is not { } folder)
        {
            // Network URLs (scp-like host:path among them, read as the fetch reads them) are checked by fetch, with its
            // timeout; only local folders are checked here, where it costs nothing. The registry refuses what is neither.
            return;
        }
        else
        {
            path = folder;
        }

        if (File.Exists(Path.Combine(path, GasTown.Federation.Model.TownMetadata.RelativePath)))
        {
            throw GtFedException.BadInput(
                $"{url} is a town folder, not its git repository. Use the URL 'gtfed publish' printed there: {FederationRepository.DefaultPathFor(path)}");
        }

        var probe = await GitUrlProbe.ProbeAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!probe.IsRepository)
        {
            throw GtFedException.BadInput(
                $"{url} is not a git repository ({probe.Problem}). {notARepositoryAdvice}");
        }
    }

    private static async Task<int> ListAsync(GtFedContext context)
    {
        var town = context.OpenTown();
        var remotes = town.Remotes.List();
        var targets = town.Remotes.ListPushTargets();
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                // An object like every list gtfed prints, so facts can be added without breaking readers.
                w.WriteStartObject();
                w.WriteNumber("count", remotes.Count);
                w.WriteStartArray("items");
                foreach (var remote in remotes)
                {
                    RemoteJson.Write(w, remote, TrustOf(town.Keys.Get(remote.Chain.Entity)), town.Remotes.GetSnapshots(remote.Name));
                }

                w.WriteEndArray();
                w.WriteStartArray("push_targets");
                foreach (var target in targets)
                {
                    w.WriteStartObject();
                    w.WriteString("name", target.Name);
                    w.WriteString("url", target.DisplayUrl);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (remotes.Count == 0)
        {
            await context.Out.WriteLineAsync("No remotes. Add one with: gtfed remote add NAME gt://ENTITY/CHAIN [--url URL]").ConfigureAwait(false);
        }

        // Two lines per remote: the chain URI and the git URL kept whole (they are what a reader copies).
        foreach (var remote in remotes)
        {
            var fetched = remote.LastFetchedAt is { } at ? $"fetched {Timestamps.Format(at)}" : "never fetched";
            await context.Out.WriteLineAsync(TerminalText.Clean($"{remote.Name,-12} {remote.Chain}" + (remote.Rig is null ? "" : $" (one-rig repository, rig {remote.Rig})"))).ConfigureAwait(false);
            await context.Out.WriteLineAsync(TerminalText.Clean($"{"",-12} {remote.DisplayUrl}  [{fetched}]")).ConfigureAwait(false);
            await context.Out.WriteLineAsync(TerminalText.Clean($"{"",-12} trust: {DescribeTrust(town.Keys.Get(remote.Chain.Entity))}")).ConfigureAwait(false);
            if (RefusedLine(remote.Name, town.Remotes.GetSnapshots(remote.Name)) is { } refused)
            {
                await context.Out.WriteLineAsync(TerminalText.Clean($"{"",-12} {refused}")).ConfigureAwait(false);
            }
        }

        // Push targets after the chains: publish --push NAME writes to them, queries never read them.
        if (targets.Count > 0)
        {
            await context.Out.WriteLineAsync("push targets (gtfed publish --push NAME):").ConfigureAwait(false);
            foreach (var target in targets)
            {
                await context.Out.WriteLineAsync(TerminalText.Clean($"{target.Name,-12} {target.DisplayUrl}")).ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    // The trust line says what snapshots must be signed with; this says when the newest one fetched was not accepted.
    private static string? RefusedLine(string name, RemoteSnapshots snapshots) => !snapshots.IsNewestRefused ? null
        : snapshots.Verified is { } verified
            ? $"newest snapshot {snapshots.Tip![..7]} NOT ACCEPTED: queries answer from the older {verified[..7]} ('gtfed fetch {name}' says why)"
            : $"newest snapshot {snapshots.Tip![..7]} NOT ACCEPTED, and none before it: queries report the chain unavailable ('gtfed fetch {name}' says why)";

    /// <summary>The trust level of an entity's chains as JSON and terminal output name it.</summary>
    internal static string TrustOf(EntityKeys? keys) => keys is null ? "name-only" : keys.Source == KeySource.Published ? "published-key" : "pinned-key";

    internal static string DescribeTrust(EntityKeys? keys) => keys switch
    {
        null => "name only (no key known; the first signed snapshot fetched pins its key)",
        // What its snapshots must be signed with, not what was fetched: said before any fetch too (remote add).
        { Source: KeySource.Published } => $"must be signed by a key {keys.Entity} publishes ({string.Join(", ", keys.Keys.Select(k => k.Fingerprint))})",
        _ => $"must be signed by the key pinned for {keys.Entity} ({string.Join(", ", keys.Keys.Select(k => k.Fingerprint))})",
    };

    private static async Task<int> RemoveAsync(GtFedContext context, string name)
    {
        // One command for both, as both are git remotes of one repository and share one set of names.
        var remotes = context.OpenTown().Remotes;
        var isPushTarget = !remotes.TryGet(name, out _) && remotes.ListPushTargets().Any(t => t.Name == name);
        if (isPushTarget)
        {
            remotes.RemovePushTarget(name);
        }
        else
        {
            remotes.Remove(name);
        }

        if (!context.Json)
        {
            await context.Out.WriteLineAsync($"Removed {(isPushTarget ? "push target" : "remote")} {TerminalText.Clean(name)}.").ConfigureAwait(false);
        }
        else
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("removed", name);
                w.WriteString("kind", isPushTarget ? "push_target" : "remote");
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
