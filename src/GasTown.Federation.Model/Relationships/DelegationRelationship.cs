using System.Text;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// <c>{"type":"delegation","parent":"gt://…","child":"gt://…","terms":{…}}</c>: part of the parent work unit
/// is delegated to the child work unit, usually in another person's or organisation's chain.
/// Verified only when the parent's chain asserts it and the child's chain accepts it (asserts it too).
/// </summary>
/// <param name="Parent">The delegating work unit.</param>
/// <param name="Child">The work unit the portion is delegated to.</param>
/// <param name="Terms">The terms, or null.</param>
/// <param name="DelegatedBy">Who delegated (upstream's <c>delegated_by</c>), or null.</param>
/// <param name="DelegatedTo">Who received it (upstream's <c>delegated_to</c>), or null.</param>
/// <param name="CreatedAt">When the delegation was made, or null.</param>
public sealed record DelegationRelationship(
    GtUri Parent,
    GtUri Child,
    DelegationTerms? Terms = null,
    string? DelegatedBy = null,
    string? DelegatedTo = null,
    BeadsTimestamp? CreatedAt = null) : Relationship
{
    /// <summary>The <c>type</c> value of a delegation.</summary>
    public const string TypeName = "delegation";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>The members <see cref="object.ToString"/> shows: a list as the items it holds (<see cref="Relationship.UnknownFields"/> too), not its type's name.</summary>
    /// <param name="builder">The text being built.</param>
    /// <returns>Whether any member was printed.</returns>
    protected override bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
