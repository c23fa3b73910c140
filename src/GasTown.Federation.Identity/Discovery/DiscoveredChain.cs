using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Identity;

/// <summary>A chain found through its entity's well-known document.</summary>
/// <param name="Chain">The chain, <c>gt://entity/chain</c>.</param>
/// <param name="Url">The git URL to fetch it from.</param>
/// <param name="Branch">The branch to fetch, or null for the published branch.</param>
/// <param name="Keys">The keys the chain's entity publishes (empty when it publishes none).</param>
/// <param name="DocumentUrl">The document it was found in.</param>
public sealed record DiscoveredChain(GtUri Chain, string Url, string? Branch, IReadOnlyList<SshPublicKey> Keys, Uri DocumentUrl)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
