using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Configuration entries read in one pass the way git reads a key: the most local level wins, and within a level the
/// last entry, a bare entry (no value, read as null) included. LibGit2Sharp's <c>Configuration.Get</c> snapshots the
/// whole configuration on every call, so the registry and the key store read every entry they need at once through this.
/// </summary>
internal static class LatestConfigEntries
{
    /// <summary>Each key of <paramref name="entries"/> (as libgit2 names it) with the value git reads for it.</summary>
    public static Dictionary<string, string?> Of(IEnumerable<ConfigurationEntry<string>> entries)
    {
        var found = new Dictionary<string, (ConfigurationLevel Level, string? Value)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!found.TryGetValue(entry.Key, out var seen) || entry.Level >= seen.Level)
            {
                found[entry.Key] = (entry.Level, entry.Value);
            }
        }

        return found.ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal);
    }
}
