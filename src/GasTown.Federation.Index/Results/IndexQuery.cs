using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>What an index list or search asks for: an optional chain, filters, and one page.</summary>
/// <remarks>Items come ordered by URI (ordinal), the order of the direct queries; <see cref="After"/> resumes after the last item of a page.</remarks>
public sealed record IndexQuery
{
    /// <summary>The largest <see cref="Limit"/>.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>A registered remote's name or a chain URI (<c>gt://entity/chain</c>); null for every indexed chain.</summary>
    public string? Remote { get; init; }

    /// <summary>Only work units with this status.</summary>
    public WorkStatus? Status { get; init; }

    /// <summary>Only work units of this type.</summary>
    public WorkType? IssueType { get; init; }

    /// <summary>Only work units assigned to this assignee (exact).</summary>
    public string? Assignee { get; init; }

    /// <summary>Only work units of this priority: 0 (highest) to <see cref="TownWriter.MaxPriority"/> (4), bd's range; another value is refused.</summary>
    public int? Priority { get; init; }

    /// <summary>The page size, 1 to <see cref="MaxLimit"/>; the default is 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The continuation token of the previous page (<see cref="IndexPage.Next"/>), or null for the first page.</summary>
    public string? After { get; init; }
}
