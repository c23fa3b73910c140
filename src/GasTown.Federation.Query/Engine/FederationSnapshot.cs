using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Query;

/// <summary>
/// The <see cref="FederationGraph"/> of a set of loaded chains, with the work unit behind each node
/// (null for nodes that are only referenced: an unloaded chain, a missing id) and the delegations and
/// unresolvable references met while building it.
/// </summary>
internal sealed class FederationSnapshot
{
    private FederationSnapshot(
        FederationGraph graph,
        GtUri[] nodeUris,
        ChainWorkUnit?[] units,
        IReadOnlyList<DelegationLink> delegations,
        IReadOnlyList<UnverifiedClaim> unverifiedDelegations,
        IReadOnlyList<UnresolvedReference> unresolved)
    {
        Graph = graph;
        NodeUris = nodeUris;
        Units = units;
        Delegations = delegations;
        UnverifiedDelegations = unverifiedDelegations;
        Unresolved = unresolved;
    }

    public FederationGraph Graph { get; }

    /// <summary>The URI each node was created from (the work unit's own URI when it has one).</summary>
    public GtUri[] NodeUris { get; }

    public ChainWorkUnit?[] Units { get; }

    public IReadOnlyList<DelegationLink> Delegations { get; }

    public IReadOnlyList<UnverifiedClaim> UnverifiedDelegations { get; }

    public IReadOnlyList<UnresolvedReference> Unresolved { get; }

    public bool TryGetNode(GtUri workUnit, out int node) => Graph.TryGetNode(WorkUnitKey.Of(workUnit), out node);

    public static FederationSnapshot Build(IReadOnlyList<Chain> chains, IReadOnlyList<RelationshipClaim> claims, ILogger logger)
    {
        var builder = new FederationGraphBuilder();
        var uris = new List<GtUri>();
        var units = new List<ChainWorkUnit?>();

        int Node(GtUri uri, ChainWorkUnit? unit)
        {
            var id = builder.AddNode(WorkUnitKey.Of(uri));
            if (id == uris.Count)
            {
                uris.Add(uri);
                units.Add(unit);
            }
            else if (unit is not null && units[id] is null)
            {
                uris[id] = uri;
                units[id] = unit;
            }

            return id;
        }

        // Nodes for every work unit first, so references between chains land on real units.
        foreach (var chain in chains)
        {
            foreach (var unit in chain.WorkUnits)
            {
                Node(unit.Uri, unit);
            }
        }

        var unresolved = new List<UnresolvedReference>();
        foreach (var chain in chains)
        {
            var context = ReferenceResolver.ContextFor(chain);
            foreach (var unit in chain.WorkUnits)
            {
                var source = Node(unit.Uri, unit);
                foreach (var dependency in unit.Unit.Dependencies)
                {
                    var kind = FederationEdgeKindExtensions.FromDependencyType(dependency.Type.Value);
                    if (ReferenceResolver.TryResolve(context, dependency.DependsOnId, out var target, out var error))
                    {
                        builder.AddEdge(source, Node(target, null), kind);
                    }
                    else
                    {
                        Log.UnresolvableReference(logger, dependency.DependsOnId, unit.Uri.ToString(), error ?? "unknown");
                        unresolved.Add(new UnresolvedReference(source, dependency.DependsOnId, kind, error ?? "The reference could not be resolved."));
                    }
                }
            }
        }

        var delegations = new List<DelegationLink>();
        var unverified = new List<UnverifiedClaim>();
        AddRelationships(claims, builder, Node, delegations, unverified);

        return new FederationSnapshot(builder.Build(), [.. uris], [.. units], delegations, unverified, unresolved);
    }

    private static void AddRelationships(
        IReadOnlyList<RelationshipClaim> claims,
        FederationGraphBuilder builder,
        Func<GtUri, ChainWorkUnit?, int> node,
        List<DelegationLink> delegations,
        List<UnverifiedClaim> unverified)
    {
        // Every verdict is the evaluator's: a cross-reference counts when verified (its source's chain asserts it);
        // a delegation is followed when the chain with the authority (the parent's) asserts it, and is accepted by
        // the child when the evaluator verifies it (both chains say so).
        foreach (var claim in claims)
        {
            if (claim.Relationship is CrossReferenceRelationship x && claim.Status == TrustStatus.Verified)
            {
                foreach (var reference in x.References)
                {
                    builder.AddEdge(node(x.Source, null), node(reference.Target, null), FederationEdgeKind.CrossReference);
                }
            }
        }

        foreach (var followed in FollowedDelegation.Select(claims, unverified))
        {
            var relationship = followed.Relationship;
            var parentNode = node(relationship.Parent, null);
            var childNode = node(relationship.Child, null);
            builder.AddEdge(parentNode, childNode, FederationEdgeKind.Delegation);
            delegations.Add(new DelegationLink(parentNode, childNode, relationship.Parent, relationship.Child, relationship, followed.AcceptedByChild));
        }
    }
}
