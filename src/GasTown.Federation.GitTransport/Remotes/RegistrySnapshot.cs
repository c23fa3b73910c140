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
/// Equal stamps (<see cref="RegistryStamp"/>: the configuration, the folders of the refs, the town's
/// <c>town.json</c>, the environment that says where the user's configuration is) mean none of those files changed, so
/// neither did what they say. A snapshot they cannot vouch for (see <see cref="RegistryStamp"/>) carries no stamp and is
/// never reused; nor is one whose stamp holds a racily clean file (<see cref="LocalStamp"/>): right after a fetch, a query
/// reads git until the files are two seconds old.
/// </remarks>
internal sealed class RegistrySnapshot
{
    private const int FormatVersion = 5;

    private readonly IReadOnlyList<string> _files;
    private readonly IReadOnlyList<string> _refFolders;
    private readonly Dictionary<string, (string? Keys, string? Source)> _keyEntries;

    private RegistrySnapshot(
        IReadOnlyList<RegisteredRemote> remotes, IReadOnlyDictionary<string, string> tips, IReadOnlyDictionary<string, string> verified,
        Dictionary<string, (string? Keys, string? Source)> keyEntries, IReadOnlyList<string> files, IReadOnlyList<string> refFolders, string? stamp)
    {
        Remotes = remotes;
        Tips = tips;
        Verified = verified;
        _keyEntries = keyEntries;
        Keys = new TrustedKeysSnapshot(keyEntries);
        _files = files;
        _refFolders = refFolders;
        Stamp = stamp;
    }

    /// <summary>No remotes, no keys, no stamp: a town whose federation repository does not exist yet.</summary>
    public static RegistrySnapshot None { get; } = new([], new Dictionary<string, string>(), new Dictionary<string, string>(), [], [], [], null);

    /// <summary>The registered remotes, as <see cref="RemoteRegistry.List"/> gives them (read from git, not from its cache).</summary>
    public IReadOnlyList<RegisteredRemote> Remotes { get; }

    /// <summary>Each remote's tip by remote name as its first existing candidate tracking ref names it; absent when none exists.</summary>
    public IReadOnlyDictionary<string, string> Tips { get; }

    /// <summary>Each remote's last verified commit by remote name; absent when none passed yet.</summary>
    public IReadOnlyDictionary<string, string> Verified { get; }

    /// <summary>The keys kept for every entity.</summary>
    public TrustedKeysSnapshot Keys { get; }

    /// <summary>
    /// The stamp of the files this was read from (the refs and the keys read after it, the remotes between two stamps of
    /// the configuration); null when the files cannot vouch for what git read.
    /// </summary>
    public string? Stamp { get; }

    /// <summary>Whether this snapshot may be kept for reuse: it has a stamp, and none of it is racily clean.</summary>
    public bool IsReusable => Stamp is { } stamp && !LocalStamp.IsRacy(stamp);

