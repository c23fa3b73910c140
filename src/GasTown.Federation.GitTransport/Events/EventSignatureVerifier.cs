using GasTown.Federation.Identity;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Judges event lines (<see cref="SignedEventLine"/>) with the keys this town trusts for the chain's entity
/// (<see cref="TrustedKeyStore"/>; for the town's own chain, its signing key too) and the owner-signed grants in the
/// chain's own <c>federation/grants.jsonl</c> (the snapshot's for a remote, the town's file for the local chain).
/// </summary>
internal sealed class EventSignatureVerifier(TrustedKeyStore keys, TownPublisher publisher, GitTransportOptions options) : IEventSignatureVerifier
{
    public async ValueTask<IReadOnlyList<EventLineProof>> VerifyAsync(Chain chain, IReadOnlyList<string> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.All(l => !l.Contains("\"" + SignedEventLine.FieldName + "\"", StringComparison.Ordinal)))
        {
            // Upstream's lines: nothing to check, no key or grant to read.
            return [.. lines.Select(_ => EventLineProof.Unsigned)];
        }

        var owner = new List<SshPublicKey>(keys.Get(chain.Entity)?.Keys ?? []);
        if (IsLocal(chain) && await publisher.GetSigningKeyAsync(cancellationToken).ConfigureAwait(false) is { } own && !owner.Contains(own))
        {
            owner.Add(own);
        }

        var grants = AgentGrants.Empty;
        if (owner.Count > 0 && await AgentGrantsFile.ReadAsync(chain.Source, cancellationToken).ConfigureAwait(false) is { } file)
        {
            grants = AgentGrants.Read(file.Span, owner);
        }

        return [.. lines.Select(line => ToProof(SignedEventLine.Verify(line, owner, grants)))];
    }

    // The town's own chain is read from its folder (no revision); a fetched chain always names its snapshot's commit.
    private bool IsLocal(Chain chain) => chain.Revision is null && chain.Source.Description.Contains(options.TownRoot, StringComparison.Ordinal);

    private static EventLineProof ToProof(EventSignatureCheck check) => new(
        check.Status switch
        {
            EventSignatureStatus.Unsigned => EventSignatureState.Unsigned,
            EventSignatureStatus.OwnerKey => EventSignatureState.SignedByKey,
            EventSignatureStatus.AgentGrant => EventSignatureState.ViaGrant,
            EventSignatureStatus.UnknownKey => EventSignatureState.UnknownKey,
            EventSignatureStatus.GrantExpired => EventSignatureState.GrantExpired,
            EventSignatureStatus.GrantRevoked => EventSignatureState.GrantRevoked,
            EventSignatureStatus.WrongAgent => EventSignatureState.WrongAgent,
            _ => EventSignatureState.BadSignature,
        },
        check.Signer?.Fingerprint,
        check.Agent,
        check.Problem);
}
