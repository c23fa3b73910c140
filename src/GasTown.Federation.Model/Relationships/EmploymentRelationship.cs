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
}
