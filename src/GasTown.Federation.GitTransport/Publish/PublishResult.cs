using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>What a publish did.</summary>
/// <param name="Commit">The tip of the published branch after publishing (new or unchanged).</param>
/// <param name="Created">Whether a new commit was made (<see langword="false"/> when nothing public changed).</param>
/// <param name="PublicRigs">The rigs published, by name, sorted.</param>
/// <param name="Paths">Every file path in the published tree, sorted.</param>
/// <param name="MissingRigs">Rigs made public earlier whose folder (with its publication marker) or route is gone (nothing is published for them; name them again to publish them).</param>
/// <param name="PushedTo">The remote pushed to, or <see langword="null"/> when no push was asked for.</param>
public sealed record PublishResult(
    string Commit,
    bool Created,
    IReadOnlyList<string> PublicRigs,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> MissingRigs,
    string? PushedTo)
{
    /// <summary>The rigs this call withdrew from publication (<see cref="TownPublisher.WithdrawAsync"/>); empty for a publish.</summary>
    public IReadOnlyList<string> WithdrawnRigs { get; init; } = [];

    /// <summary>The fingerprint of the key that signed the new commit (<c>SHA256:…</c>), or null when it is unsigned or no commit was made.</summary>
    public string? SigningKeyFingerprint { get; init; }

    /// <summary>The branch published to: <see cref="FederationRepository.PublishedBranch"/>.</summary>
    public string Branch => FederationRepository.PublishedBranch;

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
