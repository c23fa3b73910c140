using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// <c>gtfed search</c> matches the work units holding every word. An operator a person typed (<c>-word</c>, <c>OR</c>,
/// <c>title:word</c>) was read as more words, so the answer was the opposite of the question or nothing, exit 0; text
/// with no word answered "0 work units" where <c>*</c> was refused; and neither the help nor the README said the rule.
/// </summary>
[Collection(IndexDemoTownsCollection.Name)]
public sealed class SearchWordsCliTests(DemoTownsFixture towns) : IDisposable
{
    private const string Rule = "a search finds the work units that hold every word given; operators such as -word, OR, NOT or title:word are not supported.";
    private readonly TempDirectory _temp = new("gtfed-search-words");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_operator_is_bad_input_saying_the_rule_not_an_answer_to_another_question()
    {
        var acme = CopyAcme();

        // acme has "Launch announcement" and "Federated work tracking launch": `launch -announcement` found only the first.
        var found = GtFedProcess.Run("search", "launch announcement", "--town", acme);
        found.ExitCode.ShouldBe(0, found.ToString());
        found.StandardOutput.ShouldContain("Launch announcement");
        foreach (var (text, what) in new[]
        {
            ("launch -announcement", "'-announcement' looks like an exclusion (-word)"),
            ("launch OR announcement", "'OR' looks like an operator"),
            ("title:launch", "'title:launch' looks like a field filter (name:word)"),
        })
        {
            var run = GtFedProcess.Run("search", text, "--town", acme);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardOutput.ShouldBeEmpty(run.ToString());
            run.StandardError.ShouldStartWith($"gtfed: {what}: {Rule}", Case.Sensitive, run.ToString());
            run.StandardError.ShouldContain("Run 'gtfed search --help' for the accepted forms.", Case.Sensitive, run.ToString());

            var json = GtFedProcess.Run("search", text, "--town", acme, "--json");
            json.ExitCode.ShouldBe(2, json.ToString());
            json.Json().GetProperty("error").GetProperty("kind").GetString().ShouldBe("invalid_input");
        }
    }

    [Fact]
    public void Text_with_no_letter_or_digit_is_refused_as_a_lone_star_is()
    {
        var acme = CopyAcme();
        var star = GtFedProcess.Run("search", "*", "--town", acme);
        star.ExitCode.ShouldBe(2, star.ToString());
        star.StandardError.ShouldContain("no words to look for");

        foreach (var text in new[] { "\"", "(", "..", "- ( )" })
        {
            var run = GtFedProcess.Run("search", text, "--town", acme);
            (run.ExitCode, run.StandardOutput, run.StandardError).ShouldBe((star.ExitCode, star.StandardOutput, star.StandardError), run.ToString());
        }
    }

    [Fact]
    public void The_help_says_the_matching_rule()
    {
        var help = GtFedProcess.Run("search", "--help");
        help.ExitCode.ShouldBe(0, help.ToString());
        var text = string.Join(' ', help.StandardOutput.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        foreach (var said in new[] { "every word", "trailing * matches", "-word, OR, AND, NOT, NEAR", "title:word", "Chinese, Japanese", "not ids", "gtfed show ID" })
        {
            text.ShouldContain(said, Case.Sensitive, text);
        }
    }

    [Fact]
    public void A_work_unit_s_id_that_matches_nothing_is_sent_to_show()
    {
        var acme = CopyAcme();

        // Ids are not searched: "0 work units" said nothing of why.
        var id = GtFedProcess.Run("search", "pl-102", "--town", acme);
        id.ExitCode.ShouldBe(0, id.ToString());
        id.StandardOutput.Trim().ShouldBe("search: 0 work units");
        id.StandardError.ShouldContain("pl-102 is the id of a work unit, and a search does not look in ids: 'gtfed show pl-102' shows it.", Case.Sensitive, id.ToString());
        var uri = GtFedProcess.Run("search", "gt://bob@example.com/main-town/backend/be-3", "--town", acme);
        uri.StandardError.ShouldContain("'gtfed show gt://bob@example.com/main-town/backend/be-3' shows it.", Case.Sensitive, uri.ToString());

        // Words shaped like an id that no unit has get no such note.
        var none = GtFedProcess.Run("search", "nothing-matches-this", "--town", acme);
        none.ExitCode.ShouldBe(0, none.ToString());
        none.StandardError.ShouldNotContain("gtfed show", Case.Sensitive, none.ToString());
    }

    private string CopyAcme()
    {
        var target = _temp.Combine("acme-" + Guid.NewGuid().ToString("N")[..8]);
        towns.CopyAcmeTo(target);
        return target;
    }
}
