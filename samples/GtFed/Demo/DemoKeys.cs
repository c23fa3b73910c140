using System.Globalization;
using GasTown.Federation.Identity;

namespace GtFed.Demo;

/// <summary>
/// The demo's keys, made with the SDK (no ssh-keygen needed): acme's owner key, which signs its publishes and its
/// grants, and the key acme grants its polecat <see cref="Agent"/> for a month.
/// </summary>
internal sealed record DemoKeys(string Folder, string OwnerKey, string AgentKey, string GrantExpires)
{
    /// <summary>The polecat whose key acme's owner grants.</summary>
    public const string Agent = "platform/polecats/rictus";

    public static async Task<DemoKeys> CreateAsync(string root, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, "keys");
        Directory.CreateDirectory(folder);
        var owner = Path.Combine(folder, "acme.com_ed25519");
        var agent = Path.Combine(folder, "rictus_ed25519");
        using (var key = SshSigningKey.Generate("mayor@acme.com"))
        {
            await key.SaveAsync(owner, cancellationToken).ConfigureAwait(false);
        }

        using (var key = SshSigningKey.Generate(Agent))
        {
            await key.SaveAsync(agent, cancellationToken).ConfigureAwait(false);
        }

        // Grants are checked against the real clock when others fetch, so the demo's grant runs from now.
        var expires = DateTime.UtcNow.Date.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new DemoKeys(folder, owner, agent, expires);
    }
}
