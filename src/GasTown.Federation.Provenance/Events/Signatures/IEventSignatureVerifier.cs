using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Checks the signatures of a chain's <c>.events.jsonl</c> lines against the keys the town trusts for the chain's
/// entity and the agent grants the chain carries. GitTransport registers one; without it, audits do not judge lines.
/// </summary>
public interface IEventSignatureVerifier
{
    /// <summary>Judges each line of <paramref name="chain"/>'s event log.</summary>
    /// <param name="chain">The chain the lines come from (its entity names the keys; its tree holds the grants).</param>
    /// <param name="lines">The lines, as read (without newlines).</param>
    /// <param name="cancellationToken">Cancels reading the keys and grants.</param>
    /// <returns>One verdict per line, in order.</returns>
    ValueTask<IReadOnlyList<EventLineProof>> VerifyAsync(Chain chain, IReadOnlyList<string> lines, CancellationToken cancellationToken = default);
}
