namespace GasTown.Federation.Query;

/// <summary>
/// References resolved against the index as <see cref="ReferenceResolver"/> resolves them against a loaded chain: the
/// chain's routes, and the index's id lookup for the rig that holds a bare id. An id the index cannot place exactly (more
/// than one row of it) throws <see cref="IndexCannotAnswerException"/>, so the query loads the chains.
/// </summary>
internal static class IndexReferences
{
    /// <summary>The reference context of an available chain (<see cref="ReferenceResolver.ContextFor"/>), its id lookup answered by the index.</summary>
    /// <param name="reader">The index.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="currentRig">The rig a short form is read in, or null.</param>
    /// <param name="rigs">Where the lookups are remembered (one per id), or null.</param>
    public static WorkReferenceContext ContextFor(IQueryIndexReader reader, QueryIndexChain chain, string? currentRig, Dictionary<string, string?>? rigs = null)
        => chain.Routes.CreateReferenceContext(chain.Uri, currentRig, id =>
        {
            if (rigs is not null && rigs.TryGetValue(id, out var known))
            {
                return known;
            }

            var rig = reader.TryFindRig(chain.Uri, id, out var found) ? found : throw new IndexCannotAnswerException();
            rigs?.Add(id, rig);
            return rig;
        });

    /// <summary>
    /// A reference a user gave (a work unit's <c>gt://</c> URI, or a short form read against the local town, as
    /// <c>QueryContext.ResolveUserReferenceAsync</c> reads it); false when the index leaves it to a load (not a work-unit
    /// reference, no available local town, a short form that does not resolve: the load says why).
    /// </summary>
    public static bool TryResolveUserReference(QueryContext context, IQueryIndexReader reader, TouchedChains chains, string reference, out GtUri uri)
    {
        uri = default;
        if (!WorkReference.TryParse(reference, out var parsed))
        {
            return false;
        }

        if (parsed.Kind == WorkReferenceKind.Absolute)
        {
            uri = parsed.Uri;
            return parsed.Uri.Kind == GtUriKind.WorkUnit;
        }

        return reader.LocalChain is { } localUri && chains.Get(localUri) is { Unavailable: null } local
            && ReferenceResolver.TryResolve(ContextFor(reader, local, context.Options.CurrentRig), reference, out uri, out _);
    }
}
