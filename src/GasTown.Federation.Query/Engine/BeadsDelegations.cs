using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Delegations written in beads rather than in <c>federation/relationships.jsonl</c>, as claims of the chain that
/// holds them (upstream's two forms, issue 12):
/// <list type="bullet">
/// <item>a <c>delegated-from</c> dependency (beads, since 2026-01-10): the issue is the child, <c>depends_on_id</c> the parent;</item>
/// <item>gastown's <c>metadata.delegated_from</c> (since <c>bd557eece</c>, 2026-03-27): <c>{"parent","child",…}</c> (an
/// object, or that object as a JSON string), the child defaulting to the issue that carries it.</item>
/// </list>
/// They are claims like any other: <see cref="TrustEvaluator"/> decides whether they are followed, by the same
/// rules as relationships.jsonl (the parent's chain must assert a delegation for a walk to follow it).
/// </summary>
internal static class BeadsDelegations
{
    private static readonly DependencyType DelegatedFrom = new("delegated-from");

    /// <summary>
    /// Whether a unit holds either form of delegation, by the same tests <see cref="Claims(Chain)"/> makes (its dependency types;
    /// its parsed metadata, so a JSON escape in the property name changes nothing), before any reference is resolved. The
    /// index marks such units so that walks over their chain are left to the loaded claims.
    /// </summary>
    public static bool MayDelegate(WorkUnit unit)
        => unit.Dependencies.Any(d => d.Type == DelegatedFrom) || DelegatedFromMetadata(unit) is not null;

    public static IEnumerable<RelationshipClaim> Claims(Chain chain)
    {
        var context = ReferenceResolver.ContextFor(chain);
        foreach (var unit in chain.WorkUnits)
        {
            foreach (var claim in Claims(chain.Uri, chain.IsIdentityVerified, context, unit))
            {
                yield return claim;
            }
        }
    }

    /// <summary>
    /// The claims one unit of a chain makes (its <c>delegated-from</c> dependencies in order, then its metadata), each
    /// reference resolved in <paramref name="context"/>: what <see cref="Claims(Chain)"/> yields for that unit. The index
    /// calls it for each unit <see cref="MayDelegate"/> marks, with a context over its own rows.
    /// </summary>
    public static IEnumerable<RelationshipClaim> Claims(GtUri chainUri, bool identityVerified, WorkReferenceContext context, ChainWorkUnit unit)
    {
        foreach (var dependency in unit.Unit.Dependencies)
        {
            if (dependency.Type == DelegatedFrom && ReferenceResolver.TryResolve(context, dependency.DependsOnId, out var parent, out _))
            {
                yield return Claim(chainUri, identityVerified, new DelegationRelationship(parent, unit.Uri, CreatedAt: dependency.CreatedAt));
            }
        }

        if (FromMetadata(context, unit) is { } fromMetadata)
        {
            yield return Claim(chainUri, identityVerified, fromMetadata);
        }
    }

    private static RelationshipClaim Claim(GtUri chainUri, bool identityVerified, DelegationRelationship delegation) =>
        new(delegation, chainUri, TrustStatus.Unverified) { IsAsserterIdentityVerified = identityVerified };

    // metadata.delegated_from, as gastown bd557eece writes it (bd update --set-metadata=delegated_from=<json>).
    private static DelegationRelationship? FromMetadata(WorkReferenceContext context, ChainWorkUnit unit)
    {
        if (DelegatedFromMetadata(unit.Unit) is not { } value)
        {
            return null;
        }

        try
        {

            using var inner = value.ValueKind == JsonValueKind.String ? JsonDocument.Parse(value.GetString()!) : null;
            var delegation = inner?.RootElement ?? value;
            if (delegation.ValueKind != JsonValueKind.Object
                || !delegation.TryGetProperty("parent", out var parentText) || parentText.ValueKind != JsonValueKind.String
                || !ReferenceResolver.TryResolve(context, parentText.GetString()!, out var parent, out _))
            {
                return null;
            }

            var child = unit.Uri;
            if (delegation.TryGetProperty("child", out var childText) && childText.ValueKind == JsonValueKind.String
                && ReferenceResolver.TryResolve(context, childText.GetString()!, out var named, out _))
            {
                child = named;
            }

            return new DelegationRelationship(parent, child, Terms(delegation), Text(delegation, "delegated_by"), Text(delegation, "delegated_to"));
        }
        catch (JsonException)
        {
            // Malformed metadata is upstream's free-form data, not a delegation; the unit itself still reads.
            return null;
        }
    }

    private static JsonElement? DelegatedFromMetadata(WorkUnit unit)
        => unit.Metadata is { ValueKind: JsonValueKind.Object } metadata && metadata.TryGetProperty("delegated_from", out var value) ? value : null;

    private static DelegationTerms? Terms(JsonElement delegation)
    {
        if (!delegation.TryGetProperty("terms", out var terms) || terms.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var share = terms.TryGetProperty("credit_share", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var v) && v is >= 0 and <= 100 ? v : (int?)null;
        return new DelegationTerms(Text(terms, "portion"), Text(terms, "deadline"), Text(terms, "acceptance_criteria"), share);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
