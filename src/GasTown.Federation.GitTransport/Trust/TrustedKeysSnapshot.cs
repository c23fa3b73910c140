using GasTown.Federation.Identity;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The trusted keys as one read of the configuration found them (<see cref="TrustedKeyStore.ReadAll"/>): each entity's
/// keys as written (comma-separated, then its source), parsed when first asked for, unparseable keys skipped. One
/// caller's view (not thread-safe): a query reader judging its chains, or one call of the store.
/// </summary>
internal sealed class TrustedKeysSnapshot
{
    private readonly Dictionary<string, (string? Keys, string? Source)> _entries;
    private readonly Dictionary<string, EntityKeys?> _parsed = new(StringComparer.Ordinal);

    /// <summary>A snapshot of <paramref name="entries"/>, read by <see cref="TrustedKeyStore.ReadAll"/>.</summary>
    /// <param name="entries">Each entity's keys and source as the configuration names them (by <see cref="EntityId.Value"/>).</param>
    public TrustedKeysSnapshot(Dictionary<string, (string? Keys, string? Source)> entries) => _entries = entries;

    /// <summary>Each entity's keys and source as the configuration names them, unparsed (for <see cref="RegistrySnapshot"/> to keep).</summary>
    public IReadOnlyDictionary<string, (string? Keys, string? Source)> Entries => _entries;

    /// <summary>The keys kept for <paramref name="entity"/>, or null when none that parses is kept.</summary>
    public EntityKeys? Get(EntityId entity)
    {
        if (!_parsed.TryGetValue(entity.Value, out var keys))
        {
            keys = _entries.TryGetValue(entity.Value, out var entry) ? Parse(entity, entry.Keys, entry.Source) : null;
            _parsed[entity.Value] = keys;
        }

        return keys;
    }

    /// <summary>
    /// The keys kept for <paramref name="entity"/> as one comparable value (as written, with their source), or null when
    /// none is kept: two snapshots judge the entity's signatures alike when it is the same.
    /// </summary>
    public string? StateOf(EntityId entity) => _entries.TryGetValue(entity.Value, out var entry) ? $"{entry.Source}:{entry.Keys}" : null;

    /// <summary>Every entity's keys (an entity the configuration names in another spelling than its own is not one).</summary>
    public IEnumerable<EntityKeys> All()
    {
        foreach (var name in _entries.Keys)
        {
            if (EntityId.TryParse(name, out var entity) && entity.Value == name && Get(entity) is { } keys)
            {
                yield return keys;
            }
        }
    }

    private static EntityKeys? Parse(EntityId entity, string? keys, string? source)
    {
        if (string.IsNullOrWhiteSpace(keys))
        {
            return null;
        }

        var parsed = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => SshPublicKey.TryParse(k, out var key, out _) ? key : null)
            .OfType<SshPublicKey>()
            .ToArray();
        return parsed.Length == 0 ? null : new EntityKeys(entity, parsed, source == "published" ? KeySource.Published : KeySource.Pinned);
    }
}
