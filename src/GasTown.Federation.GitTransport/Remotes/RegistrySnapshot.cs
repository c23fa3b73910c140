using System.Text;
using System.Text.Json;
using GasTown.Federation.Model;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// What a query reads of the federation repository, read once: the registered remotes, each one's tip as its tracking
/// ref names it (<see cref="TrackingRefs.PeekTip"/>) and its last verified commit, and the keys kept; with the stamp of
/// every file and folder those come from. Kept as text (the federation index keeps it), it is reused without git while
/// that stamp holds: a fresh process that only asks "is the index current?" then never loads libgit2, whose start
/// (OpenSSL's libraries, the repository's and the user's configuration) was a third of a one-unit <c>gtfed show</c>.
/// </summary>
/// <remarks>
/// <para>The stamp covers: the repository's <c>config</c> and <c>packed-refs</c>, every configuration file libgit2
/// reads beside it (the user's and the system's, and the environment that says where they are), the town's
/// <c>town.json</c> files (the registry leaves out a remote of the town's own chain), and the folders holding each
/// remote's candidate tracking refs and its verified ref (git replaces a ref by renaming a lock file over it, which
/// moves its folder's write time). Equal stamps mean none of those changed, so neither did what they say.</para>
/// <para>A snapshot that could not be judged so by stamps carries no stamp and is never reused: a repository opened
/// through another folder than its own (a work tree, a linked work tree), a configuration with includes, a symbolic
/// tracking or verified ref, a one-rig remote whose tip is its only branch found by pattern. Nor is one whose stamp
/// holds a racily clean file (<see cref="LocalStamp"/>): right after a fetch, a query reads git until the files are
/// two seconds old.</para>
/// </remarks>
internal sealed class RegistrySnapshot
{
    private const int FormatVersion = 1;

    // The environment libgit2 finds the user's configuration through: another value, other files.
    private static readonly string[] s_environment = ["HOME", "XDG_CONFIG_HOME", "USERPROFILE", "PROGRAMDATA", "GIT_CONFIG_NOSYSTEM"];

    private readonly IReadOnlyList<string> _files;
    private readonly IReadOnlyList<string> _folders;
    private readonly Dictionary<string, (string? Keys, string? Source)> _keyEntries;

    private RegistrySnapshot(
        IReadOnlyList<RegisteredRemote> remotes, IReadOnlyDictionary<string, string> tips, IReadOnlyDictionary<string, string> verified,
        Dictionary<string, (string? Keys, string? Source)> keyEntries, IReadOnlyList<string> files, IReadOnlyList<string> folders, string? stamp)
    {
        Remotes = remotes;
        Tips = tips;
        Verified = verified;
        _keyEntries = keyEntries;
        Keys = new TrustedKeysSnapshot(keyEntries);
        _files = files;
        _folders = folders;
        Stamp = stamp;
    }

    /// <summary>No remotes, no keys, no stamp: a town whose federation repository does not exist yet.</summary>
    public static RegistrySnapshot None { get; } = new([], new Dictionary<string, string>(), new Dictionary<string, string>(), [], [], [], null);

    /// <summary>The registered remotes, as <see cref="RemoteRegistry.List"/> gave them.</summary>
    public IReadOnlyList<RegisteredRemote> Remotes { get; }

    /// <summary>Each remote's tip by remote name as its first existing candidate tracking ref names it; absent when none exists.</summary>
    public IReadOnlyDictionary<string, string> Tips { get; }

    /// <summary>Each remote's last verified commit by remote name; absent when none passed yet.</summary>
    public IReadOnlyDictionary<string, string> Verified { get; }

    /// <summary>The keys kept for every entity.</summary>
    public TrustedKeysSnapshot Keys { get; }

    /// <summary>The stamp of the files this was read from, taken before reading them; null when it cannot be judged by stamps.</summary>
    public string? Stamp { get; }

    /// <summary>Whether this snapshot may be kept for reuse: it has a stamp, and none of it is racily clean.</summary>
    public bool IsReusable => Stamp is { } stamp && !LocalStamp.IsRacy(stamp);

