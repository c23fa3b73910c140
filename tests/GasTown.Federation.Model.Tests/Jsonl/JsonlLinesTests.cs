namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>The one line rule every reader of an issues file uses: a carriage return is dropped only before a line feed.</summary>
public sealed class JsonlLinesTests
{
    [Theory]
    [InlineData("{}", true, 2)]
    [InlineData("{}\r", true, 2)]
    [InlineData("{}\r", false, 3)]
    [InlineData("{}\r\r", true, 3)]
    [InlineData("\r", true, 0)]
    [InlineData("", true, 0)]
    [InlineData("", false, 0)]
    public void A_carriage_return_is_dropped_only_just_before_a_line_feed(string line, bool endsWithLineFeed, int length)
        => JsonlLines.ContentLength(System.Text.Encoding.UTF8.GetBytes(line), endsWithLineFeed).ShouldBe(length);
}
