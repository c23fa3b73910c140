using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// Where short-form <see cref="WorkReference"/>s are resolved: the current town (its entity and chain),
/// optionally the current rig, and optionally a prefix router.
/// </summary>
public sealed class WorkReferenceContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="entity">The entity that owns the current town.</param>
    /// <param name="chain">The current town's chain name.</param>
    /// <param name="currentRig">The rig <c>./id</c> refers to, or <see langword="null"/> when there is none.</param>
    /// <param name="rigForWorkId">
    /// The prefix router: returns the rig name of a work id (for example from the town's <c>routes.jsonl</c>), or
    /// <see langword="null"/> when it does not know it or the work unit is town-level; the result is then a
    /// three-segment URI routed by prefix, which is legal.
    /// </param>
    /// <exception cref="ArgumentException">The entity is <c>default</c>, or a name is invalid.</exception>
    public WorkReferenceContext(EntityId entity, string chain, string? currentRig = null, Func<string, string?>? rigForWorkId = null)
    {
        if (entity.IsDefault)
        {
            throw new ArgumentException(GtUriMessages.ArgumentDefaultEntity, nameof(entity));
        }

        ArgumentNullException.ThrowIfNull(chain);
        if (!PartValidator.TryValidateName(chain, out var failure))
        {
            throw new ArgumentException(failure.ToError().Message, nameof(chain));
        }

        if (currentRig is not null && !PartValidator.TryValidateName(currentRig, out failure))
        {
            throw new ArgumentException(failure.ToError().Message, nameof(currentRig));
        }

        Entity = entity;
        Chain = chain;
        CurrentRig = currentRig;
        RigForWorkId = rigForWorkId;
        ChainUri = GtUri.ForChain(entity, chain);
    }

    /// <summary>Creates a context from a chain URI (<c>gt://entity/chain</c>, or the chain of a work-unit URI).</summary>
    /// <param name="chain">The current chain.</param>
    /// <param name="currentRig">The current rig, or <see langword="null"/>.</param>
    /// <param name="rigForWorkId">The prefix router, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="chain"/> names an entity only.</exception>
    public WorkReferenceContext(GtUri chain, string? currentRig = null, Func<string, string?>? rigForWorkId = null)
        : this(chain.Entity, chain.Chain ?? throw new ArgumentException(GtUriMessages.ContextUriHasNoChain, nameof(chain)), currentRig, rigForWorkId)
    {
    }

    /// <summary>The entity that owns the current town.</summary>
    public EntityId Entity { get; }

    /// <summary>The current town's chain name.</summary>
    public string Chain { get; }

    /// <summary>The current chain's URI, <c>gt://entity/chain</c>.</summary>
    public GtUri ChainUri { get; }

    /// <summary>The rig that <c>./id</c> refers to, if any.</summary>
    public string? CurrentRig { get; }

    /// <summary>The prefix router, if any: work id to rig name, or <see langword="null"/>.</summary>
    public Func<string, string?>? RigForWorkId { get; }
}
