using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.PublicApi;

/// <summary>The package's public surface, approved in the <c>.approved.txt</c> beside this file (see <see cref="ApprovedPublicApi"/>).</summary>
public sealed class PublicApiApprovalTests
{
    [Fact]
    public void The_public_api_matches_the_approved_file() => ApprovedPublicApi.ShouldMatchApproved(typeof(ChainLoader).Assembly);
}
