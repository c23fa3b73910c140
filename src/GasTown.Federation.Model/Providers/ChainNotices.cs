namespace GasTown.Federation.Model;

/// <summary>The notices a loaded chain carries by itself, whoever provides it (said once, here, for every provider).</summary>
public static class ChainNotices
{
    /// <summary>The chain's own notices: identity not proven, lines dropped, diagnostics omitted.</summary>
    /// <param name="chain">The chain.</param>
    /// <returns>The notices, in that order.</returns>
    public static IReadOnlyList<ChainNotice> For(Chain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var notices = new List<ChainNotice>();
        if (ForIdentity(chain.Uri, chain.IdentityStatus) is { } identity)
        {
            notices.Add(identity);
        }

        notices.AddRange(ForContent(chain));
        return notices;
    }

    /// <summary>
    /// The notices of what the chain's files hold, after the identity notice: lines dropped, diagnostics omitted (also
    /// stored by the federation index for a chain whose only irregularities are lines, to say them without loading it).
    /// </summary>
    internal static IReadOnlyList<ChainNotice> ForContent(Chain chain)
    {
        var notices = new List<ChainNotice>();
        if (chain.DroppedLineCount > 0)
        {
            var reasons = chain.DroppedLines.GroupBy(d => d.Reason).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Describe(g.Key)}");
            var first = chain.DroppedLines[0];
            notices.Add(new ChainNotice(ChainNoticeKind.LinesDropped,
                $"{chain.Uri}: {chain.DroppedLineCount} line(s) of its issues files hold no work unit a query can see ({string.Join(", ", reasons)}{(chain.DroppedLineCount > chain.DroppedLines.Count ? ", and more not itemised" : string.Empty)}); the first is in {first.Path}{(first.LineNumber > 0 ? $" line {first.LineNumber}" : string.Empty)}."));
        }

        if (chain.OmittedDiagnosticCount > 0)
        {
            notices.Add(new ChainNotice(ChainNoticeKind.DiagnosticsOmitted,
                $"{chain.Uri} has {chain.Diagnostics.Count + chain.OmittedDiagnosticCount} problems in its files; the first {chain.Diagnostics.Count} are kept (ChainLimits.MaxDiagnostics)."));
        }

        return notices;
    }

    /// <summary>The notice a chain's identity status carries, or null when its identity is verified (also said by the federation index for a chain it answers without loading).</summary>
    internal static ChainNotice? ForIdentity(GtUri chain, ChainIdentityStatus status) => status switch
    {
        ChainIdentityStatus.NoOwner => new ChainNotice(ChainNoticeKind.IdentityUnverified,
            $"{chain} has a town.json without owner: who owns it cannot be verified, and what it asserts is unverified."),
        ChainIdentityStatus.SingleRig => new ChainNotice(ChainNoticeKind.IdentityUnverified,
            $"{chain} is a one-rig repository: who owns it cannot be verified, and what it asserts is unverified."),
        _ => null,
    };

    private static string Describe(DroppedLineReason reason) => reason switch
    {
        DroppedLineReason.InvalidJson => "not JSON",
        DroppedLineReason.InvalidRecord => "not a work unit",
        DroppedLineReason.MissingId => "without id",
        DroppedLineReason.InvalidUtf8 => "with invalid UTF-8",
        DroppedLineReason.LineTooLong => "over the line-length limit",
        DroppedLineReason.NestedTooDeep => "nested too deep",
        DroppedLineReason.TruncatedLastLine => "cut off",
        DroppedLineReason.RepeatedId => "whose id a later line repeats",
        DroppedLineReason.IdInAnotherRig => "whose id another rig holds",
        _ => "with an id no gt:// URI can name",
    };
}
