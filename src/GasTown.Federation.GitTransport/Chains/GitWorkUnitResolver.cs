using GasTown.Federation;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Resolves a gt:// URI — or a short form (<c>gt-xyz</c>, <c>gastown/gt-xyz</c>, <c>./gt-xyz</c>,
/// <c>external:rig:id</c>) in a context — to the work unit, through an <see cref="IChainProvider"/>
/// (normally <see cref="GitChainProvider"/>), with the commit and the age of the data. It asks with
/// <see cref="ChainFetchMode.ProviderPolicy"/>: a resolver is an explicit lookup, so the provider fetches a remote
/// when its <see cref="GitTransportOptions.FetchPolicy"/> says the stored data is missing or old.
/// </summary>
public sealed class GitWorkUnitResolver
{
    private readonly IChainProvider _chains;

    /// <summary>Creates a resolver over <paramref name="chains"/>.</summary>
    /// <param name="chains">Where chains come from.</param>
    public GitWorkUnitResolver(IChainProvider chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        _chains = chains;
    }

    /// <summary>Resolves an absolute work-unit URI.</summary>
    /// <param name="uri">A work-unit gt:// URI (3 segments routed by prefix, or 4 naming the rig).</param>
    /// <param name="cancellationToken">Cancels fetching and loading.</param>
    /// <returns>The work unit, or why it was not found.</returns>
    /// <exception cref="ArgumentException"><paramref name="uri"/> does not name a work unit.</exception>
    public async ValueTask<WorkUnitResolution> ResolveAsync(GtUri uri, CancellationToken cancellationToken = default)
    {
        if (uri.Kind != GtUriKind.WorkUnit)
        {
            throw new ArgumentException($"'{uri}' does not name a work unit; use gt://<entity>/<chain>/[<rig>/]<id>.", nameof(uri));
        }

        var chainResult = await _chains.GetChainAsync(uri.ChainUri, ChainFetchMode.ProviderPolicy, cancellationToken).ConfigureAwait(false);
        if (chainResult.Chain is not { } chain)
        {
            return new WorkUnitResolution(uri, null, chainResult, chainResult.Message ?? $"The chain {uri.ChainUri} is unavailable ({chainResult.Unavailable}).");
        }

        if (!chain.TryGetWorkUnit(uri.WorkId!, out var unit))
        {
            return new WorkUnitResolution(uri, null, chainResult, Join($"{uri.WorkId} is not in {uri.ChainUri}{At(chain)}.", chainResult.Message));
        }

        if (uri.Rig is { } rig && !string.Equals(unit.Rig, rig, StringComparison.Ordinal))
        {
            return new WorkUnitResolution(uri, null, chainResult,
                Join($"{uri.WorkId} is in rig '{unit.Rig}' of {uri.ChainUri}, not in rig '{rig}' (its URI is {unit.Uri}).", chainResult.Message));
        }

        return new WorkUnitResolution(uri, unit, chainResult, chainResult.Message);
    }

    /// <summary>Resolves a reference (absolute or short form) against a context, then the work unit.</summary>
    /// <param name="reference">The reference as parsed.</param>
    /// <param name="context">The current chain (and rig) short forms are relative to.</param>
    /// <param name="cancellationToken">Cancels fetching and loading.</param>
    /// <returns>The work unit, or why it was not found.</returns>
    /// <exception cref="ArgumentException">The reference cannot be resolved in the context.</exception>
    public ValueTask<WorkUnitResolution> ResolveAsync(WorkReference reference, WorkReferenceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!reference.TryResolve(context, out var uri, out var error))
        {
            throw new ArgumentException($"The reference '{reference}' cannot be resolved: {error}", nameof(reference));
        }

        return ResolveAsync(uri, cancellationToken);
    }

    private static string At(Chain chain) => chain.Revision is { } revision ? $" at {revision[..Math.Min(7, revision.Length)]}" : "";

    private static string Join(string first, string? second) => second is null ? first : first + " " + second;
}
