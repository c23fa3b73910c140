using GasTown.Federation.Model.Internal;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Query;

/// <summary>
/// The list a continuation token continues: its kind (a <see cref="QueryPageToken"/> letter) and a fingerprint of what
/// selects it (the remote, organisation, project, search text, actor pattern or unit, and the filter; a project or unit
/// as its reference resolved). A token carries both,
/// so a token from one remote's list given to another's, or to the same list with another filter, is refused instead
/// of silently starting another list part-way.
/// </summary>
internal readonly record struct PagedList(char Kind, string Fingerprint)
{
    // A remote's list is fingerprinted by its chain, not by how it was named: its name and its gt:// URI continue each other.
    public static PagedList Remote(GtUri chain, WorkFilter filter) => Of(QueryPageToken.Remote, chain.ChainUri.ToString(), filter);

    public static PagedList Organization(EntityId organization, WorkFilter filter) => Of(QueryPageToken.List, organization.ToString(), filter);

    // A project and a unit are fingerprinted by what the reference resolved to, not by how it was typed: a short form, a
    // URI with or without its rig, and a host's link continue the same list with the same token.
    public static PagedList Project(GtUri project, bool includeDelegated, WorkFilter filter) =>
        Of(QueryPageToken.Project, WorkUnitKey.Of(project) + (includeDelegated ? "\n+delegated" : "\n"), filter);

    // The words in lower case, as the full-text index folds them: "Target" continues "target".
    public static PagedList Search(EntityId organization, string text, WorkFilter filter) => Of(QueryPageToken.Search, organization + "\n" + text.ToLowerInvariant(), filter);

    public static PagedList Ready(WorkFilter filter) => Of(QueryPageToken.Ready, string.Empty, filter);

    // Not `since`: it only moves where the newest-first audit ends, so a position in one cut is the same position in
    // another, and a host given a relative time ("7d", as gtfed is) computes a later instant for every page. The pattern
    // matches ignoring case (ActorPattern.Equals), so its fingerprint does too.
    public static PagedList Audit(ActorPattern pattern) =>
        Of(QueryPageToken.Audit, pattern.Pattern.ToUpperInvariant(), WorkFilter.None);

    public static PagedList Dependents(GtUri target) => Of(QueryPageToken.Dependents, WorkUnitKey.Of(target), WorkFilter.None);

    /// <summary>What the list is, for a message: "a remote list".</summary>
    public string Description => Kind switch
    {
        QueryPageToken.List => "an organisation list",
        QueryPageToken.Search => "an organisation search",
        QueryPageToken.Remote => "a remote list",
        QueryPageToken.Ready => "a ready-work list",
        QueryPageToken.Audit => "an audit",
        QueryPageToken.Dependents => "a list of dependents",
        _ => "a project list",
    };

    private static PagedList Of(char kind, string selector, WorkFilter filter) =>
        new(kind, ListFingerprint.Of(selector, filter.Status?.ToString(), filter.IssueType?.ToString()));
}
