using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Model;

/// <summary>
/// Parsed files keyed by content id (<see cref="ChainFile.ContentId"/>, a git blob id): a blob parsed once is
/// never parsed again, so a second load of a fetched chain costs lookups. Implementations must be thread-safe.
/// </summary>
/// <remarks>
/// The key is the pair (content id, parsed type): one blob may be parsed as different things. Cached values
/// are immutable (<see cref="WorkUnitDocument"/>, <see cref="RouteTable"/>, <see cref="RelationshipDocument"/>,
/// <see cref="TownMetadata"/>) and shared between chains.
/// </remarks>
public interface IParsedBlobCache
{
    /// <summary>Looks up a parsed blob.</summary>
    /// <typeparam name="T">The parsed type.</typeparam>
    /// <param name="contentId">The blob's content id.</param>
    /// <param name="value">The parsed value, when cached.</param>
    /// <returns>Whether it was cached.</returns>
    bool TryGet<T>(string contentId, [NotNullWhen(true)] out T? value)
        where T : class;

    /// <summary>Stores a parsed blob.</summary>
    /// <typeparam name="T">The parsed type.</typeparam>
    /// <param name="contentId">The blob's content id.</param>
    /// <param name="value">The parsed value.</param>
    void Set<T>(string contentId, T value)
        where T : class;
}
