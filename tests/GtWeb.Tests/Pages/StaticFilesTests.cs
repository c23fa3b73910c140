using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// The built GtWeb (samples/GtWeb/bin/…/GtWeb.dll, run with <c>dotnet</c> as a user runs it) serves the stylesheet and
/// scripts its pages reference wherever it is started from and in the environment it runs in by default (Production):
/// before, only a process started in the project folder (dotnet run) or in Development found its wwwroot, and every
/// other start served pages without style, graph or fetch progress, with only a log warning to say so.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed partial class StaticFilesTests(DemoTowns towns)
{
    private static readonly string WebRoot = Path.Combine(RepositoryRoot.Path, "samples", "GtWeb", "wwwroot");

    /// <summary>A working folder (an empty temporary folder or the repository root) and an environment (null: none set).</summary>
    public static TheoryData<string, string?> Starts => new()
    {
        { "temporary folder", null },
        { "repository root", null },
        { "temporary folder", "Development" },
    };

    [Theory]
    [MemberData(nameof(Starts))]
    public async Task The_built_GtWeb_serves_every_stylesheet_and_script_its_pages_reference_wherever_it_is_started(string folder, string? environment)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temporary = new TempDirectory("gtweb-cwd");
        var workingDirectory = folder == "repository root" ? RepositoryRoot.Path : temporary.Path;
        using var server = new GtWebServer(towns.Acme, GtWebServer.BuiltDll, workingDirectory, environment);
        using var client = new HttpClient();

        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var page in new[] { "/", "/project?ref=" + Uri.EscapeDataString(DemoTowns.Project) })
        {
            var html = await client.GetStringAsync(server.Url(page), ct);
            referenced.UnionWith(LocalAssets().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["path"].Value)));
        }

        // The home page's stylesheet and fetch progress, the project page's graph library and its script: if a page
        // stopped referencing one, the regex missed it and the test would prove less than it says.
        var files = referenced.Select(r => r.Split('?')[0]).ToHashSet(StringComparer.Ordinal);
        new[] { "/site.css", "/fetch-progress.js", "/project-graph.js", "/lib/cytoscape/cytoscape.min.js", "/lib/cytoscape-dagre/cytoscape-dagre.min.js" }.ShouldBeSubsetOf(files);
        foreach (var reference in referenced)
        {
            using var response = await client.GetAsync(server.Url(reference), ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{reference} from GtWeb started in the {folder} ({environment ?? "no environment set"}):\n{server.Output}");
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            body.ShouldBe(await File.ReadAllBytesAsync(OnDisk(reference), ct), $"{reference} is not GtWeb's own file");
            response.Content.Headers.ContentType?.MediaType.ShouldBe(reference.Split('?')[0].EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript");
        }

        server.Output.ShouldNotContain("WebRootPath was not found");
    }

    [Fact]
    public async Task A_wwwroot_in_the_folder_GtWeb_is_started_from_is_not_served_as_GtWebs()
    {
        // The content root was the current folder: a wwwroot there (a town's, another web project's) was served as
        // GtWeb's own, whatever it held. GtWeb's files are its own, beside GtWeb.dll or mapped by its build.
        var ct = TestContext.Current.CancellationToken;
        using var temporary = new TempDirectory("gtweb-cwd");
        Directory.CreateDirectory(temporary.Combine("wwwroot"));
        await File.WriteAllTextAsync(temporary.Combine("wwwroot", "site.css"), "body { display: none }", ct);
        await File.WriteAllTextAsync(temporary.Combine("wwwroot", "private.txt"), "not GtWeb's to serve", ct);
        using var server = new GtWebServer(towns.Acme, GtWebServer.BuiltDll, temporary.Path, environment: null);
        using var client = new HttpClient();

        (await client.GetByteArrayAsync(server.Url("/site.css"), ct)).ShouldBe(await File.ReadAllBytesAsync(Path.Combine(WebRoot, "site.css"), ct));
        using var response = await client.GetAsync(server.Url("/private.txt"), ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static string OnDisk(string reference) =>
        Path.Combine([WebRoot, .. reference.Split('?')[0].TrimStart('/').Split('/')]);

    /// <summary>A stylesheet or script the page links from GtWeb itself (a path from the site's root, with its version query).</summary>
    [GeneratedRegex("""<(?:link[^>]*\shref|script[^>]*\ssrc)="(?<path>/[^"/][^"]*\.(?:css|js)(?:\?[^"]*)?)""")]
    private static partial Regex LocalAssets();
}
