using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// What one publish may reveal, decided once from Model's own readers: the town's <see cref="TownMetadata"/>, its
/// <see cref="RouteTable"/> (with the reader's path normalisation, so <c>./secret</c> and <c>secret/</c> are the rig
/// <c>secret</c>) and the owner's <see cref="PublicationState"/>. One rule, <see cref="IsPublic(Route, string?, PublicationState)"/>,
/// says which routes are public; everything else is private. The relationship and event filters ask this plan,
/// through <see cref="PrivateReferenceScanner"/>, whether a text points into a private part.
/// </summary>
internal sealed class PublicationPlan
{
    private readonly Dictionary<string, string?> _identities;
    private readonly HashSet<string> _ownChains;
    private readonly HashSet<string> _publicRigs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _privateRigs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds the plan.</summary>
    /// <param name="town">The town's metadata.</param>
    /// <param name="routes">The town's routes.</param>
    /// <param name="identities">Each rig's identity (<see cref="RigIdentity"/>), or null for a rig without one.</param>
    /// <param name="state">What the owner has made public.</param>
    public PublicationPlan(TownMetadata town, RouteTable routes, IReadOnlyDictionary<string, string?> identities, PublicationState state)
    {
        Town = town;
        Routes = routes;
        State = state;
        _identities = new Dictionary<string, string?>(identities, StringComparer.Ordinal);
        _ownChains = new HashSet<string>(new[] { town.Name, town.PublicName }.OfType<string>().Where(n => n.Length > 0), StringComparer.OrdinalIgnoreCase);
        var publicRoutes = new List<Route>();
        foreach (var route in routes.Routes)
        {
            if (IsPublic(route))
            {
                publicRoutes.Add(route);
                if (!route.IsTownLevel)
                {
                    _publicRigs.Add(route.RigName);
                }
            }
            else if (!route.IsTownLevel)
            {
                _privateRigs.Add(route.RigName);
            }
        }

        PublicRoutes = publicRoutes;
    }

    /// <summary>The town's metadata.</summary>
    public TownMetadata Town { get; }

    /// <summary>The town's routes.</summary>
    public RouteTable Routes { get; }

    /// <summary>What the owner has made public.</summary>
    public PublicationState State { get; }

    /// <summary>The public routes, in file order.</summary>
    public IReadOnlyList<Route> PublicRoutes { get; }

    /// <summary>The public rigs' names, sorted.</summary>
    public IReadOnlyList<string> PublicRigNames => _publicRigs.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The one rule: the town-level route is public when the owner publishes town beads; a rig's route is public
    /// when the rig has an identity and that identity and the route's prefix were recorded together. Anything
    /// else, including every rig without an identity, is private.
    /// </summary>
    public static bool IsPublic(Route route, string? rigIdentity, PublicationState state)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(state);
        if (route.IsTownLevel)
        {
            return state.TownBeads;
        }

        return rigIdentity is not null && state.IsRecorded(rigIdentity, route.Prefix);
    }

    /// <summary>Whether <paramref name="route"/> is public under this plan.</summary>
    public bool IsPublic(Route route)
        => IsPublic(route, route.IsTownLevel ? null : _identities.GetValueOrDefault(route.RigName), State);

    /// <summary>Whether <paramref name="chain"/> names this town (its name or public name, in any case).</summary>
    public bool IsOwnChain(string chain) => _ownChains.Contains(chain);

    /// <summary>Whether <paramref name="rig"/> is exactly the name of a public rig.</summary>
    public bool IsPublicRigName(string rig) => _publicRigs.Contains(rig);

    /// <summary>Whether <paramref name="word"/> is the name of a private rig, in any case.</summary>
    public bool IsPrivateRigName(string word) => _privateRigs.Contains(word);

    /// <summary>The route of <paramref name="workId"/>: exactly as readers route it, else by a prefix that differs only in case.</summary>
    public Route? RouteOf(string workId)
    {
        if (Routes.TryRoute(workId, out var route))
        {
            return route;
        }

        return Routes.Routes.Where(r => workId.StartsWith(r.Prefix, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(r => r.Prefix.Length).FirstOrDefault();
    }

    /// <summary>Whether <paramref name="token"/> is (in any case) a work id of a private route.</summary>
    public bool RoutesToPrivate(string token)
    {
        if (Routes.TryRoute(token, out var exact))
        {
            return !IsPublic(exact);
        }

        // SC-1 is not routed by readers, but it plainly means sc-1 to a person.
        return token.Length > 0 && Routes.Routes.Any(r => token.Length > r.Prefix.Length
            && token.StartsWith(r.Prefix, StringComparison.OrdinalIgnoreCase) && !IsPublic(r));
    }
}
