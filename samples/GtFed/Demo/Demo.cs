using System.Diagnostics;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;
using GtFed.Cli;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GtFed.Demo;

/// <summary>
/// <c>gtfed demo</c>: builds four real towns in a folder, publishes them, registers them as each
/// other's git remotes, fetches over git, and runs every query through gtfed's own command line,
/// printing each command before its output so that it can be replayed by hand.
/// </summary>
internal static class Demo
{
    public static async Task<int> RunAsync(GtFedContext context, string? directory, CancellationToken cancellationToken)
    {
        if (context.Json)
        {
            // The demo is a walkthrough for a person; its JSON is what each query prints with --json.
            throw GtFedException.BadInput("demo does not offer --json: it prints a walkthrough for people.",
                hint: "Run it without --json, then run any query it shows with --json against the towns it leaves behind.");
        }

        if (context.TownOption is not null)
        {
            // --town is every command's (gtfed --town DIR list), so help lists it here too; the demo acts on no town of the user's.
            throw GtFedException.BadInput("demo does not take --town: it builds towns of its own and leaves the towns you have alone.",
                hint: "Leave --town out; --dir DIR says where the demo's towns go (by default a new folder under the system temp folder).");
        }

        if (directory is not null && string.IsNullOrWhiteSpace(directory))
        {
            throw GtFedException.BadInput("--dir is empty.", hint: "Give a new or empty folder, or leave --dir out for a temporary one.");
        }

        var stopwatch = Stopwatch.StartNew();
        var root = directory is not null ? Path.GetFullPath(directory) : Path.Combine(Path.GetTempPath(), $"gtfed-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw GtFedException.BadInput($"The demo folder {root} is not empty; give an empty or new folder with --dir.");
        }

        var console = context.Human;
        console.Write(new Rule("[bold]Gas Town federation demo[/]").LeftJustified());
        console.MarkupLine($"Building four towns in [bold]{Markup.Escape(root)}[/]");

        var acme = DemoFederation.Acme(root);
        var alice = DemoFederation.Alice(root);
        var bob = DemoFederation.Bob(root);
        var carol = DemoFederation.Carol(root);
        foreach (var town in new[] { acme, alice, bob, carol })
        {
            await town.WriteAsync(cancellationToken).ConfigureAwait(false);
            console.MarkupLine($"  {Markup.Escape(town.Uri.ToString()),-40} {Markup.Escape(town.Root)}");
        }

        // Agents at work: locked appends to each town's .events.jsonl, and commits with Executed-By trailers.
        await alice.EventAsync("mayor", "sling", """{"bead":"gt-xyz.1","target":"gastown/polecats/toast"}""", cancellationToken).ConfigureAwait(false);
        await alice.EventAsync("gastown/polecats/toast", "done", """{"bead":"gt-xyz.1","branch":"polecat/toast"}""", cancellationToken).ConfigureAwait(false);
        await alice.EventAsync("gastown/witness", "patrol_complete", """{"rig":"gastown","polecat_count":1}""", cancellationToken).ConfigureAwait(false);
        await acme.EventAsync("platform/crew/dana", "session_start", """{"session_id":"dana-1","role":"crew"}""", cancellationToken).ConfigureAwait(false);
        await acme.EventAsync("platform/refinery", "merged", """{"mr":"pl-100.1-mr","worker":"rictus","branch":"polecat/rictus"}""", cancellationToken).ConfigureAwait(false);
        await bob.EventAsync("backend/polecats/slit", "done", """{"bead":"be-1","branch":"polecat/slit"}""", cancellationToken).ConfigureAwait(false);
        await carol.EventAsync("web/crew/carol", "done", """{"bead":"wb-7","branch":"main"}""", cancellationToken).ConfigureAwait(false);
        alice.Commit("toast", "Resolver cache (gt-xyz.1)", executedBy: "gastown/polecats/toast");
        alice.Commit("max", "Plan the query service (gt-xyz)", executedBy: "gastown/crew/max");
        acme.Commit("dana", "Split the launch epic (pl-100)", executedBy: "platform/crew/dana");

        var steps = new DemoSteps(console);

        // Identity: acme signs what it publishes, and vouches for one polecat's own key.
        var keys = await DemoKeys.CreateAsync(root, cancellationToken).ConfigureAwait(false);
        console.WriteLine();
        console.MarkupLine($"Made two Ed25519 keys in-process (SshSigningKey.Generate, OpenSSH files): acme's owner key and polecat {DemoKeys.Agent}'s key, in [bold]{Markup.Escape(keys.Folder)}[/]");
        await steps.RunAsync("key", "use", keys.OwnerKey, "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("key", "grant", DemoKeys.Agent, keys.AgentKey + ".pub", "--expires", keys.GrantExpires, "--town", acme.Root).ConfigureAwait(false);

        // Each town publishes its public rigs (acme keeps its 'secret' rig private) with feed events.
        await steps.RunAsActorAsync("mayor", "publish", "--town", acme.Root, "--rig", "platform", "--events").ConfigureAwait(false);
        await steps.RunAsActorAsync("gastown/crew/max", "publish", "--town", alice.Root, "--rig", "gastown", "--rig", "beads", "--events").ConfigureAwait(false);
        await steps.RunAsActorAsync("backend/crew/bob", "publish", "--town", bob.Root, "--rig", "backend", "--events").ConfigureAwait(false);
        await steps.RunAsActorAsync("web/crew/carol", "publish", "--town", carol.Root, "--rig", "web", "--events").ConfigureAwait(false);

        // acme registers the chains it works with; alice registers acme's and carol's.
        foreach (var (name, town) in new[] { ("alice", alice), ("bob", bob), ("carol", carol) })
        {
            await steps.RunAsync("remote", "add", name, town.Uri.ToString(), "--url", town.FederationRepository, "--town", acme.Root).ConfigureAwait(false);
        }

        // The polecat does its work and publishes it signed with its own key: the agent acts, the owner vouches.
        // Its event line and its publish are signed with its key (the event line gains a gt_sig member upstream ignores).
        var agentKey = $"GitTransportOptions.SigningKeyPath={keys.AgentKey}";
        void UseAgentKey(GasTown.Federation.Model.IGasTownFederationBuilder b) => b.Services.Configure<GitTransportOptions>(o => o.SigningKeyPath = keys.AgentKey);
        await steps.RunAsActorWithAsync(DemoKeys.Agent, agentKey, UseAgentKey,
            "event", "emit", "done", "--payload", """{"bead":"pl-101","branch":"polecat/rictus"}""", "--town", acme.Root).ConfigureAwait(false);
        acme.Commit("rictus", "Adopt gt:// URIs in the dashboard (pl-101)", executedBy: DemoKeys.Agent);
        await steps.RunAsActorWithAsync(DemoKeys.Agent, agentKey, UseAgentKey,
            "publish", "--town", acme.Root, "--rig", "platform", "--events").ConfigureAwait(false);
        await steps.RunAsync("key", "show", "--town", acme.Root).ConfigureAwait(false);

        // acme.com's web site serves the document 'well-known' prints; alice registers acme by its URI alone.
        var site = DemoWebSite.Start(Path.Combine(root, "www"));
        await using (site.ConfigureAwait(false))
        {
            await steps.RunToFileAsync(site.DocumentPath("acme.com"), "well-known", "--url", acme.FederationRepository, "--town", acme.Root).ConfigureAwait(false);
            console.MarkupLine($"[grey](served at http://127.0.0.1:{site.Port}/acme.com/.well-known/gastown.json: the demo's stand-in for https://acme.com/.well-known/gastown.json)[/]");
            await steps.RunWithAsync($"{DiscoveryOptions.BaseUrlVariable}={site.Template}", b => b.Services.Configure<DiscoveryOptions>(o => o.BaseUrl = site.Template),
                "remote", "add", "acme", acme.Uri.ToString(), "--town", alice.Root).ConfigureAwait(false);
        }

        await steps.RunAsync("remote", "add", "carol", carol.Uri.ToString(), "--url", carol.FederationRepository, "--town", alice.Root).ConfigureAwait(false);
        await steps.RunAsync("remote", "list", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("fetch", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("fetch", "--town", alice.Root).ConfigureAwait(false);

        // The queries upstream designed and never built.
        await steps.RunAsync("show", "pl-100.1", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("show", "gt://alice@example.com/town/gastown/gt-xyz.2", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("list", "--remote", "alice", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("list", "--org", "acme.com", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("list", "--project", DemoFederation.AcmeProject, "--include-delegated", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("list", "--ready", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("audit", "--actor", "gastown/*", "--town", acme.Root).ConfigureAwait(false);
        await steps.RunAsync("audit", "--actor", "*/polecats/*", "--town", alice.Root).ConfigureAwait(false);

        // What alice's town proved about acme: its chain is signed (the polecat's key, through acme's grant), so the
        // employment acme asserts is verified at that level.
        await steps.RunAsync("remote", "list", "--town", alice.Root).ConfigureAwait(false);
        await steps.RunAsync("list", "--org", "acme.com", "--town", alice.Root).ConfigureAwait(false);
        await steps.RunAsync("audit", "--actor", DemoKeys.Agent, "--town", alice.Root).ConfigureAwait(false);
        await steps.RunAsync("show", "gt://acme.com/projects/platform/pl-100", "--json", "--town", alice.Root).ConfigureAwait(false);

        console.Write(new Rule($"[bold]Done in {stopwatch.Elapsed.TotalSeconds:0.0} s[/]").LeftJustified());
        console.MarkupLine("The towns are still there. Try, for example:");
        foreach (var line in new[]
        {
            $"gtfed --town {acme.Root} list --project {DemoFederation.AcmeProject} --include-delegated --json",
            $"gtfed --town {acme.Root} show gt://carol@contractor.dev/studio/web/wb-8",
            $"gtfed --town {alice.Root} audit --actor 'gastown/crew/*'",
            $"gtfed --town {acme.Root} list --org acme.com --status closed",
            $"git -C {acme.FederationRepository} log --format='%an <%ae>%n%(trailers:key=Executed-By)' gt/published",
        })
        {
            // Lines to copy: unwrapped, whatever the width (a temp folder's path makes them long).
            await context.WriteCopyableLineAsync("  " + line).ConfigureAwait(false);
        }

        console.MarkupLine("(with [bold]dotnet run --project samples/GtFed --[/] in place of [bold]gtfed[/] when the tool is not installed)");
        console.MarkupLine("Open the federation in a browser (GtWeb, from the repository root), then visit the printed address:");
        await context.WriteCopyableLineAsync($"  dotnet run --project samples/GtWeb -- --town {acme.Root} --urls http://127.0.0.1:5180").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