    /// <summary>Reads the registry, the refs and the keys through git (the stamp first, so a change while reading shows).</summary>
    /// <param name="registry">The town's registry; its repository must exist.</param>
    public static RegistrySnapshot Read(RemoteRegistry registry)
    {
        var repository = registry.Repository;
        var (files, gitDirectory) = repository.Use(repo => (ConfigurationFiles(repo), repo.Info.Path));
        var judgedByStamps = SameFolder(gitDirectory, repository.Path) && !File.Exists(System.IO.Path.Combine(repository.Path, "commondir"));

        // The remotes say which folders to stamp, so they are listed between two stamps of the files they come from.
        var listedFrom = StampOf(repository, files, []);
        var remotes = registry.List();
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var remote in remotes)
        {
            foreach (var name in TrackingRefs.CandidateRefNames(remote))
            {
                folders.Add(Folder(name));
            }

            folders.Add(Folder(TrackingRefs.VerifiedPrefix + remote.Name));
        }

        var stamp = StampOf(repository, files, [.. folders]);
        judgedByStamps &= stamp.StartsWith(listedFrom, StringComparison.Ordinal);

        var tips = new Dictionary<string, string>(StringComparer.Ordinal);
        var verified = new Dictionary<string, string>(StringComparer.Ordinal);
        judgedByStamps &= repository.Use(repo =>
        {
            var plain = !repo.Config.Any(e => e.Key.StartsWith("include", StringComparison.OrdinalIgnoreCase));
            foreach (var remote in remotes)
            {
                var candidates = TrackingRefs.CandidateRefNames(remote).Append(TrackingRefs.VerifiedPrefix + remote.Name).Select(n => repo.Refs[n]).OfType<Reference>().ToList();
                plain &= candidates.All(r => r is DirectReference);
                if (TrackingRefs.PeekTip(repo, remote) is { } tip)
                {
                    tips[remote.Name] = tip;
                    // A tip found by pattern (a one-rig remote's only branch) may live in a folder the stamp does not cover.
                    plain &= candidates.Any(r => r.TargetIdentifier == tip);
                }

                if (TrackingRefs.ReadVerified(repo, remote.Name) is { } commit)
                {
                    verified[remote.Name] = commit;
                }
            }

            return plain;
        });

