using GasTown.Federation;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>The answer to "which work unit is this gt:// URI": the unit if found, the chain it came from, and how old the data is.</summary>
/// <param name="Uri">The absolute URI that was looked up.</param>
/// <param name="WorkUnit">The work unit, or <see langword="null"/> when it was not found or its chain is unavailable.</param>
/// <param name="ChainResult">The chain lookup behind the answer (unavailability reason, message, data age).</param>
/// <param name="Message">Why nothing was found, or a note about the data (offline answer, unverified one-rig chain); <see langword="null"/> when there is nothing to say.</param>
public sealed record WorkUnitResolution(GtUri Uri, ChainWorkUnit? WorkUnit, ChainResult ChainResult, string? Message)
{
    /// <summary>Whether the work unit was found.</summary>
    public bool Found => WorkUnit is not null;

    /// <summary>The commit the answer was read from (remote chains), or <see langword="null"/> for the live local town.</summary>
    public string? Commit => ChainResult.Chain?.Revision;

    /// <summary>When the data was fetched (remote chains), or <see langword="null"/> for the live local town.</summary>
    public DateTimeOffset? DataAsOf => ChainResult.DataAsOf;
}
