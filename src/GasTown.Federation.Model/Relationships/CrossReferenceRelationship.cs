using System.Text;
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

    /// <summary>The members <see cref="object.ToString"/> shows: a list as the items it holds (<see cref="Relationship.UnknownFields"/> too), not its type's name.</summary>
    /// <param name="builder">The text being built.</param>
    /// <returns>Whether any member was printed.</returns>
    protected override bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
