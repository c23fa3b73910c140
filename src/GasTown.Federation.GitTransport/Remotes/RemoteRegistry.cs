using System.Globalization;
using System.Text.RegularExpressions;
using GasTown.Federation;
using GasTown.Federation.Model;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Adds, lists and removes the chains a town follows. Each is an ordinary git remote of the
/// <see cref="FederationRepository"/> (so <c>git remote -v</c> shows it) whose fetch refspecs name only the
/// branch the remote publishes (e.g. <c>+refs/heads/gt/published:refs/remotes/&lt;name&gt;/gt/published</c>,
/// never <c>refs/heads/*</c>), plus git config keys beside the URL:
/// <c>remote.&lt;name&gt;.gtUri</c> (the chain), <c>gtRig</c> (one-rig repositories),
/// <c>gtBranch</c> (an explicit branch), <c>gtFetchedAt</c> (the last successful fetch) and <c>gtFetchFailure</c> (a
/// fetch that failed since: when, why and its message, one line).
/// </summary>
/// <remarks>
/// <para>Thread-safe. The list is cached and re-read whenever the repository's config file (or the town's
/// town.json) changes on disk.</para>
/// <para>No remote may serve the town's own chain (<c>gt://&lt;owner&gt;/&lt;name&gt;</c> from its town.json): queries
/// must read the town itself. <see cref="Add(RemoteDefinition)"/> refuses one with
/// <see cref="RemoteShadowsTownException"/>, and one that is already in git config (added by hand or by an older
/// version) is left out of <see cref="List"/> with a warning. Sending the town's own published branch elsewhere is
/// a push target (<see cref="AddPushTarget"/>), which queries never read.</para>
/// </remarks>
public sealed partial class RemoteRegistry
{
    /// <summary>The longest remote name accepted (upstream's peer-name limit).</summary>
    public const int MaxNameLength = 64;

    internal const string ChainKey = "gtUri";
    internal const string RigKey = "gtRig";
    internal const string BranchKey = "gtBranch";
    internal const string FetchedAtKey = "gtFetchedAt";
    internal const string FetchFailureKey = "gtFetchFailure";
    internal const string VerifiedFetchedAtKey = "gtVerifiedFetchedAt";

    // The most of a failed fetch's message kept in git config (one line, its control characters made spaces).
    private const int MaxRecordedMessageLength = 2000;

    // Upstream reserves these (FEDERATION-SETUP.md); we compare case-insensitively because refs
    // live in files and a case-insensitive file system would merge "HEAD" and "head".
    private static readonly string[] s_reservedNames = ["origin", "main", "master", "HEAD"];
    private static readonly string[] s_urlSchemes = ["file", "git", "http", "https", "ssh", "git+ssh", "ssh+git"];

    private readonly FederationRepository _repository;
    private readonly string _configPath;
    private readonly ILogger _logger;
    private readonly Lock _cacheGate = new();
    private CachedList? _cache;

