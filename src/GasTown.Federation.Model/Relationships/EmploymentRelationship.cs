using System.Text;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// <c>{"type":"employment","entity":"alice@example.com","organization":"acme.com"}</c>: a person works for
/// an organisation. Verified only when the organisation's own chain asserts it.
/// </summary>
/// <param name="Entity">The employee (a person).</param>
/// <param name="Organization">The employer (an organisation, i.e. a domain).</param>
public sealed record EmploymentRelationship(EntityId Entity, EntityId Organization) : Relationship
{
    /// <summary>The <c>type</c> value of an employment relationship.</summary>
    public const string TypeName = "employment";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>The members <see cref="object.ToString"/> shows: a list as the items it holds (<see cref="Relationship.UnknownFields"/> too), not its type's name.</summary>
    /// <param name="builder">The text being built.</param>
    /// <returns>Whether any member was printed.</returns>
    protected override bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
