using GasTown.Federation.Identity;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The keys a town trusts for each entity it follows, kept in its federation repository's git config as ssh keeps
/// known_hosts: <c>gtKeys.&lt;entity&gt;.key</c> (the keys, comma-separated) and <c>gtKeys.&lt;entity&gt;.source</c>
/// (<c>published</c> or <c>pinned</c>). A fetched snapshot of a chain whose entity has keys here must be signed by one
/// of them (docs/identity.md).
/// </summary>
/// <remarks>Thread-safe; every call reads or writes git config under the repository's lock.</remarks>
public sealed class TrustedKeyStore
{
    private const string Section = "gtKeys";
    private readonly FederationRepository _repository;

    /// <summary>Creates the store of <paramref name="repository"/>.</summary>
    /// <param name="repository">The town's federation repository.</param>
    public TrustedKeyStore(FederationRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>The keys trusted for <paramref name="entity"/>, or null when none are kept (its chains are trusted by name only).</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The keys, or null.</returns>
    public EntityKeys? Get(EntityId entity) => entity.IsDefault ? null : ReadAll().Get(entity);

    /// <summary>Every entity with trusted keys, ordered by entity.</summary>
    /// <returns>The entries.</returns>
    public IReadOnlyList<EntityKeys> List() => [.. ReadAll().All().OrderBy(k => k.Entity)];

    /// <summary>
    /// The keys kept for every entity, read in one pass over the configuration (LibGit2Sharp reads the whole configuration
    /// for every key it is asked for, so an indexed query judging a hundred chains reads it once here, not twice per
    /// chain). A key is read as git reads it: the most local level wins, and within a level the last entry, a bare entry
    /// (no value) included. An entity's keys are parsed when asked for.
    /// </summary>
    internal TrustedKeysSnapshot ReadAll()
    {
        var values = _repository.Use(repo => LatestConfigEntries.Of(repo.Config.Where(e => e.Key.StartsWith(Section + ".", StringComparison.OrdinalIgnoreCase))));
        var entries = new Dictionary<string, (string? Keys, string? Source)>(StringComparer.Ordinal);
        foreach (var (name, keys) in values)
        {
            // Names as libgit2 reports them: the section and the variable lower-cased, the entity as written.
            if (name.EndsWith(".key", StringComparison.Ordinal) && name.Length > Section.Length + 5)
            {
                entries[name[(Section.Length + 1)..^4]] = (keys, values.GetValueOrDefault(name[..^4] + ".source"));
            }
        }

        return new TrustedKeysSnapshot(entries);
    }

    /// <summary>Trusts exactly <paramref name="keys"/> for <paramref name="entity"/> from now on, replacing what was kept.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="keys">The keys (at least one).</param>
    /// <param name="source">Where they come from.</param>
    /// <returns>The entry written.</returns>
    public EntityKeys Set(EntityId entity, IEnumerable<SshPublicKey> keys, KeySource source)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (entity.IsDefault)
        {
            throw new ArgumentException("The entity is empty.", nameof(entity));
        }

        var list = keys.Distinct().ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one key is needed; to trust an entity by name only, Remove its keys.", nameof(keys));
        }

        _repository.Write(
            repo =>
            {
                repo.Config.Set(Key(entity, "key"), string.Join(",", list.Select(k => k.ToKeyString())));
                repo.Config.Set(Key(entity, "source"), source == KeySource.Published ? "published" : "pinned");
                return true;
            },
            CancellationToken.None);
        return new EntityKeys(entity, list, source);
    }

    /// <summary>
    /// Trusts the key that signed <paramref name="remote"/>'s fetched tip, replacing the keys kept for its entity:
    /// how a user accepts a changed key after checking it with the entity (as with ssh's known_hosts).
    /// </summary>
    /// <param name="remote">The remote, fetched.</param>
    /// <returns>The entry written (<see cref="KeySource.Pinned"/>).</returns>
    /// <exception cref="GitTransportException">The remote has no fetched tip, its branch names no commit (a tree or a tag), its tip is not validly signed, or this repository cannot read its tip commit (a damaged pack).</exception>
    public EntityKeys AcceptSigner(RegisteredRemote remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        // A tip commit the repository cannot read is named by its ref: reading its signature below then says which commit
        // and which repository, where the look-up threw libgit2's exception.
        var tip = _repository.Use(repo => TrackingRefs.ResolveTipOrPeek(repo, remote))
            ?? throw new GitTransportException($"Remote '{remote.Name}' ({remote.Chain}) has no fetched snapshot whose signer could be accepted; fetch it first.");
        if (_repository.Use(repo => TrackingRefs.NotACommit(repo, remote, tip)) is { } notACommit)
        {
            throw new GitTransportException($"The tip of remote '{remote.Name}' has no signer to accept: {notACommit.Message}");
        }

        var check = _repository.Use(repo => CommitSignatureVerifier.Verify(repo, tip));
        if (check.Status != CommitSignatureStatus.Valid)
        {
            throw new GitTransportException($"The tip {tip[..7]} of remote '{remote.Name}' is {(check.Status == CommitSignatureStatus.Unsigned ? "unsigned" : $"not validly signed ({check.Problem})")}; there is no key to accept.");
        }

        return Set(remote.Chain.Entity, [check.Key!], KeySource.Pinned);
    }

    /// <summary>Forgets the keys of <paramref name="entity"/>: its chains are trusted by name only again.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>Whether keys were kept.</returns>
    public bool Remove(EntityId entity)
    {
        if (Get(entity) is null)
        {
            return false;
        }

        _repository.Write(
            repo =>
            {
                repo.Config.Unset(Key(entity, "key"));
                repo.Config.Unset(Key(entity, "source"));
                return true;
            },
            CancellationToken.None);
        return true;
    }

    private static string Key(EntityId entity, string name) => $"{Section}.{entity.Value}.{name}";
}
