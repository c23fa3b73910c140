using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>What one refresh did to one chain.</summary>
/// <param name="Chain">The chain.</param>
/// <param name="Updated">Whether it was (re)indexed; false when its tip or file stamps had not changed.</param>
/// <param name="LinesParsed">Lines parsed in this pass (an unchanged line is not parsed again).</param>
/// <param name="Units">Work units indexed for the chain after the pass.</param>
/// <param name="Unavailable">Why the chain is unavailable, or null.</param>
/// <param name="Message">
/// What went wrong and what to do, when unavailable; when an older snapshot answers because the newest was refused, why.
/// </param>
public sealed record ChainRefresh(GtUri Chain, bool Updated, long LinesParsed, long Units, ChainUnavailableReason? Unavailable, string? Message);