        var keys = new TrustedKeyStore(repository).ReadAll();
        return new RegistrySnapshot(remotes, tips, verified, keys.Entries, files, [.. folders], judgedByStamps ? stamp : null);
    }

    /// <summary>
    /// The snapshot <paramref name="text"/> keeps (<see cref="ToText"/>), when it is of <paramref name="repository"/> and
    /// every file and folder it came from is as it was then; otherwise null (read it again with <see cref="Read"/>).
    /// </summary>
    public static RegistrySnapshot? TryReuse(string text, FederationRepository repository)
    {
        RegistrySnapshot snapshot;
        try
        {
            snapshot = Parse(text);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or FederationException)
        {
            // Not a snapshot this version wrote (or damaged): read again.
            return null;
        }

        return snapshot.Stamp is { } kept && string.Equals(StampOf(repository, snapshot._files, snapshot._folders), kept, StringComparison.Ordinal)
            ? snapshot
            : null;
    }

    /// <summary>The snapshot as text, for <see cref="TryReuse"/>; only a reusable one (<see cref="IsReusable"/>) is worth keeping.</summary>
    public string ToText()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("stamp", Stamp);
            WriteArray(writer, "files", _files);
            WriteArray(writer, "folders", _folders);
            writer.WriteStartArray("remotes");
            foreach (var remote in Remotes)
            {
                writer.WriteStartObject();
                writer.WriteString("name", remote.Name);
                writer.WriteString("url", remote.Url);
                writer.WriteString("chain", remote.Chain.ToString());
                writer.WriteString("rig", remote.Rig);
                writer.WriteString("branch", remote.Branch);
                writer.WriteString("fetchedAt", remote.LastFetchedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("tip", Tips.GetValueOrDefault(remote.Name));
                writer.WriteString("verified", Verified.GetValueOrDefault(remote.Name));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("keys");
            foreach (var (entity, (keys, source)) in _keyEntries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("entity", entity);
                writer.WriteString("keys", keys);
                writer.WriteString("source", source);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static RegistrySnapshot Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.GetProperty("version").GetInt32() != FormatVersion)
        {
            throw new FormatException("Another version's snapshot.");
        }

        var remotes = new List<RegisteredRemote>();
        var tips = new Dictionary<string, string>(StringComparer.Ordinal);
        var verified = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in root.GetProperty("remotes").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            var fetchedAt = item.GetProperty("fetchedAt").GetString() is { } at
                ? DateTimeOffset.ParseExact(at, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)
                : (DateTimeOffset?)null;
            remotes.Add(new RegisteredRemote(name, item.GetProperty("url").GetString()!, GtUri.Parse(item.GetProperty("chain").GetString()!),
                item.GetProperty("rig").GetString(), item.GetProperty("branch").GetString(), fetchedAt));
            if (item.GetProperty("tip").GetString() is { } tip)
            {
                tips[name] = tip;
            }

            if (item.GetProperty("verified").GetString() is { } commit)
            {
                verified[name] = commit;
            }
        }

        var keys = new Dictionary<string, (string? Keys, string? Source)>(StringComparer.Ordinal);
        foreach (var item in root.GetProperty("keys").EnumerateArray())
        {
            keys[item.GetProperty("entity").GetString()!] = (item.GetProperty("keys").GetString(), item.GetProperty("source").GetString());
        }

        return new RegistrySnapshot(remotes, tips, verified, keys, ReadArray(root, "files"), ReadArray(root, "folders"), root.GetProperty("stamp").GetString());
    }

    // The configuration files libgit2 reads for the repository, most local first: its own, then the user's and the system's.
    private static List<string> ConfigurationFiles(LibGit2Sharp.Repository repo)
    {
        var files = new List<string> { System.IO.Path.Combine(repo.Info.Path, "config") };
        foreach (var (level, file) in new[] { (ConfigurationLevel.Xdg, "config"), (ConfigurationLevel.Global, ".gitconfig"), (ConfigurationLevel.System, "gitconfig"), (ConfigurationLevel.ProgramData, "config") })
        {
            foreach (var folder in GlobalSettings.GetConfigSearchPaths(level))
            {
                if (!string.IsNullOrEmpty(folder))
                {
                    files.Add(System.IO.Path.Combine(folder, file));
                }
            }
        }

        return files;
    }

    // The stamp of everything the snapshot was read from: the repository's folder, the environment, then each file's and
    // each folder's own stamp, in the order kept (the files first: Read compares the files' part alone).
    private static string StampOf(FederationRepository repository, IReadOnlyList<string> files, IReadOnlyList<string> folders)
    {
        var stamp = new StringBuilder(64 + (files.Count + folders.Count) * 24);
        stamp.Append(repository.Path).Append('|');
        foreach (var variable in s_environment)
        {
            stamp.Append(Environment.GetEnvironmentVariable(variable)).Append('|');
        }

        foreach (var file in files.Append(System.IO.Path.Combine(repository.Path, "packed-refs")))
        {
            stamp.Append(LocalStamp.Of(file)).Append('|');
        }

        if (repository.TownRoot is { } town)
        {
            stamp.Append(LocalStamp.Of(System.IO.Path.Combine(town, TownMetadata.RelativePath))).Append('|')
                .Append(LocalStamp.Of(System.IO.Path.Combine(town, TownMetadata.SeedRelativePath))).Append('|');
        }

        foreach (var folder in folders)
        {
            stamp.Append(LocalStamp.OfFolder(System.IO.Path.Combine(repository.Path, folder))).Append('|');
        }

        return stamp.ToString();
    }

    // The folder a ref's file lives in, relative to the repository: "refs/remotes/acme/gt" for "refs/remotes/acme/gt/published".
    private static string Folder(string refName) => refName[..refName.TrimEnd('/').LastIndexOf('/')];

    private static bool SameFolder(string a, string b)
        => string.Equals(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(a)), System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(b)),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static List<string> ReadArray(JsonElement root, string name) => [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
