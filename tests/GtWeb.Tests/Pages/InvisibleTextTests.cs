using System.Text.Encodings.Web;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A title from someone else's chain with a right-to-left override, a zero-width space or a hidden tag copy: HTML-encoded
/// as <c>&amp;#x202E;</c> the browser still obeys it (the override reverses what follows). Every page shows such
/// characters as <c>&lt;U+202E&gt;</c>, as gtfed does on a terminal, and the JSON API keeps the exact text.
/// </summary>
public sealed class InvisibleTextTests : IDisposable
{
    private const string Title = "Pay al\u200Bice \u202Eexe.txt\u202C \U000E0041 the \U0001F469\u200D\U0001F4BB team";
    private readonly TempDirectory _temp = new("gtweb-invisible");

    [Fact]
    public async Task A_page_shows_bidi_controls_and_invisible_characters_by_their_code_point_and_the_api_keeps_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var town = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", Title))
            .Build();
        using var factory = new GtWebFactory(town.Root);
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/unit?ref=gt-1", UriKind.Relative), ct);
        html.ShouldContain("Pay al&lt;U+200B&gt;ice &lt;U+202E&gt;exe.txt&lt;U+202C&gt; &lt;U+E0041&gt; the");
        html.ShouldNotContain("&#x202E;");
        html.ShouldNotContain("\u202E");
        html.ShouldNotContain("&#x200B;");
        // The emoji's joiner is kept (encoded, as every character outside ASCII is).
        html.ShouldContain("&#x1F469;&#x200D;&#x1F4BB;");

        var api = await client.GetStringAsync(new Uri("/api/units/gt-1", UriKind.Relative), ct);
        System.Text.Json.Nodes.JsonNode.Parse(api)!["title"]!.GetValue<string>().ShouldBe(Title);

        factory.Services.GetRequiredService<HtmlEncoder>().Encode("a\u0000b\u009Bc\td").ShouldBe("a&lt;U+0000&gt;b&lt;U+009B&gt;c&#x9;d");
    }

    [Fact]
    public async Task The_project_graph_labels_show_bidi_controls_and_invisible_characters_by_their_code_point()
    {
        // The graph's labels travel as JSON in a data attribute and are drawn on a canvas: the page's encoder never sees
        // them, and a child titled "approved by \u202Eecila" was drawn "approved by alice".
        var ct = TestContext.Current.CancellationToken;
        var town = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "Root: approved by \u202Eecila\u202C", i => i.Type("epic"))
                .WithIssue("gt-2", "Signed off: al\u200Bice \U0001F469\u200D\U0001F4BB", i => i.DependsOn("gt-1", "parent-child")))
            .Build();
        using var factory = new GtWebFactory(town.Root);
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/project?ref=gt-1", UriKind.Relative), ct);
        var attribute = System.Text.RegularExpressions.Regex.Match(html, "data-graph=\"([^\"]*)\"").Groups[1].Value;
        var graph = System.Text.Json.Nodes.JsonNode.Parse(System.Net.WebUtility.HtmlDecode(attribute))!;
        var labels = graph["elements"]!.AsArray().Select(e => e!["data"]!["label"]?.GetValue<string>()).OfType<string>().ToList();
        labels.ShouldContain("gt-1: Root: approved by <U+202E>ecila<U+202C>");
        labels.ShouldContain("gt-2: Signed off: al<U+200B>ice \U0001F469\u200D\U0001F4BB"); // the emoji's joiner kept
        labels.ShouldAllBe(l => !l.Contains('\u202E') && !l.Contains('\u200B'));
    }

    public void Dispose() => _temp.Dispose();
}
