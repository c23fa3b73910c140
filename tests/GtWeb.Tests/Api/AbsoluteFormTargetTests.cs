namespace GtWeb.Tests.Api;

/// <summary>
/// A request whose target is in absolute form (<c>GET http://host/api/units/… HTTP/1.1</c>, as a client sends it through a
/// proxy; RFC 9112 says a server must accept it, and Kestrel does) names the same unit or project as its path alone. Before,
/// the unit and project endpoints read the reference from the raw target only when it began with their path, so this
/// request was answered 400 "The work reference is empty" for a unit that exists.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class AbsoluteFormTargetTests(DemoTowns towns)
{
    public static TheoryData<string, string> Targets => new()
    {
        { "/api/units/" + Uri.EscapeDataString("gt://acme.com/projects/platform/pl-100"), "\"id\":\"pl-100\"" },
        { "/api/units/pl-100", "\"id\":\"pl-100\"" },
        { "/api/projects/" + Uri.EscapeDataString(DemoTowns.Project) + "?limit=1", "\"query\":\"project\"" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_absolute_form_target_names_the_same_reference_as_its_path(string path, string answered)
    {
        var server = towns.Server.BaseAddress;
        var response = await RawRequest.GetAsync(towns.Server, server.GetLeftPart(UriPartial.Authority) + path, TestContext.Current.CancellationToken);

        response.Status.ShouldBe(200, response.ToString());
        response.Body.ShouldContain(answered);
    }
}
