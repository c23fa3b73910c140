using GasTown.Federation.TestSupport;
using GtFed.Tests;

namespace GtWeb.Tests;

/// <summary>
/// The demo's four towns, built once by <c>gtfed demo --dir</c> (the demo's own code, run as a user runs it),
/// plus one hostile work unit: alice adds a child of the work acme delegated to her whose title carries
/// markup and script, publishes, and acme fetches it, so every page shows it as remote data.
/// </summary>
public sealed class DemoTowns : IDisposable
{
    /// <summary>The hostile title: a script element and an image whose error handler would run script.</summary>
    public const string HostileTitle = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> Hostile title";

    /// <summary>The project the demo delegates across chains.</summary>
    public const string Project = "gt://acme.com/projects/platform/pl-100";

    private readonly TempDirectory _directory = new("gtweb-e2e");
    private readonly Lazy<GtWebServer> _server;

    public DemoTowns()
    {
        Root = _directory.Combine("demo");
        var demo = GtFedProcess.Run("demo", "--dir", Root);
        Check(demo);
        DemoOutput = demo.StandardOutput;
        var actor = new Dictionary<string, string?> { ["BEADS_ACTOR"] = "gastown/crew/max" };
        var created = GtFedProcess.Run(null, actor, "create", "--town", Alice, "--rig", "gastown", "--parent", "gt-xyz", "--title", HostileTitle, "--json");
        Check(created);
        HostileUri = created.Json().GetProperty("uri").GetString()!;
        Check(GtFedProcess.Run(null, actor, "publish", "--town", Alice, "--rig", "gastown", "--rig", "beads", "--events"));
        Check(GtFedProcess.Run("fetch", "--town", Acme));
        _server = new Lazy<GtWebServer>(() => new GtWebServer(Acme));
    }

    /// <summary>GtWeb serving acme as its own process, started on first use and stopped with the towns.</summary>
    public GtWebServer Server => _server.Value;

    public string Root { get; }

    /// <summary>What <c>gtfed demo</c> printed.</summary>
    public string DemoOutput { get; }

    public string Acme => Path.Combine(Root, "acme");

    public string Alice => Path.Combine(Root, "alice");

    /// <summary>The gt:// URI of the work unit with the hostile title (in alice's chain, fetched by acme).</summary>
    public string HostileUri { get; }

    /// <summary>Runs gtfed against acme and returns its --json output.</summary>
    public System.Text.Json.Nodes.JsonNode GtFedJson(params string[] args)
    {
        var run = GtFedProcess.Run([.. args, "--town", Acme, "--json"]);
        run.ExitCode.ShouldBe(0, run.ToString());
        return System.Text.Json.Nodes.JsonNode.Parse(run.StandardOutput)!;
    }

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }

        _directory.Dispose();
    }

    private static void Check(GtFedRun run) => run.ExitCode.ShouldBe(0, run.ToString());
}

[CollectionDefinition(Name)]
public sealed class DemoTownsCollection : ICollectionFixture<DemoTowns>
{
    public const string Name = "demo towns";
}
