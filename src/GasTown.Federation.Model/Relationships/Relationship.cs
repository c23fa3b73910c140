namespace GasTown.Federation.Model;

/// <summary>
/// One relationship a chain asserts in its <c>federation/relationships.jsonl</c> (DESIGN §5): an
/// <see cref="EmploymentRelationship"/>, a <see cref="DelegationRelationship"/> or a
/// <see cref="CrossReferenceRelationship"/>; types this SDK does not know are kept as <see cref="UnknownRelationship"/>.
/// </summary>
/// <remarks>
/// A relationship is only a claim until <see cref="TrustEvaluator"/> has checked that the chain asserting
/// it has the authority to (see <see cref="RelationshipClaim"/>).
/// </remarks>
public abstract record Relationship
{
    /// <summary>The <c>type</c> key written to the file: <c>employment</c>, <c>delegation</c>, <c>cross_reference</c>, or another.</summary>
    public abstract string Type { get; }

    /// <summary>Keys this SDK does not know, in file order; written back after the known keys so no field is ever lost.</summary>
    public IReadOnlyList<UnknownJsonField> UnknownFields { get; init; } = [];
}
