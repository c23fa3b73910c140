using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A remote whose issues file holds lines no reader can parse: every page that shows an answer read from it says how many
/// lines were left out and what reading the chain said, once for the chain, as text (the API says it in <c>chains</c>,
/// gtfed on standard error). Before, the pages said nothing, so a hostile remote could hide work from a web user.
/// </summary>
public sealed partial class ChainNotesPageTests(ChainNotesPageTests.EvilRemote evil) : IClassFixture<ChainNotesPageTests.EvilRemote>
{
    private const string Chain = "gt://alice@example.com/town";

    public static TheoryData<string> Pages => new()
    {
        "/remote?name=evil",
        "/ready",
        "/unit?ref=" + Uri.EscapeDataString(Chain + "/gastown/gt-1"),
        "/project?ref=" + Uri.EscapeDataString(Chain + "/gastown/gt-1"),
        "/audit?actor=*",
        "/",
        "/search?q=refinery",
        "/changes",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_over_a_remote_with_unreadable_lines_says_how_many_were_left_out_once_as_text(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(evil.Observer);
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative), ct);

        var notes = ChainNotes().Matches(html);
        notes.Count.ShouldBe(1, html);
        notes[0].Groups["chain"].Value.ShouldBe(Chain);
        var said = WebUtility.HtmlDecode(notes[0].Groups["body"].Value);
        said.ShouldContain("2 unreadable line(s) left out");
        said.ShouldContain("issues.jsonl");
        // The remote's own text in a note (the id it could not name) is shown as text, its override by code point.
        said.ShouldContain("work id '<img src=x onerror=alert(1)> <U+202E>exe.txt' cannot be named");
        html.ShouldNotContain("<img src=x");
        html.ShouldNotContain("\u202E");
    }

    [GeneratedRegex("<div class=\"unreachable\" data-testid=\"chain-notes\" data-chain=\"(?<chain>[^\"]+)\">(?<body>.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ChainNotes();

    /// <summary>Alice's chain with two unreadable lines after her one work unit, published and fetched by bob as remote 'evil'.</summary>
    public sealed class EvilRemote : IAsyncLifetime
    {
        // A work unit whose id no gt:// URI can name, so it is left out; the note quotes the id, markup and a right-to-left
        // override, which the page must show as text.
        private const string HostileId = """{"id":"<img src=x onerror=alert(1)> \u202Eexe.txt","title":"Hidden","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""";

        private readonly TempDirectory _temp = new("gtweb-notes");

        /// <summary>Bob's town, which GtWeb serves.</summary>
        public string Observer { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            var alice = TownBuilder.At(_temp.Combine("alice")).Named("town").OwnedBy("alice@example.com")
                .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Refinery pump overhaul").WithIssueLine("{not json").WithIssueLine(HostileId))
                .Build();
            await using (var owner = Town.Open(alice.Root, b => b.AddProvenance(o => o.Actor = "mayor")))
            {
                await owner.PublishAsync(new PublishOptions { Rigs = ["gastown"] }, ct);
            }

            var observer = TownBuilder.At(_temp.Combine("observer")).Named("observer").OwnedBy("bob@example.com").Build();
            await using var bob = Town.Open(observer.Root);
            bob.Remotes.Add("evil", FederationRepository.DefaultPathFor(alice.Root), GtUri.Parse(Chain));
            (await bob.FetchAsync("evil", cancellationToken: ct)).Succeeded.ShouldBeTrue();
            Observer = observer.Root;
        }

        public ValueTask DisposeAsync()
        {
            _temp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
