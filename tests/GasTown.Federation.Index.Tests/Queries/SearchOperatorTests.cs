using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A search matches the work units holding every word given. Text a person means as a search operator (<c>-word</c>,
/// <c>OR</c>, <c>title:word</c>) was read as more words to find, so the answer was the opposite of the question, or
/// nothing, with no word of why; text with no word at all answered "nothing found" where <c>*</c> was refused.
/// </summary>
public sealed class SearchOperatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Rule = "a search finds the work units that hold every word given; operators such as -word, OR, NOT or title:word are not supported";

    public static TheoryData<string, string> Operators => new()
    {
        // `task -third` found only "Third task": the exclusion was one more word to find.
        { "task -third", "'-third' looks like an exclusion (-word)" },
        { "task --third", "'--third' looks like an exclusion (-word)" },
        // Both titles exist, but "or" and "and" were words every unit had to hold too.
        { "Ship OR Third", "'OR' looks like an operator" },
        { "Ship AND parser", "'AND' looks like an operator" },
        { "Ship NOT parser", "'NOT' looks like an operator" },
        { "NEAR(ship parser)", "'NEAR(ship' looks like an operator" },
        { "(Ship OR Third)", "'OR' looks like an operator" },
        // A column filter was the phrase "title ship".
        { "title:Ship", "'title:Ship' looks like a field filter (name:word)" },
        { "parser status:open", "'status:open' looks like a field filter (name:word)" },
        { "title:\"Ship it\"", "'title:\"Ship' looks like a field filter (name:word)" },
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public async Task Text_meant_as_an_operator_is_bad_input_saying_the_rule_not_read_as_more_words(string text, string what)
    {
        using var federation = Federation();
        await using var town = federation.OpenObserver();

        var error = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync(text, new IndexQuery(), Ct));
        error.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        error.Message.StartsWith(what, StringComparison.Ordinal).ShouldBeTrue(error.Message);
        error.Message.ShouldContain(Rule, Case.Sensitive, error.Message);

        // The queries that search through the index (by organisation) say the same, through the one rule.
        using var reader = (await new IndexQuerySource(town.Index, town.Chains).OpenReaderAsync(Ct))!;
        var query = Should.Throw<FederationQueryException>(() => reader.Search(text, [new QueryIndexScope(GtUri.Parse(IndexedFederation.ObserverChain), null)], new WorkFilter(), 0, 10));
        (query.Error, query.Message).ShouldBe((FederationQueryError.BadInput, error.Message));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("(")]
    [InlineData("..")]
    [InlineData("- + ( ) \" * **")]
    [InlineData("\u0301")] // a combining mark alone: the tokenizer (unicode61) keeps letters, digits and private-use characters
    public async Task Text_without_a_letter_or_digit_is_refused_as_a_lone_star_is(string text)
    {
        // They answered "0 work units" where `*` was refused with "no words to look for".
        using var federation = Federation();
        await using var town = federation.OpenObserver();
        var star = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync("*", new IndexQuery(), Ct));

        var error = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.SearchAsync(text, new IndexQuery(), Ct));

        (error.ErrorKind, error.Message).ShouldBe((star.ErrorKind, star.Message));
        error.Message.ShouldContain("no words to look for");
    }

    [Fact]
    public async Task Plain_words_holding_the_same_characters_are_still_words()
    {
        using var federation = Federation();
        await using var town = federation.OpenObserver();
        async Task<IReadOnlyList<string>> TitlesAsync(string text)
            => [.. (await town.Index.SearchAsync(text, new IndexQuery(), Ct)).Items.Select(i => i.WorkUnit.Title).Order(StringComparer.Ordinal)];

        // Every word must match, in any case; a trailing * matches a prefix.
        (await TitlesAsync("ship parser")).ShouldBe(["Ship the parser"]);
        (await TitlesAsync("THIRD")).ShouldBe(["Third task"]);
        (await TitlesAsync("pars*")).ShouldBe(["Ship the parser"]);
        // Lower-case "or" is a word, as is a hyphen inside one, a URL's scheme, a time, a "+" and a lone "-" or "(".
        (await TitlesAsync("or")).ShouldBe(["Merge or rebase"]);
        (await TitlesAsync("e-mail")).ShouldBe(["Send the e-mail at 10:30"]);
        (await TitlesAsync("10:30 +mail - (")).ShouldBe(["Send the e-mail at 10:30"]);
        (await TitlesAsync("https://example.com/spec")).ShouldBe(["Read https://example.com/spec"]);
        // A word written in quotes is that word (there is no phrase search): "OR" in quotes is the word or.
        (await TitlesAsync("\"OR\" merge")).ShouldBe(["Merge or rebase"]);
        // Japanese is indexed in runs between spaces and punctuation: the run's start with * finds it, a word inside it does not.
        (await TitlesAsync("パーサー*")).ShouldBe(["パーサーを書く"]);
        (await TitlesAsync("パーサー")).ShouldBeEmpty();
    }

    private static IndexedFederation Federation() => new(web: rig => rig
        .WithIssue("wb-10", "Ship the parser")
        .WithIssue("wb-11", "Third task")
        .WithIssue("wb-12", "Merge or rebase")
        .WithIssue("wb-13", "Send the e-mail at 10:30")
        .WithIssue("wb-14", "Read https://example.com/spec")
        .WithIssue("wb-15", "パーサーを書く"));
}
