using GasTown.Federation.Identity;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Signs the town's event lines with the key its publishes are signed with (<see cref="GitTransportOptions.SigningKeyPath"/>,
/// else git's <c>user.signingKey</c> with <c>gpg.format=ssh</c>): an agent run with its own key signs as the agent, through
/// the owner's grant. Lines appended to another town than this transport's are left unsigned.
/// </summary>
internal sealed class ConfiguredKeyEventSigner(FederationRepository repository, GitTransportOptions options) : IEventLineSigner
{
    public async ValueTask<IEventLineSigning?> BeginAsync(string townRoot, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(Path.GetFullPath(townRoot).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(options.TownRoot).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            return null;
        }

        // No federation repository yet means no git setting either; only an explicit key path can sign.
        if (options.SigningKeyPath is null && !repository.Exists)
        {
            return null;
        }

        var key = await CommitSigning.LoadKeyAsync(repository, options, cancellationToken).ConfigureAwait(false);
        return key is null ? null : new Signing(key);
    }

    private sealed class Signing(SshSigningKey key) : IEventLineSigning
    {
        public string Sign(string unsignedLine) => SignedEventLine.Sign(unsignedLine, key);

        public void Dispose() => key.Dispose();
    }
}