    /// <summary>Reads the registry, the refs and the keys through git (the stamp first, so a change while reading shows).</summary>
    /// <param name="registry">The town's registry; its repository must exist.</param>
    public static RegistrySnapshot Read(RemoteRegistry registry)
    {
        var repository = registry.Repository;
        var files = repository.Use(repo => RegistryStamp.ConfigurationFiles(repo, repository));

        // The remotes say which refs to stamp, so they are listed (from git: past the registry's own cache) between two
        // stamps of the files they come from.
        var listedFrom = files is null ? null : RegistryStamp.Of(repository, files, []);
        var remotes = registry.ListFromGit();

        var tips = new Dictionary<string, string>(StringComparer.Ordinal);
        var verified = new Dictionary<string, string>(StringComparer.Ordinal);
        var refFolders = new SortedSet<string>(StringComparer.Ordinal);
        var judgedByStamps = files is not null;
        string? stamp = null;
        repository.Use(repo =>
        {
            foreach (var remote in remotes)
            {
                var candidateExists = TrackingRefs.CandidateRefNames(remote).Any(n => repo.Refs[n] is not null);
                if (RegistryStamp.RefFolders(remote, candidateExists) is { } folders)
                {
                    refFolders.UnionWith(folders);
                }
                else
                {
                    judgedByStamps = false;
                }
            }

            if (judgedByStamps)
            {
                stamp = RegistryStamp.Of(repository, files!, [.. refFolders]);
                // The configuration did not change while the remotes were listed, nor did the files it names since.
                judgedByStamps = stamp.StartsWith(listedFrom!, StringComparison.Ordinal)
                    && RegistryStamp.ConfigurationFiles(repo, repository) is { } again && again.SequenceEqual(files!, StringComparer.Ordinal);
            }

            // What the stamp vouches for is read after it: a change from here on moves it.
            foreach (var remote in remotes)
            {
                // A symbolic ref names a target the stamp does not cover.
                judgedByStamps &= TrackingRefs.CandidateRefNames(remote).Append(TrackingRefs.VerifiedPrefix + remote.Name).All(n => repo.Refs[n] is null or DirectReference);
                var tip = TrackingRefs.PeekTip(repo, remote);
                if (tip is not null)
                {
                    tips[remote.Name] = tip;
                }

                if (remote.IsSingleRig && remote.Branch is null)
                {
                    // Its tip must still be a candidate's (in a stamped folder), not its only branch found by pattern.
                    judgedByStamps &= tip is not null && TrackingRefs.CandidateRefNames(remote).Any(n => repo.Refs[n] is DirectReference r && r.TargetIdentifier == tip);
                }

                if (TrackingRefs.ReadVerified(repo, remote.Name) is { } commit)
                {
                    verified[remote.Name] = commit;
                }
            }
        });

        var keys = new TrustedKeyStore(repository).ReadAll();
        return new RegistrySnapshot(remotes, tips, verified, new Dictionary<string, (string? Keys, string? Source)>(keys.Entries, StringComparer.Ordinal),
            files ?? [], [.. refFolders], judgedByStamps ? stamp : null);
    }

    /// <summary>
    /// The snapshot <paramref name="text"/> keeps (<see cref="ToText"/>), when it is of <paramref name="repository"/> and
    /// every file and folder it came from is as it was then; otherwise null (read it again with <see cref="Read"/>).
    /// </summary>
    public static RegistrySnapshot? TryReuse(string text, FederationRepository repository)
    {
        try
        {
            var snapshot = Parse(text);
            return snapshot.Stamp is { } kept && string.Equals(RegistryStamp.Of(repository, snapshot._files, snapshot._refFolders), kept, StringComparison.Ordinal)
                ? snapshot
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or FederationException
            or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // Not a snapshot this version wrote (or damaged, down to a path no file can have): read again, and replaced.
            return null;
        }
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
            WriteArray(writer, "refFolders", _refFolders);
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
                writer.WriteString("fetchFailure", remote.LastFetchFailure is { } failure ? RemoteRegistry.FormatFetchFailure(failure.At, failure.Kind, failure.Message) : null);
                writer.WriteString("tip", Tips.GetValueOrDefault(remote.Name));
                writer.WriteString("verified", Verified.GetValueOrDefault(remote.Name));
                writer.WriteString("verifiedFetchedAt", remote.VerifiedFetchedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
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
                item.GetProperty("rig").GetString(), item.GetProperty("branch").GetString(), fetchedAt)
            {
                LastFetchFailure = RemoteRegistry.ParseFetchFailure(item.GetProperty("fetchFailure").GetString(), fetchedAt),
                VerifiedFetchedAt = item.GetProperty("verifiedFetchedAt").GetString() is { } verifiedAt
                    ? DateTimeOffset.ParseExact(verifiedAt, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)
                    : null,
            });
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

        return new RegistrySnapshot(remotes, tips, verified, keys, ReadArray(root, "files"), ReadArray(root, "refFolders"), root.GetProperty("stamp").GetString());
    }

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
