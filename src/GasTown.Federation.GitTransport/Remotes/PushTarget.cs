using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A push target (<see cref="RemoteRegistry.AddPushTarget"/>): a git remote of the town's federation repository that serves
/// no chain, which a publish can push the published branch to (<see cref="PublishOptions.PushRemote"/>). Queries never read it.
/// </summary>
/// <param name="Name">The git remote name, e.g. <c>backup</c>.</param>
/// <param name="Url">The git URL pushed to.</param>
public sealed record PushTarget(string Name, string Url)
{
    /// <summary><see cref="Url"/> as it may be shown (logs, errors, listings): a password written into it is replaced by <c>***</c>.</summary>
    public string DisplayUrl => UrlCredentials.Redacted(Url);

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
