using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The remotes' entries of a federation repository's configuration, read in one pass. LibGit2Sharp's
/// <c>Configuration.Get</c> snapshots the whole configuration on every call, and enumerating
/// <c>Network.Remotes</c> looks each remote up again, so reading a hundred remotes key by key cost most of a second
/// in every process (quadratic in the number of remotes); one pass costs a few milliseconds.
/// </summary>
internal sealed class RemoteConfigSnapshot
{
    private readonly Repository _repo;
    private readonly Dictionary<string, string?> _values;

    // A url.<base>.insteadOf rule rewrites the URLs git fetches from; only libgit2's own remote lookup applies it.
    private readonly bool _rewritesUrls;

    public RemoteConfigSnapshot(Repository repo)
    {
        _repo = repo;
        // Names as libgit2 reports them: section and variable lower-cased, the remote's name as written.
        _values = LatestConfigEntries.Of(repo.Config.Find(@"^(remote\..+\.(url|gturi|gtrig|gtbranch|gtfetchedat|gtfetchfailure|gtverifiedfetchedat)|url\..+\.insteadof)$"));
        _rewritesUrls = _values.Keys.Any(key => key.StartsWith("url.", StringComparison.Ordinal));
    }

    /// <summary>The names of the remotes that name a chain (a <c>gtUri</c> entry) and have a URL.</summary>
    public IEnumerable<string> ChainRemoteNames => RemotesWith(RemoteRegistry.ChainKey).Where(name => Get(name, "url") is not null);

    /// <summary>The names of the remotes that have a URL and name no chain: push targets, and remotes added with git itself.</summary>
    public IEnumerable<string> PlainRemoteNames => RemotesWith("url").Where(name => Get(name, RemoteRegistry.ChainKey) is null);

    // The names of the remotes that have a value for the entry (remote.NAME.KEY).
    private IEnumerable<string> RemotesWith(string key)
    {
        var suffix = "." + key.ToLowerInvariant();
        foreach (var (entry, value) in _values)
        {
            if (value is not null && entry.StartsWith("remote.", StringComparison.Ordinal) && entry.EndsWith(suffix, StringComparison.Ordinal)
                && entry.Length > "remote.".Length + suffix.Length)
            {
                yield return entry["remote.".Length..^suffix.Length];
            }
        }
    }

    /// <summary>One of a remote's entries (<see cref="RemoteRegistry.ChainKey"/>, …), or null when it has none.</summary>
    public string? Get(string name, string key)
        => _values.TryGetValue(RemoteRegistry.Key(name, key.ToLowerInvariant()), out var value) ? value : null;

    /// <summary>The URL git fetches the remote from: as written, or as libgit2 rewrites it when an insteadOf rule exists.</summary>
    public string Url(string name) => _rewritesUrls && _repo.Network.Remotes[name] is { } remote ? remote.Url : Get(name, "url")!;
}
