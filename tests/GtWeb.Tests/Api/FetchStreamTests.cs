using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GasTown.Federation.GitTransport;
using GasTown.Federation.TestSupport;
using GtFed.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GtWeb.Tests.Api;

/// <summary>
/// The town page's "Fetch now" stream (<c>POST /fetch/stream</c>) fetches remotes at once, as the SDK does: a remote
/// whose host accepts and never answers holds back none of the others, whose results stream in while it waits, and it
/// ends with its own failure when the fetch timeout passes. A failure's text (a server's own words among it) streams with
/// its controls and invisible characters shown by code point, as the page shows them.
/// </summary>
public sealed partial class FetchStreamTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-fetch-stream");
    private readonly SilentHost _silent = new();

    [Fact]
    public async Task A_silent_remote_holds_back_none_of_the_others_and_ends_with_its_own_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        var town = _temp.Combine("town");
        Check(GtFedProcess.Run("init", "--town", town, "--owner", "watcher@example.com", "--name", "watch"));
        var git = Path.Combine(town, "federation", "git");
        if (!Directory.Exists(git))
        {
            GitCli.Run(town, "init", "--quiet", "--bare", git);
        }

        // "silent" sorts first: fetched one after the other, zeta would start only after the silent one's timeout.
        GitCli.Run(git, "remote", "add", "silent", _silent.SshUrl("srv/silent.git"));
        GitCli.Run(git, "config", "remote.silent.gtUri", "gt://silent.org/town");
        var zeta = TownBuilder.At(_temp.Combine("zeta-town")).OwnedBy("zeta@example.com")
            .WithRig("api", "ap-", rig => rig.WithIssue("ap-1", "Auth API"))
            .Build().Root;
        var published = GtFedProcess.Run(zeta, new Dictionary<string, string?> { ["BD_ACTOR"] = "mayor" }, "publish", "--rig", "api", "--town", zeta, "--json");
        Check(published);
        GitCli.Run(git, "remote", "add", "zeta", published.Json().GetProperty("url").GetString()!);
        GitCli.Run(git, "config", "remote.zeta.gtUri", "gt://zeta@example.com/zeta-town");

        using var factory = new GtWebFactory(town).WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.Configure<GitTransportOptions>(o => o.FetchTimeout = TimeSpan.FromSeconds(10))));
        using var client = factory.CreateClient();
        var page = await client.GetStringAsync("/", ct);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        token.ShouldNotBeEmpty();

        var started = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fetch/stream")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var done = new List<(string Remote, bool Ok, TimeSpan At, string? Error)>();
        string? last = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = line;
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.TryGetProperty("done", out _))
            {
                done.Add((root.GetProperty("remote").GetString()!, root.GetProperty("ok").GetBoolean(), started.Elapsed,
                    root.TryGetProperty("error", out var error) ? error.GetString() : null));
            }
        }

        done.Select(d => d.Remote).ShouldBe(["zeta", "silent"], "zeta's result streams while the silent remote waits");
        done[0].Ok.ShouldBeTrue();
        done[0].At.ShouldBeLessThan(TimeSpan.FromSeconds(10), "zeta did not wait for the silent remote's timeout");
        done[1].Ok.ShouldBeFalse();
        done[1].Error.ShouldNotBeNull().ShouldContain("did not finish within");
        _silent.Accepted.ShouldBeGreaterThan(0, "the fetch did reach the silent host");

        // Last, the index caught up with what was fetched: the next refresh parses nothing, and zeta's chain is in it.
        last.ShouldBe("""{"index":"up_to_date"}""");
        var index = GtFedProcess.Run("index", "--town", town, "--json");
        index.ExitCode.ShouldBe(0, index.ToString());
        index.Json().GetProperty("lines_parsed").GetInt64().ShouldBe(0);
        index.Json().GetProperty("chains").EnumerateArray().ShouldContain(c => c.GetProperty("chain").GetString() == "gt://zeta@example.com/zeta-town" && c.GetProperty("units").GetInt64() == 1);
    }

    [Fact]
    public async Task A_remote_that_has_published_nothing_yet_is_said_so_not_as_zero_refs_updated()
    {
        var ct = TestContext.Current.CancellationToken;
        var town = _temp.Combine("town");
        Check(GtFedProcess.Run("init", "--town", town, "--owner", "watcher@example.com", "--name", "watch"));
        var empty = _temp.Combine("ghost.git");
        Directory.CreateDirectory(empty);
        GitCli.Run(empty, "init", "--quiet", "--bare");
        Check(GtFedProcess.Run("remote", "add", "ghost", "gt://ghost@example.com/town", "--url", empty, "--town", town));

        var done = await FetchStreamDoneAsync(town, ct);

        done.GetProperty("remote").GetString().ShouldBe("ghost");
        done.GetProperty("ok").GetBoolean().ShouldBeTrue();
        done.GetProperty("nothing_published").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_server_s_error_text_streams_with_its_bidi_override_shown_by_code_point()
    {
        // The fetch-progress script puts a failure's text into the page with textContent, which the page's encoder never
        // sees: a server's right-to-left override reached it raw (and reversed what followed), while the form post (the
        // page's encoder) showed it as <U+202E>. A smart-HTTP git server answers the ref advertisement with an ERR line.
        var ct = TestContext.Current.CancellationToken;
        using var server = new LoopbackHttpServer();
        server.Serve("/evil.git/info/refs", async context =>
        {
            static byte[] Line(string text) => Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(text) + 4:x4}{text}");
            byte[] body = [.. Line("# service=git-upload-pack\n"), .. "0000"u8, .. Line("ERR access \u202Eelif.exe denied\n")];
            context.Response.ContentType = "application/x-git-upload-pack-advertisement";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body, ct);
            context.Response.Close();
        });
        var town = _temp.Combine("town");
        Check(GtFedProcess.Run("init", "--town", town, "--owner", "watcher@example.com", "--name", "watch"));
        Check(GtFedProcess.Run("remote", "add", "evil", "gt://evil.org/town", "--url", server.BaseUrl + "/evil.git", "--town", town));

        var done = await FetchStreamDoneAsync(town, ct);

        done.GetProperty("ok").GetBoolean().ShouldBeFalse();
        var error = done.GetProperty("error").GetString().ShouldNotBeNull();
        error.ShouldContain("access <U+202E>elif.exe denied");
        error.ShouldNotContain("\u202E");
    }

    // Posts "Fetch now" to /fetch/stream as the page's script does (with the form's antiforgery token) and returns the line
    // that says how the one remote's fetch ended.
    private static async Task<JsonElement> FetchStreamDoneAsync(string town, CancellationToken ct)
    {
        using var factory = new GtWebFactory(town);
        using var client = factory.CreateClient();
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(await client.GetStringAsync("/", ct)).Groups[1].Value);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fetch/stream")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        using var response = await client.SendAsync(request, ct);
        return (await response.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Single(line => line.TryGetProperty("done", out _));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static void Check(GtFedRun run) => run.ExitCode.ShouldBe(0, run.ToString());

    public void Dispose()
    {
        _silent.Dispose();
        _temp.Dispose();
    }
}