    /// <summary>Creates the registry of <paramref name="repository"/>.</summary>
    /// <param name="repository">The town's federation repository.</param>
    /// <param name="logger">Where registrations are logged; optional.</param>
    public RemoteRegistry(FederationRepository repository, ILogger<RemoteRegistry>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _configPath = System.IO.Path.Combine(repository.Path, "config");
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The federation repository the remotes live in.</summary>
    public FederationRepository Repository => _repository;

    /// <summary>Registers a chain as a git remote.</summary>
    /// <param name="name">The remote name (see <see cref="RemoteDefinition.Name"/> for the rules).</param>
    /// <param name="url">The git URL.</param>
    /// <param name="chain">The chain-kind gt:// URI it serves.</param>
    /// <param name="rig">For a one-rig repository, its rig name.</param>
    /// <returns>The registered remote.</returns>
    /// <exception cref="InvalidRemoteException">A value is not acceptable; <see cref="InvalidRemoteException.Field"/> says which.</exception>
    /// <exception cref="RemoteAlreadyExistsException">The name or the chain is already registered.</exception>
    /// <exception cref="RemoteShadowsTownException">The chain is the town's own.</exception>
    public RegisteredRemote Add(string name, string url, GtUri chain, string? rig = null)
        => Add(new RemoteDefinition(name, url, chain) { Rig = rig });

    /// <summary>Registers a chain as a git remote.</summary>
    /// <param name="definition">What to register.</param>
    /// <returns>The registered remote.</returns>
    /// <exception cref="InvalidRemoteException">A value is not acceptable; <see cref="InvalidRemoteException.Field"/> says which.</exception>
    /// <exception cref="RemoteAlreadyExistsException">The name or the chain is already registered.</exception>
    /// <exception cref="RemoteShadowsTownException">The chain is the town's own.</exception>
    public RegisteredRemote Add(RemoteDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ValidateName(definition.Name);
        var url = NormaliseUrl(definition.Url);
        ValidateChain(definition.Chain);
        if (definition.Rig is not null)
        {
            ValidateRig(definition.Rig);
        }

        if (definition.Branch is not null && !Reference.IsValidName("refs/heads/" + definition.Branch))
        {
            throw new InvalidRemoteException("branch", $"'{definition.Branch}' is not a valid git branch name.", null);
        }

        if (IsOwnChain(definition.Chain, ReadOwnChain()))
        {
            throw new RemoteShadowsTownException(definition.Name, definition.Chain);
        }

        ForgetLeftovers(definition.Name);

        // The check and the writes under git's one lock on the config file: a racing Add (another process, another
        // registry on this town) either finished before the check, which then sees its whole remote, or waits for this one.
        var registered = _repository.ChangeConfig((repo, config) =>
        {
            foreach (var existing in ReadAll(repo))
            {
                if (string.Equals(existing.Name, definition.Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new RemoteAlreadyExistsException(definition.Name, existing.Name,
                        $"A remote named '{existing.Name}' is already registered (URL {existing.DisplayUrl}). Remove it first or choose another name.");
                }

                if (existing.Chain == definition.Chain)
                {
                    throw new RemoteAlreadyExistsException(definition.Name, existing.Name,
                        $"The chain {definition.Chain} is already registered as remote '{existing.Name}' (URL {existing.DisplayUrl}). One chain has one remote: remove '{existing.Name}' first to change its URL.");
                }
            }

            RefuseExistingGitRemote(repo, definition.Name);
            var registeredRemote = new RegisteredRemote(definition.Name, url, definition.Chain, definition.Rig, definition.Branch, null);
            config.Set(Key(definition.Name, "url"), url);
            foreach (var refSpec in registeredRemote.FetchRefSpecs)
            {
                config.Add(Key(definition.Name, "fetch"), refSpec);
            }

            config.Set(Key(definition.Name, ChainKey), definition.Chain.ToString());
            if (definition.Rig is not null)
            {
                config.Set(Key(definition.Name, RigKey), definition.Rig);
            }

            if (definition.Branch is not null)
            {
                config.Set(Key(definition.Name, BranchKey), definition.Branch);
            }

            return registeredRemote;
        }, CancellationToken.None);

        Invalidate();
        Log.RemoteAdded(_logger, registered.Name, registered.Chain.ToString(), registered.Url);
        return registered;
    }

    /// <summary>Every registered chain remote, ordered by name. Plain git remotes without a gt:// URI are not listed.</summary>
    /// <returns>The remotes.</returns>
    public IReadOnlyList<RegisteredRemote> List()
    {
        var stamp = ConfigStamp();
        lock (_cacheGate)
        {
            if (_cache is { } cache && cache.Stamp == stamp)
            {
                return cache.Remotes;
            }
        }

        var remotes = ListFromGit();
        lock (_cacheGate)
        {
            _cache = new CachedList(stamp, remotes);
        }

        return remotes;
    }

    /// <summary>
    /// <see cref="List"/> read from git now, past this registry's cache: for <see cref="RegistrySnapshot"/>, which other
    /// processes reuse by the stamps of the files it was read from, so it must be what those files say, not what this
    /// process remembers of them.
    /// </summary>
    internal IReadOnlyList<RegisteredRemote> ListFromGit()
    {
        var own = ReadOwnChain();
        return _repository.Use(repo => (IReadOnlyList<RegisteredRemote>)ReadAll(repo).Where(remote =>
        {
            if (!IsOwnChain(remote.Chain, own))
            {
                return true;
            }

            Log.RemoteShadowsTown(_logger, remote.Name, remote.Chain.ToString());
            return false;
        }).ToArray());
    }

    /// <summary>
    /// Adds a push target: a plain git remote of the federation repository that the town's published branch can be
    /// pushed to (<see cref="PublishOptions.PushRemote"/>), for example a backup or the repository others fetch this
    /// town from. It serves no chain: queries never read it, and it is not in <see cref="List"/>.
    /// </summary>
    /// <param name="name">The remote name (the same rules as for chain remotes).</param>
    /// <param name="url">The git URL.</param>
    /// <returns>The normalised URL.</returns>
    /// <exception cref="InvalidRemoteException">The name or URL is not acceptable.</exception>
    /// <exception cref="RemoteAlreadyExistsException">A remote of that name exists.</exception>
    public string AddPushTarget(string name, string url)
    {
        ValidateName(name);
        var normalised = NormaliseUrl(url);
        _repository.ChangeConfig((repo, config) =>
        {
            if (repo.Network.Remotes[name] is { } existing)
            {
                throw new RemoteAlreadyExistsException(name, existing.Name, $"The federation repository already has a git remote named '{existing.Name}' (URL {UrlCredentials.Redacted(existing.Url)}); choose another name or remove it first.");
            }

            // No fetch refspec: nothing is ever fetched from a push target.
            config.Set(Key(name, "url"), normalised);
            config.Add(Key(name, "fetch"), $"+refs/heads/{FederationRepository.PublishedBranch}:refs/push-targets/{name}/{FederationRepository.PublishedBranch}");
            return true;
        }, CancellationToken.None);
        Invalidate();
        return normalised;
    }

    /// <summary>
    /// Every push target (<see cref="AddPushTarget"/>), ordered by name: the federation repository's git remotes that serve
    /// no chain, including any added with git itself (a publish can push to those too).
    /// </summary>
    /// <returns>The push targets.</returns>
    public IReadOnlyList<PushTarget> ListPushTargets()
        => _repository.Use(repo =>
        {
            var config = new RemoteConfigSnapshot(repo);
            var targets = config.PlainRemoteNames.Select(name => new PushTarget(name, config.Url(name))).ToList();
            targets.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return (IReadOnlyList<PushTarget>)targets;
        });

    /// <summary>Removes a push target: its git remote and the refs its pushes left (<see cref="ListPushTargets"/> lists them).</summary>
    /// <param name="name">The push target's name.</param>
    /// <exception cref="RemoteNotFoundException">No push target has that name (a chain remote is removed with <see cref="Remove"/>).</exception>
    public void RemovePushTarget(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _repository.Write(repo =>
        {
            var config = new RemoteConfigSnapshot(repo);
            var targets = config.PlainRemoteNames.ToList();
            if (!targets.Contains(name, StringComparer.Ordinal))
            {
                throw config.Get(name, ChainKey) is not null
                    ? new RemoteNotFoundException($"'{name}' is a chain remote of {_repository.Path}, not a push target; remove it as a remote (RemoteRegistry.Remove).")
                    : RemoteNotFoundException.For(name, _repository.Path, targets);
            }

            // git deletes the whole [remote "name"] section and the refs under refs/remotes/name; a push target's own refs
            // (refs/push-targets/name/…) are not git's to know, so they go here.
            repo.Network.Remotes.Remove(name);
            foreach (var reference in repo.Refs.FromGlob($"refs/push-targets/{name}/*").ToList())
            {
                repo.Refs.Remove(reference);
            }

            return true;
        }, CancellationToken.None);
        Invalidate();
    }

    /// <summary>The registered remote called <paramref name="name"/>.</summary>
    /// <param name="name">The remote name.</param>
    /// <returns>The remote.</returns>
    /// <exception cref="RemoteNotFoundException">No chain remote has that name.</exception>
    public RegisteredRemote Get(string name)
        => TryGet(name, out var remote) ? remote : throw RemoteNotFoundException.For(name, _repository.Path, List().Select(r => r.Name));

    /// <summary>
    /// The remote's fetched tip and last verified snapshot, read from its refs (nothing loaded or judged): whether its newest
    /// snapshot is the one queries answer from.
    /// </summary>
    /// <param name="name">The remote name.</param>
    /// <returns>The two commits.</returns>
    /// <exception cref="RemoteNotFoundException">No chain remote has that name.</exception>
    public RemoteSnapshots GetSnapshots(string name)
    {
        var remote = Get(name);
        return _repository.Exists
            ? _repository.Use(repo => new RemoteSnapshots(TrackingRefs.PeekTip(repo, remote), TrackingRefs.ReadVerified(repo, name)))
            : new RemoteSnapshots(null, null);
    }

    /// <summary>Looks up a registered remote by name.</summary>
    /// <param name="name">The remote name.</param>
    /// <param name="remote">The remote, when found.</param>
    /// <returns><see langword="true"/> when it is registered.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RegisteredRemote? remote)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var candidate in List())
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                remote = candidate;
                return true;
            }
        }

