using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>The keys a town trusts to sign an entity's chains, and how they came to be trusted.</summary>
/// <param name="Entity">The entity (a domain or a person).</param>
/// <param name="Keys">The keys; a chain's tip must be signed by one of them.</param>
/// <param name="Source">Published by the entity, or pinned on first use or by the user.</param>
public sealed record EntityKeys(EntityId Entity, IReadOnlyList<Identity.SshPublicKey> Keys, KeySource Source)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
