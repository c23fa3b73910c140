using GasTown.Federation.Query;

namespace GtWeb.Api;

/// <summary>
/// A list of one remote whose chain could not be read at all has no answer: it is a failure with the unreachable reason
/// (502 for a fetch that failed or never happened), not 200 with "0 work units" and the cause only in <c>unreachable</c>,
/// which reads as an empty remote. gtfed says the same (<c>gtfed list --remote NAME --json</c> exits 3 with an error
/// document), and the API answers what gtfed does. The one rule for the API (whole or paged) and the remote page.
/// </summary>
internal static class UnreadRemote
{
    /// <summary>Throws the SDK's unavailable-chain failure when <paramref name="result"/> has no items because its chain could not be read.</summary>
    public static void ThrowIfUnread(WorkListResult result)
    {
        // A remote read whole and holding nothing (or nothing of the status asked for) has no unreachable entry: that is an answer.
        if (result.Items.Count == 0 && result.Unreachable.FirstOrDefault() is { } cause)
        {
            throw new FederationQueryException(FederationQueryError.Unavailable, cause.Message, cause.Target) { Reason = cause.Reason };
        }
    }
}
