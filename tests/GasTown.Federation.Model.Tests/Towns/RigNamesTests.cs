namespace GasTown.Federation.Model.Tests.Towns;

/// <summary>The one rig-name rule: what a gt:// URI's rig segment accepts.</summary>
public sealed class RigNamesTests
{
    [Theory]
    [InlineData("gastown")]
    [InlineData("a")]
    [InlineData("Rig_2.x-y")]
    [InlineData("a..b")]
    public void Names_a_URI_can_carry_are_rig_names(string name)
    {
        RigNames.IsValid(name).ShouldBeTrue();
        RigNames.TryValidate(name, out var problem).ShouldBeTrue();
        problem.ShouldBeNull();
        GtUri.TryParse($"gt://a.com/c/{name}/x-1", out var uri).ShouldBeTrue();
        uri.Rig.ShouldBe(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("-x")]
    [InlineData(".x")]
    [InlineData("bad rig")]
    [InlineData("a/b")]
    [InlineData("é")]
    public void Names_no_URI_can_carry_are_refused_with_the_parser_s_reason(string name)
    {
        RigNames.IsValid(name).ShouldBeFalse();
        RigNames.TryValidate(name, out var problem).ShouldBeFalse();
        problem.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void The_length_limit_is_the_URI_s()
    {
        RigNames.IsValid(new string('a', GtUriLimits.MaxNameLength)).ShouldBeTrue();
        RigNames.IsValid(new string('a', GtUriLimits.MaxNameLength + 1)).ShouldBeFalse();
    }
}
