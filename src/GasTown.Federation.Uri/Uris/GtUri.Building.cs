using GasTown.Federation.Parsing;

namespace GasTown.Federation;

public readonly partial struct GtUri
{
    /// <summary>The URI of an entity, <c>gt://entity</c>.</summary>
    /// <param name="entity">The person or organisation.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="ArgumentException"><paramref name="entity"/> is <c>default</c>.</exception>
    public static GtUri ForEntity(EntityId entity)
    {
        var e = RequireEntity(entity);
        return new GtUri(GtUriParser.CanonicalPrefix + e, GtUriKind.Entity, GtUriParser.CanonicalPrefix.Length + e.Length, ShiftAt(entity), 0, 0);
    }

    /// <summary>The URI of a chain, <c>gt://entity/chain</c>.</summary>
    /// <param name="entity">The owner of the chain.</param>
    /// <param name="chain">The chain (town) name, <c>[A-Za-z0-9][A-Za-z0-9._-]*</c>.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="ArgumentException">A part is invalid; the exception names it.</exception>
    public static GtUri ForChain(EntityId entity, string chain)
    {
        var e = RequireEntity(entity);
        RequireName(chain, nameof(chain));
        var value = $"{GtUriParser.CanonicalPrefix}{e}/{chain}";
        RequireLength(value, nameof(chain));
        var entityEnd = GtUriParser.CanonicalPrefix.Length + e.Length;
        return new GtUri(value, GtUriKind.Chain, entityEnd, ShiftAt(entity), value.Length, 0);
    }

    /// <summary>
    /// The URI of a work unit, <c>gt://entity/chain/rig/work-id</c>, or <c>gt://entity/chain/work-id</c> when
    /// <paramref name="rig"/> is <see langword="null"/> (the rig is then found from the id prefix).
    /// </summary>
    /// <param name="entity">The owner of the chain.</param>
    /// <param name="chain">The chain (town) name.</param>
    /// <param name="rig">The rig name, or <see langword="null"/>.</param>
    /// <param name="workId">The work id, <c>prefix-rest</c>.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="ArgumentException">A part is invalid; the exception names it.</exception>
    public static GtUri ForWorkUnit(EntityId entity, string chain, string? rig, string workId)
    {
        var e = RequireEntity(entity);
        RequireName(chain, nameof(chain));
        if (rig is not null)
        {
            RequireName(rig, nameof(rig));
        }

        ArgumentNullException.ThrowIfNull(workId);
        if (!PartValidator.TryValidateWorkId(workId, out var failure))
        {
            throw new ArgumentException(failure.ToError().Message, nameof(workId));
        }

        var value = rig is null
            ? $"{GtUriParser.CanonicalPrefix}{e}/{chain}/{workId}"
            : $"{GtUriParser.CanonicalPrefix}{e}/{chain}/{rig}/{workId}";
        RequireLength(value, nameof(workId));
        var entityEnd = GtUriParser.CanonicalPrefix.Length + e.Length;
        var chainEnd = entityEnd + 1 + chain.Length;
        var rigEnd = rig is null ? 0 : chainEnd + 1 + rig.Length;
        return new GtUri(value, GtUriKind.WorkUnit, entityEnd, ShiftAt(entity), chainEnd, rigEnd);
    }

    private static string RequireEntity(EntityId entity) => entity.IsDefault
        ? throw new ArgumentException(GtUriMessages.ArgumentDefaultEntity, nameof(entity))
        : entity.Value;

    private static int ShiftAt(EntityId entity) => entity.AtIndex < 0 ? -1 : GtUriParser.CanonicalPrefix.Length + entity.AtIndex;

    private static void RequireName(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (!PartValidator.TryValidateName(name, out var failure))
        {
            throw new ArgumentException(failure.ToError().Message, parameterName);
        }
    }

    private static void RequireLength(string value, string parameterName)
    {
        if (value.Length > GtUriLimits.MaxUriLength)
        {
            throw new ArgumentException(
                GtUriMessages.Format(GtUriMessages.UriTooLongToBuild, value.Length, GtUriLimits.MaxUriLength),
                parameterName);
        }
    }
}
