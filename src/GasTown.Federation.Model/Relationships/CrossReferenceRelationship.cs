using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// <c>{"type":"cross_reference","source":"gt://…","references":[{"type":"depends_on","target":"gt://…"}]}</c>:
/// a work unit refers to work units in other chains. Also derived from beads dependencies whose
/// <c>depends_on_id</c> is a <c>gt://</c>/<c>hop://</c> URI or an <c>external:</c> reference.
/// Verified when the source's own chain asserts it.
/// </summary>
/// <param name="Source">The referring work unit.</param>
/// <param name="References">What it refers to.</param>
public sealed record CrossReferenceRelationship(GtUri Source, IReadOnlyList<CrossReferenceTarget> References) : Relationship
{
    /// <summary>The <c>type</c> value of a cross-reference.</summary>
    public const string TypeName = "cross_reference";

    /// <inheritdoc />
    public override string Type => TypeName;
}
