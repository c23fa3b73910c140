using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.PublicApi;

/// <summary>The package's public surface, approved in the <c>.approved.txt</c> beside this file (see <see cref="ApprovedPublicApi"/>).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file() => ApprovedPublicApi.ShouldMatchApproved(typeof(FederationIndex).Assembly);
}
