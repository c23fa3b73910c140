using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Identity;

/// <summary>A person of the domain, as its well-known document vouches for them: their keys and chains.</summary>
/// <param name="Entity">The person, <c>name@domain</c>.</param>
/// <param name="Keys">The public keys their chains are signed with.</param>
/// <param name="Chains">Their chains, with URLs.</param>
public sealed record WellKnownPerson(EntityId Entity, IReadOnlyList<SshPublicKey> Keys, IReadOnlyList<WellKnownChain> Chains)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
