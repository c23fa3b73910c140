using System.Text;

namespace GasTown.Federation.Model.Tests.Display;

/// <summary>A caller's text echoed in a message: quoted, bounded, and with nothing a terminal or browser would act on.</summary>
public sealed class MessageTextTests
{
    [Theory]
    [InlineData("proj-1", "'proj-1'")]
    [InlineData("", "''")]
    [InlineData("gt://x\u001b[31m\u202e/y", "'gt://x<U+001B>[31m<U+202E>/y'")]
    [InlineData("a\nb\rc\td", "'a<U+000A>b<U+000D>c<U+0009>d'")]
    [InlineData("al\u200bice", "'al<U+200B>ice'")]
    [InlineData("bücher 😀", "'bücher 😀'")] // letters and emoji as they are: only what acts or hides is escaped
    public void Quote_shows_unsafe_characters_by_code_point(string text, string expected)
        => MessageText.Quote(text).ShouldBe(expected);

    [Fact]
    public void Quote_shows_a_lone_surrogate_by_code_point()
        => MessageText.Quote("lone \ud800 surrogate").ShouldBe("'lone <U+D800> surrogate'");

    [Fact]
    public void Quote_cuts_a_long_text_and_says_how_long_it_was()
    {
        var quoted = MessageText.Quote(new string('A', 100_000));

        quoted.ShouldBe("'" + new string('A', MessageText.MaxCallerText) + "'…(100000 chars)");
    }

    [Fact]
    public void Quote_stays_bounded_when_every_character_is_escaped_and_never_splits_one()
    {
        MessageText.Quote(new string('\u001b', 1_000)).Length.ShouldBeLessThanOrEqualTo(MessageText.MaxCallerText + 20);

        var emoji = string.Concat(Enumerable.Repeat("😀", 200));
        var quoted = MessageText.Quote(emoji);
        quoted.ShouldEndWith("'…(400 chars)");
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(quoted)).ShouldBe(quoted); // no lone surrogate left by the cut
    }

    [Theory]
    [InlineData("gastown\u001b]0;pwned\u0007/rig", "gastown<U+001B>]0;pwned<U+0007>/rig")]
    [InlineData("a\u202eb\u200bc", "a<U+202E>b<U+200B>c")]
    [InlineData("bücher 😀", "bücher 😀")]
    public void Printable_shows_someone_elses_unsafe_characters_by_code_point_as_quote_does(string text, string expected)
        => MessageText.Printable(text).ShouldBe(expected);

    [Fact]
    public void Printable_cuts_after_its_limit_of_shown_characters()
    {
        MessageText.Printable(new string('A', 100)).ShouldBe(new string('A', MessageText.MaxQuoted) + "…");
        MessageText.Printable("lone \ud800").ShouldBe("lone <U+D800>");
        MessageText.Printable(new string('\u001b', 100), 20).ShouldBe("<U+001B><U+001B>…"); // never half a code point
    }

    [Fact]
    public void The_remote_name_message_quotes_the_callers_name_safely()
    {
        var name = "x\u001b[2J\nforged" + new string('y', 10_000);
        var message = Internal.RemoteNameMessage.NotRegistered(name, ["alice"]);

        message.ShouldStartWith("No remote named 'x<U+001B>[2J<U+000A>forged");
        message.ShouldContain($"…({name.Length} chars) is registered (known: alice)");
        message.Length.ShouldBeLessThan(300);
    }
}
