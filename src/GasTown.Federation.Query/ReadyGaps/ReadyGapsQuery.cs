namespace GasTown.Federation.Query;

/// <summary>
/// The whole ready answer's unreachable items, chains and truncations: from the index without the answer's lists
/// (<see cref="IndexedReadyGaps"/>) when it can say them exactly, else taken from the whole answer (<see cref="ReadyQuery"/>),
/// which costs what the whole answer costs.
/// </summary>
internal static class ReadyGapsQuery
{
    public static async ValueTask<ReadyWorkGaps> RunAsync(QueryContext context, CancellationToken cancellationToken)
    {
        if (context.Index is { } index && await IndexedReadyGaps.TryRunAsync(context, index, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var whole = await ReadyQuery.RunAsync(context, cancellationToken).ConfigureAwait(false);
        return new ReadyWorkGaps(whole.Unreachable, whole.Chains, whole.Truncations) { OmittedUnreachable = whole.OmittedUnreachable };
    }
}
