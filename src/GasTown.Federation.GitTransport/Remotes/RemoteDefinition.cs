using GasTown.Federation;

namespace GasTown.Federation.GitTransport;

/// <summary>What to register with <see cref="RemoteRegistry.Add(RemoteDefinition)"/>.</summary>
/// <param name="Name">The git remote name: <c>^[a-zA-Z][a-zA-Z0-9_-]*$</c>, at most 64 characters, not <c>origin</c>, <c>main</c>, <c>master</c> or <c>HEAD</c>.</param>
/// <param name="Url">The git URL: a local path (made absolute; a relative one must exist), <c>file://</c>, <c>git://</c>, <c>http(s)://</c>, <c>ssh://</c> or <c>user@host:path</c>.</param>
/// <param name="Chain">The chain the remote serves: a chain-kind gt:// URI (two segments, e.g. <c>gt://acme.com/engineering</c>).</param>
public sealed record RemoteDefinition(string Name, string Url, GtUri Chain)
{
    /// <summary>For a one-rig repository, the rig its work units belong to (<c>gtfed remote add ... --rig beads</c>).</summary>
    public string? Rig { get; init; }

    /// <summary>The branch to read, if not the default (<c>gt/published</c> for towns, <c>main</c>/<c>master</c> for one-rig repositories).</summary>
    public string? Branch { get; init; }
}
