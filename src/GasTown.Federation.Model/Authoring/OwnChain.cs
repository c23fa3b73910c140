using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Model;

/// <summary>
/// The town's own chain, as <see cref="TownWriter"/> reads a <c>gt://</c> URI against it: <c>gt://OWNER/NAME</c> from
/// <c>mayor/town.json</c> (<see cref="TownMetadata.TryGetChain"/>), compared whole, as the chain provider compares it
/// when a query finds the local town. So a URI the writer takes for one of this town's units is one every query reads as
/// that unit, and the reverse: a dependency a query would resolve inside this town is checked as a local one.
/// </summary>
internal sealed class OwnChain
{
    private OwnChain(GtUri? uri, string? problem)
    {
        Uri = uri;
        Problem = problem;
    }

    /// <summary>The town's chain, or null when its town.json gives it none (then no URI names this town).</summary>
    public GtUri? Uri { get; }

    /// <summary>Why <see cref="Uri"/> is null (which file or field is wrong), for a message; null when there is a chain.</summary>
    public string? Problem { get; }

    /// <summary>
    /// Reads the chain from the town's <c>mayor/town.json</c>. A town.json that is missing or cannot be read gives no
    /// chain, as it gives queries no local town: what no reader takes for this town's work is not checked as such either.
    /// </summary>
    /// <param name="townRoot">The town's root folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<OwnChain> ReadAsync(string townRoot, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await TownMetadata.LoadAsync(townRoot, cancellationToken).ConfigureAwait(false);
            return metadata.TryGetChain(out var chain, out var problem) ? new OwnChain(chain, null) : new OwnChain(null, $"{problem} in its {TownMetadata.RelativePath}");
        }
        catch (Exception ex) when (ex is TownMetadataException or IOException or UnauthorizedAccessException)
        {
            return new OwnChain(null, ex.Message);
        }
    }

    /// <summary>
    /// The id of this town's unit <paramref name="uri"/> names, when it names a work unit of this town's chain. The rig
    /// segment is only a hint, as <see cref="Chain.TryGetWorkUnit(GtUri, out ChainWorkUnit?)"/> reads it: an id names
    /// one unit of the chain, whichever rig the URI says.
    /// </summary>
    /// <param name="uri">A URI.</param>
    /// <param name="id">The unit's id in this town.</param>
    /// <returns>Whether <paramref name="uri"/> names a work unit of this town.</returns>
    public bool TryGetLocalId(GtUri uri, [NotNullWhen(true)] out string? id)
    {
        id = uri.Kind == GtUriKind.WorkUnit && Uri is { } own && uri.ChainUri == own ? uri.WorkId : null;
        return id is not null;
    }

    /// <summary>
    /// This town's id a stored dependency target names, or null when the target leaves the town: a bare id is one of
    /// this town's, a <c>gt://</c> or <c>hop://</c> URI is when it names this town's chain, and an <c>external:</c>
    /// reference (or any other text holding a colon) is not followed, as bd does not follow it.
    /// </summary>
    /// <param name="dependsOn">A dependency's <c>depends_on_id</c>.</param>
    public string? LocalIdOf(string dependsOn)
    {
        if (!dependsOn.Contains(':', StringComparison.Ordinal))
        {
            return dependsOn;
        }

        return dependsOn.Contains("://", StringComparison.Ordinal) && GtUri.TryParse(dependsOn, out var uri) && TryGetLocalId(uri, out var id) ? id : null;
    }

    /// <summary>The chain for a message: its URI, or that the town has none and why.</summary>
    public override string ToString() => Uri?.ToString() ?? $"none ({Problem})";
}
