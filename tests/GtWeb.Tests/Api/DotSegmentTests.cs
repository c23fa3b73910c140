using System.Text.Json.Nodes;

namespace GtWeb.Tests.Api;

/// <summary>
/// An API path with a <c>.</c> or <c>..</c> segment, percent-encoded (<c>%2e%2e</c>) or not, is refused with a 400 that
/// names the segment as the client wrote it and the path the server resolved it to. The server resolves such segments
/// before routing: <c>/api/remotes/%2e%2e/units</c> reached the unit endpoint as <c>/api/units</c> and was answered
/// "the work reference is empty", and <c>/api/units/%2e%2e</c> a bare 404 with no detail. Sent over a socket, since
/// HttpClient resolves the segments itself before sending.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class DotSegmentTests(DemoTowns towns)
{
    public static TheoryData<string, string, string> Paths => new()
    {
        { "/api/units/%2e%2e", "'%2e%2e'", "'/api/'" },
        { "/api/remotes/%2e%2e/units", "'%2e%2e'", "'/api/units'" },
        { "/api/remotes/x/%2E%2E/%2e%2e/units/pl-100", "'%2E%2E'", "'/api/units/pl-100'" },
        { "/api/dependents/pl-100/%2e", "'%2e'", "'/api/dependents/pl-100/'" },
        { "/api/projects/..", "'..'", "'/api/'" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_dot_segment_is_refused_naming_it_as_written(string path, string segment, string resolved)
    {
        var response = await RawRequest.GetAsync(towns.Server, path, TestContext.Current.CancellationToken);

        response.Status.ShouldBe(400, response.ToString());
        var problem = JsonNode.Parse(response.Body)!;
        problem["kind"]!.GetValue<string>().ShouldBe("InvalidInput");
        var detail = problem["detail"]!.GetValue<string>();
        detail.ShouldStartWith($"The path '{path}' has the segment {segment}, which is ");
        detail.ShouldContain($"would ask for {resolved} instead");
        detail.ShouldNotContain("empty");
    }

    [Fact]
    public async Task A_reference_encoded_whole_with_dots_inside_is_still_read()
    {
        // %2F is not decoded before routing: the whole URI is one segment, never a dot segment, whatever dots it holds.
        var path = "/api/units/" + Uri.EscapeDataString(DemoTowns.Project);
        var response = await RawRequest.GetAsync(towns.Server, path, TestContext.Current.CancellationToken);

        response.Status.ShouldBe(200, response.ToString());
        JsonNode.Parse(response.Body)!["id"]!.GetValue<string>().ShouldBe("pl-100");
    }
}
