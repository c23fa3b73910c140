using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// What the owner has made public, kept in the federation repository's git config: the published rigs (keyed by
/// identity, see <see cref="RigIdentity"/>), and whether town-level beads and feed events are published.
/// </summary>
internal sealed record PublicationState(IReadOnlyList<PublishedRig> Rigs, bool TownBeads, bool FeedEvents, IReadOnlyList<string> LegacyRigNames)
{
    internal const string Section = "gtPublish";
    internal const string LegacyRigKey = "gt.publish.rig";
    internal const string TownBeadsKey = "gt.publish.townBeads";
    internal const string FeedEventsKey = "gt.publish.feedEvents";

    /// <summary>Whether the route prefix <paramref name="prefix"/> of the rig with <paramref name="identity"/> is recorded as public.</summary>
    public bool IsRecorded(string identity, string prefix)
        => Rigs.Any(r => r.Identity == identity && r.Prefixes.Contains(prefix, StringComparer.Ordinal));

    /// <summary>Reads the state from git config.</summary>
    public static PublicationState Read(LibGit2Sharp.Repository repo)
    {
        var rigs = new Dictionary<string, (string Name, List<string> Prefixes)>(StringComparer.Ordinal);
        foreach (var entry in repo.Config.Find(@"^gtpublish\..*\.(prefix|rig)$"))
        {
            // Keys read back as gtpublish.<identity>.<key>; the identity has no dots.
            var parts = entry.Key.Split('.');
            if (parts.Length != 3 || !RigIdentity.IsValid(parts[1]))
            {
                continue;
            }

            if (!rigs.TryGetValue(parts[1], out var rig))
            {
                rig = (string.Empty, []);
            }

            if (parts[2] == "rig")
            {
                rig.Name = entry.Value;
            }
            else
            {
                rig.Prefixes.Add(entry.Value);
            }

            rigs[parts[1]] = rig;
        }

        var legacy = repo.Config.Find(@"^gt\.publish\.rig$").Select(e => e.Value).Where(v => v.Length > 0 && v != ".").Distinct(StringComparer.Ordinal).ToArray();
        return new PublicationState(
            rigs.Select(r => new PublishedRig(r.Key, r.Value.Name, r.Value.Prefixes.Distinct(StringComparer.Ordinal).ToArray())).OrderBy(r => r.Name, StringComparer.Ordinal).ToArray(),
            repo.Config.Get<bool>(TownBeadsKey)?.Value ?? false,
            repo.Config.Get<bool>(FeedEventsKey)?.Value ?? false,
            legacy);
    }

    /// <summary>Writes the differences between <paramref name="before"/> and this state to git config.</summary>
    public void WriteOver(LibGit2Sharp.Repository repo, PublicationState before)
    {
        foreach (var old in before.Rigs)
        {
            if (Rigs.FirstOrDefault(r => r.Identity == old.Identity) is not { } now || !Same(now, old))
            {
                repo.Config.Unset(Key(old.Identity, "rig"));
                repo.Config.UnsetAll(Key(old.Identity, "prefix"));
            }
        }

        foreach (var rig in Rigs)
        {
            if (before.Rigs.FirstOrDefault(r => r.Identity == rig.Identity) is { } old && Same(old, rig))
            {
                continue;
            }

            repo.Config.Set(Key(rig.Identity, "rig"), rig.Name);
            foreach (var prefix in rig.Prefixes)
            {
                repo.Config.Add(Key(rig.Identity, "prefix"), prefix);
            }
        }

        if (before.LegacyRigNames.Count > 0 && LegacyRigNames.Count == 0)
        {
            repo.Config.UnsetAll(LegacyRigKey);
        }

        if (TownBeads != before.TownBeads)
        {
            repo.Config.Set(TownBeadsKey, TownBeads);
        }

        if (FeedEvents != before.FeedEvents)
        {
            repo.Config.Set(FeedEventsKey, FeedEvents);
        }
    }

    private static bool Same(PublishedRig a, PublishedRig b)
        => a.Name == b.Name && a.Prefixes.SequenceEqual(b.Prefixes, StringComparer.Ordinal);

    private static string Key(string identity, string key) => $"{Section}.{identity}.{key}";
}
