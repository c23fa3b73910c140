using System.Text.Json.Serialization;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// A relationship claim a query saw but did not count, with <see cref="TrustEvaluator"/>'s verdict on it: the
/// chain that asserts it lacks the authority (employment claimed only by the member's own chain, a delegation the
/// parent's chain does not assert, a chain whose identity is unverified speaking for an organisation).
/// </summary>
/// <param name="Relationship">The relationship as the chain wrote it.</param>
/// <param name="AssertedBy">The chain that asserts it, <c>gt://entity/chain</c>.</param>
/// <param name="Status">The evaluator's verdict (<see cref="TrustStatus.Claimed"/> or <see cref="TrustStatus.Unverified"/>).</param>
/// <param name="Reason">The evaluator's reason, and what would verify it.</param>
[JsonConverter(typeof(UnverifiedClaimJsonConverter))]
public sealed record UnverifiedClaim(Relationship Relationship, GtUri AssertedBy, TrustStatus Status, string Reason)
{
    /// <summary>The relationship type as written: <c>employment</c>, <c>delegation</c>, …</summary>
    public string Type => Relationship.Type;

    /// <summary>Who or what the claim is about: the member entity, the delegated child URI, the referring work unit.</summary>
    public string Subject => Relationship switch
    {
        EmploymentRelationship e => e.Entity.Value,
        DelegationRelationship d => d.Child.ToString(),
        CrossReferenceRelationship x => x.Source.ToString(),
        _ => string.Empty,
    };

    /// <summary>The other side: the organisation, the delegating parent URI, the first referenced work unit.</summary>
    public string Object => Relationship switch
    {
        EmploymentRelationship e => e.Organization.Value,
        DelegationRelationship d => d.Parent.ToString(),
        CrossReferenceRelationship { References.Count: > 0 } x => x.References[0].Target.ToString(),
        _ => string.Empty,
    };

    /// <summary>The claim as the evaluator judged it.</summary>
    internal static UnverifiedClaim From(RelationshipClaim evaluated) =>
        new(evaluated.Relationship, evaluated.AssertedBy.ChainUri, evaluated.Status,
            evaluated.Reason ?? "no chain with the authority over this relationship asserts it");
}
