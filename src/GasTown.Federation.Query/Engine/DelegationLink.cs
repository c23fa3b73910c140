using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>A delegation the parent's chain asserts, as a pair of graph nodes.</summary>
internal sealed record DelegationLink(int ParentNode, int ChildNode, GtUri Parent, GtUri Child, DelegationRelationship Relationship, bool AcceptedByChild);