        remote = null;
        return false;
    }

    /// <summary>Looks up the remote that serves <paramref name="chain"/>.</summary>
    /// <param name="chain">A chain URI (a work-unit URI is reduced to its chain).</param>
    /// <param name="remote">The remote, when found.</param>
    /// <returns><see langword="true"/> when a remote serves the chain.</returns>
    public bool TryFindByChain(GtUri chain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RegisteredRemote? remote)
    {
        var wanted = chain.Kind == GtUriKind.Chain ? chain : chain.ChainUri;
        foreach (var candidate in List())
        {
            if (candidate.Chain == wanted)
            {
                remote = candidate;
                return true;
            }
        }

        remote = null;
        return false;
    }

    /// <summary>Removes a registered remote, its config keys and its fetched refs.</summary>
    /// <param name="name">The remote name.</param>
    /// <exception cref="RemoteNotFoundException">No chain remote has that name.</exception>
    public void Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Tried again whole when it meets another writer's lock: a removal that stopped half-way (refs gone, section
        // left) is finished by the next try.
        _repository.Write(repo =>
        {
            if (repo.Network.Remotes[name] is null || repo.Config.Get<string>(Key(name, ChainKey)) is null)
            {
                throw RemoteNotFoundException.For(name, _repository.Path, ReadAll(repo).Select(r => r.Name));
            }

            // git deletes the whole [remote "name"] section, our keys included, and the tracking refs.
            repo.Network.Remotes.Remove(name);
            TrackingRefs.DeleteVerified(repo, name);
            return true;
        }, CancellationToken.None);
        Invalidate();
        Log.RemoteRemoved(_logger, name);
    }

    // Written as "O": the exact parse is the cheap one (the general parser builds culture tables on first use, milliseconds
    // of every fresh process); the general one still reads a hand-edited time.
    private static DateTimeOffset? ParseTime(string? text)
        => text is not null
            && (DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out parsed))
            ? parsed
            : null;

    // What a remote of this name that is gone left behind: a fetch still running when its remote was removed records its
    // time or failure, and its refs, after the removal, and a new remote of the same name took them as its own (a query
    // said the new remote's fetch had failed, against the old URL). Nothing when a remote of that name is registered.
    private void ForgetLeftovers(string name)
    {
        if (!_repository.Exists)
        {
            return;
        }

        _repository.Write(
            repo =>
            {
                if (repo.Network.Remotes[name] is not null)
                {
                    return false;
                }

                foreach (var key in new[] { FetchedAtKey, FetchFailureKey, VerifiedFetchedAtKey })
                {
                    repo.Config.Unset(Key(name, key));
                }

                foreach (var reference in repo.Refs.FromGlob("refs/remotes/" + name + "/*").ToList())
                {
                    repo.Refs.Remove(reference);
                }

                TrackingRefs.DeleteVerified(repo, name);
                return true;
            },
            CancellationToken.None);
    }

    // Whether a chain remote of this name is registered: a fetch that ends after its remote was removed records nothing.
    private static bool IsRegistered(LibGit2Sharp.Repository repo, string name) => repo.Config.Get<string>(Key(name, ChainKey)) is not null;

    // A time as the remote's keys hold it (the "O" format ParseTime reads back exactly).
    private static string TimeText(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// Records, within the caller's write of <paramref name="repo"/>, that the snapshot just verified was the tip at
    /// <paramref name="remote"/>'s last fetch (<c>remote.&lt;name&gt;.gtVerifiedFetchedAt</c>,
    /// <see cref="RegisteredRemote.VerifiedFetchedAt"/>); nothing when the remote was removed meanwhile or never fetched.
    /// </summary>
    internal static bool RecordVerifiedFetch(LibGit2Sharp.Repository repo, RegisteredRemote remote)
    {
        if (remote.LastFetchedAt is not { } at || !IsRegistered(repo, remote.Name))
        {
            return false;
        }

        repo.Config.Set(Key(remote.Name, VerifiedFetchedAtKey), TimeText(at));
        return true;
    }

    /// <summary>Records the time of a successful fetch (<c>remote.&lt;name&gt;.gtFetchedAt</c>).</summary>
    /// <remarks>Other fetches of the town (this process's, other processes') record theirs in the same file: a held lock is waited for.</remarks>
    internal void RecordFetch(string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _repository.Write(
            repo =>
            {
                if (!IsRegistered(repo, name))
                {
                    return false;
                }

                repo.Config.Set(Key(name, FetchedAtKey), TimeText(at));
                // Past now (it is earlier than the fetch time just written), so left behind should this fail.
                repo.Config.Unset(Key(name, FetchFailureKey));
                return true;
            },
            cancellationToken);
        Invalidate();
    }

    /// <summary>
    /// Records a failed fetch (<c>remote.&lt;name&gt;.gtFetchFailure</c>: its time, <see cref="FetchFailureKind"/> and message on one
    /// line), so that another process answering from the last fetch can say it failed since. One key, written whole under
    /// git's lock on the config; a later successful fetch (a later <c>gtFetchedAt</c>) makes it past.
    /// </summary>
    internal void RecordFetchFailure(string name, DateTimeOffset at, FetchFailureKind kind, string message, CancellationToken cancellationToken)
    {
        var value = FormatFetchFailure(at, kind, message);
        _repository.Write(
            repo =>
            {
                if (!IsRegistered(repo, name))
                {
                    return false;
                }

                repo.Config.Set(Key(name, FetchFailureKey), value);
                return true;
            },
            cancellationToken);
        Invalidate();
    }

    /// <summary>A failed fetch as <see cref="RecordFetchFailure"/> writes it: its time, kind and message on one line.</summary>
    internal static string FormatFetchFailure(DateTimeOffset at, FetchFailureKind kind, string message)
    {
        var line = new System.Text.StringBuilder(Math.Min(message.Length, MaxRecordedMessageLength));
        foreach (var c in message.AsSpan(0, Math.Min(message.Length, MaxRecordedMessageLength)))
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return $"{TimeText(at)} {kind} {line}";
    }

    /// <summary>A recorded failure (<see cref="RecordFetchFailure"/>) that is later than the last successful fetch, or null.</summary>
    internal static FetchFailureRecord? ParseFetchFailure(string? value, DateTimeOffset? fetchedAt)
    {
        var parts = value?.Split(' ', 3);
        if (parts is not { Length: 3 }
            || !DateTimeOffset.TryParseExact(parts[0], "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            || !Enum.TryParse<FetchFailureKind>(parts[1], ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            return null;
        }

        return fetchedAt is { } fetched && fetched > at ? null : new FetchFailureRecord(at, kind, parts[2]);
    }

    /// <summary>Forgets the cached list, so the next call re-reads git config.</summary>
    internal void Invalidate()
    {
        lock (_cacheGate)
        {
            _cache = null;
        }
    }

    internal static string Key(string name, string key) => $"remote.{name}.{key}";

    private static void RefuseExistingGitRemote(LibGit2Sharp.Repository repo, string name)
    {
        if (repo.Network.Remotes[name] is not { } existing)
        {
            return;
        }

        // A git remote without a chain: a push target, or one added by hand. (A remote half-registered by another writer is
        // never seen here: registrations are written as one, under git's lock on the config file.)
        throw existing.FetchRefSpecs.Any(s => s.Destination.StartsWith("refs/push-targets/", StringComparison.Ordinal))
            ? new RemoteAlreadyExistsException(name, name,
                $"'{name}' is already a push target of the federation repository (URL {UrlCredentials.Redacted(existing.Url)}), not a chain remote. Choose another name, or remove the push target first (git remote remove {name}).")
            : new RemoteAlreadyExistsException(name, name,
                $"The federation repository already has a git remote named '{name}' (URL {UrlCredentials.Redacted(existing.Url)}) that serves no chain. Remove it with 'git remote remove {name}' or choose another name.");
    }

    internal static void ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidRemoteException("name", "A remote name is required: a letter, then letters, digits, '_' or '-'.", null);
        }

        if (name.Length > MaxNameLength)
        {
            throw new InvalidRemoteException("name", $"The remote name '{name[..16]}...' is {name.Length} characters long; at most {MaxNameLength} are allowed.", null);
        }

        if (!NamePattern().IsMatch(name))
        {
            var position = FirstBadNameCharacter(name);
            throw new InvalidRemoteException("name",
                $"The remote name '{name}' is not valid at position {position} ('{name[position]}'): use a letter first, then letters, digits, '_' or '-'.", null);
        }

        foreach (var reserved in s_reservedNames)
        {
            if (string.Equals(reserved, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidRemoteException("name",
                    $"The remote name '{name}' is reserved (origin, main, master and HEAD are); choose another, e.g. the organisation's short name.", null);
            }
        }
    }

    internal static string NormaliseUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidRemoteException("url", "A git URL is required: a local path, file://, git://, http(s)://, ssh:// or user@host:path.", null);
        }

        url = url.Trim();
        var at = 0;
        foreach (var rune in url.EnumerateRunes())
        {
            // A control, a bidi override or a character drawn as nothing: a URL that reads as another when printed (a
            // right-to-left override after a path was accepted, and git then said "unsupported URL protocol").
            if (UnsafeCharacters.IsLayoutControl(rune.Value) || UnsafeCharacters.IsDefaultIgnorable(rune.Value))
            {
                // Not echoed: such a character is itself unsafe to print, and the URL may carry a password.
                throw new InvalidRemoteException("url", $"The URL contains a control or invisible character (U+{rune.Value:X4} at position {at}); give it without.", null);
            }

            at += rune.Utf16SequenceLength;
        }

        if (GitUrl.Scheme(url) is { } scheme)
        {
            if (!s_urlSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidRemoteException("url",
                    $"The URL scheme '{scheme}' is not supported; use a local path, file://, git://, http(s)://, ssh:// or user@host:path.", null);
            }

            if (url.Length == scheme.Length + 3)
            {
                throw new InvalidRemoteException("url", $"The URL '{url}' names no host or path.", null);
            }

            if (UrlCredentials.HasPassword(url))
            {
                throw new InvalidRemoteException("url",
                    $"The URL '{UrlCredentials.Redacted(url)}' carries a password, which git config would keep in plain text and every message naming the remote would show. Give the URL without it (https://user@host/…) and let git's credential helper or an ssh key supply the secret.", null);
            }

            return url;
        }

        if (GitUrl.IsScpLike(url))
        {
            return url;
        }

        if (GitUrl.IsReadAsSsh(url) && (System.IO.Path.IsPathFullyQualified(url) || System.IO.Path.Exists(System.IO.Path.GetFullPath(url))))
        {
            // A path to git, a host to libgit2 (a relative one naming nothing is refused below as a mistyped URL).
            // Echoed redacted, as below. The file:// form is the path's own, which libgit2 reads as a path whatever it holds.
            var shown = UrlCredentials.RedactedText(url);
            var host = shown[..shown.IndexOf(':', StringComparison.Ordinal)];
            throw new InvalidRemoteException("url",
                $"'{shown}' is a path to git, but libgit2, which fetches, reads its ':' as ssh to host '{host}'. Give a local repository as {new Uri(System.IO.Path.GetFullPath(shown)).AbsoluteUri}, or an ssh one as ssh://HOST/PATH.", null);
        }

        if (System.IO.Path.IsPathFullyQualified(url))
        {
            return System.IO.Path.GetFullPath(url);
        }

        // A relative local path: git would resolve it against whatever the current folder is at
        // fetch time, so we pin it now. One that names nothing there is far more often a mistyped URL
        // ("not a url", "github.com/acme/town") than a repository still to come, and would only fail at
        // the first fetch: refused now, saying how it was read. (An absolute path may name a repository
        // not there yet, a mount say: kept, as git keeps it; but not one with a ':', refused above.)
        var full = System.IO.Path.GetFullPath(url);
        if (!System.IO.Path.Exists(full))
        {
            // Echoed redacted: a mistyped URL may carry a password. A leading '~' is a shell's, which git does not expand.
            var home = url.StartsWith('~') ? " ('~' is not expanded: give the home folder's path)" : "";
            throw new InvalidRemoteException("url",
                $"'{UrlCredentials.RedactedText(url)}' is not a URL (scheme://…, user@host:path), and read as a path relative to the current folder it names nothing: {System.IO.Path.GetFullPath(UrlCredentials.RedactedText(url))} does not exist{home}. Give a URL, or the path of the remote's repository.", null);
        }

        return full;
    }

    internal static void ValidateChain(GtUri chain)
    {
        if (chain.IsDefault)
        {
            throw new InvalidRemoteException("chain", "A chain URI is required, e.g. gt://acme.com/engineering.", null);
        }

        if (chain.Kind != GtUriKind.Chain)
        {
            throw new InvalidRemoteException("chain",
                $"'{chain}' names {KindName(chain.Kind)}, not a chain: a remote serves one chain, written gt://<entity>/<chain> (e.g. gt://acme.com/engineering).", null);
        }
    }

    // In words: GtUriKind.WorkUnit printed as "workunit" read as a typo.
    private static string KindName(GtUriKind kind) => kind switch
    {
        GtUriKind.WorkUnit => "a work unit",
        GtUriKind.Entity => "an entity",
        _ => "a " + kind.ToString().ToLowerInvariant(),
    };

    internal static void ValidateRig(string rig)
    {
        // The SDK's one rig-name rule: a name a gt:// URI can carry.
        if (!Model.RigNames.TryValidate(rig, out var problem))
        {
            throw new InvalidRemoteException("rig",
                $"The rig name '{rig}' is not valid: {problem} Use 1 to {MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.", null);
        }
    }

    private IEnumerable<RegisteredRemote> ReadAll(LibGit2Sharp.Repository repo)
    {
        var result = new List<RegisteredRemote>();
        var config = new RemoteConfigSnapshot(repo);
        foreach (var name in config.ChainRemoteNames)
        {
            var chainText = config.Get(name, ChainKey)!;
            if (!GtUri.TryParse(chainText, out var chain) || chain.Kind != GtUriKind.Chain)
            {
                // Hand-edited config: report and skip rather than fail every listing.
                Log.InvalidChainInConfig(_logger, name, chainText);
                continue;
            }

            var rig = config.Get(name, RigKey);
            var branch = config.Get(name, BranchKey);
            var fetchedAt = ParseTime(config.Get(name, FetchedAtKey));
            result.Add(new RegisteredRemote(name, config.Url(name), chain, rig, branch, fetchedAt)
            {
                LastFetchFailure = ParseFetchFailure(config.Get(name, FetchFailureKey), fetchedAt),
                VerifiedFetchedAt = ParseTime(config.Get(name, VerifiedFetchedAtKey)),
            });
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    // Three stats per call: cheap enough for every query, and they see other processes' changes (a file written within
    // the last two seconds never matches: LocalStamp's racily clean rule).
    private string ConfigStamp()
        => _repository.TownRoot is { } root
            ? string.Join('|', LocalStamp.Of(_configPath), LocalStamp.Of(System.IO.Path.Combine(root, TownMetadata.RelativePath)),
                LocalStamp.Of(System.IO.Path.Combine(root, TownMetadata.SeedRelativePath)))
            : LocalStamp.Of(_configPath);

    /// <summary>The town's own chain from its town.json, or null when the town is unknown or has no readable owner and name.</summary>
    private GtUri? ReadOwnChain()
    {
        if (_repository.TownRoot is not { } root)
        {
            return null;
        }

        (byte[] Bytes, string Path)? file;
        try
        {
            file = TownMetadata.ReadFile(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return file is { } found && TownMetadata.TryParse(found.Bytes, out var metadata, out _) && metadata.TryGetChain(out var chain, out _) ? chain : null;
    }

    /// <summary>Whether <paramref name="chain"/> is the town's own chain; the chain name is compared in any case, since a case variant is the same town to a reader.</summary>
    private static bool IsOwnChain(GtUri chain, GtUri? own)
        => own is { } town && chain.Entity == town.Entity && string.Equals(chain.Chain, town.Chain, StringComparison.OrdinalIgnoreCase);

    private static int FirstBadNameCharacter(string name)
    {
        if (!char.IsAsciiLetter(name[0]))
        {
            return 0;
        }

        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return i;
            }
        }

        return 0;
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private sealed record CachedList(string Stamp, IReadOnlyList<RegisteredRemote> Remotes);
}
