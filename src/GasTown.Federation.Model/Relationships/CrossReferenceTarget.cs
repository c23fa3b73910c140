using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>One reference of a <see cref="CrossReferenceRelationship"/>.</summary>
/// <param name="Type">The kind of reference, e.g. <c>depends_on</c>, or a beads dependency type such as <c>blocks</c>.</param>
/// <param name="Target">The referenced work unit.</param>
public sealed record CrossReferenceTarget(string Type, GtUri Target);
