using System.Text;

namespace GasTown.Federation.Uri.Tests.Parsing;

public sealed class GtUriTableTests
{
    [Fact]
    public void The_table_has_at_least_150_cases()
    {
        (GtUriCases.Valid.Count + GtUriCases.Invalid.Count).ShouldBeGreaterThanOrEqualTo(150);
    }

    [Theory]
    [MemberData(nameof(GtUriCases.Valid), MemberType = typeof(GtUriCases))]
    public void Valid_input_parses_to_its_canonical_form(string input, string canonical)
    {
        GtUri.TryParse(input, out var uri, out var error).ShouldBeTrue(error.Message);
        uri.ToString().ShouldBe(canonical);
        GtUri.Parse(input).ShouldBe(uri);
        GtUri.Parse(input.AsSpan()).ShouldBe(uri);
        GtUri.Parse(Encoding.UTF8.GetBytes(input)).ShouldBe(uri);

        // Round trip: the canonical form parses to the same value, reusing the string.
        var again = GtUri.Parse(uri.ToString());
        again.ShouldBe(uri);
        ReferenceEquals(again.ToString(), uri.ToString()).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(GtUriCases.Invalid), MemberType = typeof(GtUriCases))]
    public void Invalid_input_reports_kind_and_position(string input, GtUriError kind, int position)
    {
        GtUri.TryParse(input, out var uri).ShouldBeFalse();
        uri.IsDefault.ShouldBeTrue();

        GtUri.TryParse(input, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(kind, error.Message);
        error.Position.ShouldBe(position, error.Message);
        error.Message.ShouldNotBeNullOrWhiteSpace();

        var thrown = Should.Throw<GtUriFormatException>(() => GtUri.Parse(input));
        thrown.Error.ShouldBe(kind);
        thrown.Position.ShouldBe(position);
        thrown.Message.ShouldBe(error.Message);
        thrown.ShouldBeAssignableTo<FederationException>().ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
    }

    [Theory]
    [MemberData(nameof(GtUriCases.Invalid), MemberType = typeof(GtUriCases))]
    public void Utf8_input_reports_the_same_kind_and_the_byte_position(string input, GtUriError kind, int position)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        GtUri.TryParse(bytes, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(kind == GtUriError.TooLong || bytes.Length <= GtUriLimits.MaxUriLength ? kind : GtUriError.TooLong);

        // Everything before the first error is ASCII, so byte and char positions agree.
        error.Position.ShouldBe(position);
    }
}
