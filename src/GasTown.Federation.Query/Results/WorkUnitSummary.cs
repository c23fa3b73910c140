using System.Text.Json.Serialization;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// One work unit (beads issue) as a query found it: where it lives, the <see cref="Model.WorkUnit"/> itself with
/// every upstream field typed, and the exact line it was read from when the chain has it.
/// </summary>
/// <remarks>
/// Equality compares the address and the work unit (its canonical beads JSON), not the line bytes. In JSON
/// (<see cref="QueryJsonContext"/>) it is the beads object with <c>uri</c>, <c>chain</c> and <c>rig</c> added and
/// every timestamp in UTC (<c>Z</c>); read back, it equals the one written when upstream wrote UTC (otherwise it
/// holds the same instants, spelled in UTC), and has no <see cref="UpstreamLine"/>.
/// </remarks>
[JsonConverter(typeof(WorkUnitSummaryJsonConverter))]
public sealed record WorkUnitSummary
{
    private readonly ReadOnlyMemory<byte> upstreamLine;

    /// <summary>Creates the summary of a work unit found at <paramref name="uri"/>.</summary>
    /// <param name="uri">Its canonical <c>gt://entity/chain/[rig/]id</c> URI.</param>
    /// <param name="rig">The rig (project) inside the chain, <c>"."</c> for town-level beads, or null when unknown.</param>
    /// <param name="workUnit">The work unit as read.</param>
    /// <param name="upstreamLine">The exact UTF-8 line it was read from (no line ending), or empty when unknown.</param>
    /// <exception cref="ArgumentException"><paramref name="uri"/> is not a work-unit URI.</exception>
    public WorkUnitSummary(GtUri uri, string? rig, WorkUnit workUnit, ReadOnlyMemory<byte> upstreamLine = default)
    {
        ArgumentNullException.ThrowIfNull(workUnit);
        if (uri.IsDefault || uri.Kind != GtUriKind.WorkUnit)
        {
            throw new ArgumentException($"A work-unit URI (gt://entity/chain/[rig/]id) is needed, got '{uri}'.", nameof(uri));
        }

        Uri = uri;
        Rig = rig;
        WorkUnit = workUnit;
        this.upstreamLine = upstreamLine;
    }

    /// <summary>The canonical <c>gt://entity/chain/[rig/]id</c> URI (the rig named when the chain knows it).</summary>
    public GtUri Uri { get; }

    /// <summary>The chain that holds it, <c>gt://entity/chain</c>.</summary>
    public GtUri Chain => Uri.ChainUri;

    /// <summary>The rig (project) inside the chain, <c>"."</c> for town-level beads, or null when unknown.</summary>
    public string? Rig { get; }

    /// <summary>The work unit with every upstream field.</summary>
    public WorkUnit WorkUnit { get; }

    /// <summary>The beads id, e.g. <c>gt-abc</c>.</summary>
    public string Id => WorkUnit.Id;

    /// <summary>The title.</summary>
    public string Title => WorkUnit.Title;

    /// <summary>The status (<see cref="WorkStatus.Open"/>, <see cref="WorkStatus.Closed"/>, …; an open set).</summary>
    public WorkStatus Status => WorkUnit.Status;

    /// <summary>The issue type (<c>task</c>, <c>epic</c>, …; an open set).</summary>
    public WorkType IssueType => WorkUnit.IssueType;

    /// <summary>0 (P0) to 4.</summary>
    public int Priority => WorkUnit.Priority;

    /// <summary>The assignee as written, or null.</summary>
    public string? Assignee => WorkUnit.Assignee;

    /// <summary>The actor that created it, or null.</summary>
    public string? CreatedBy => WorkUnit.CreatedBy;

    /// <summary>When it was created (the text as upstream wrote it is <see cref="BeadsTimestamp.Text"/>).</summary>
    public BeadsTimestamp CreatedAt => WorkUnit.CreatedAt;

    /// <summary>When it was closed, or null.</summary>
    public BeadsTimestamp? ClosedAt => WorkUnit.ClosedAt;

    /// <summary>Whether <see cref="UpstreamLine"/> holds the bytes the work unit was read from.</summary>
    public bool HasUpstreamLine => !upstreamLine.IsEmpty;

    /// <summary>
    /// The exact UTF-8 line of <c>issues.jsonl</c> the work unit was read from (no line ending), so a host can show
    /// or forward upstream's bytes untouched; empty when the chain did not keep them (a result read back from JSON).
    /// </summary>
    public ReadOnlyMemory<byte> UpstreamLine => upstreamLine;

    /// <summary>Same address, rig and work unit (line bytes are not compared).</summary>
    /// <param name="other">The other summary.</param>
    /// <returns>Whether both describe the same work unit at the same place.</returns>
    public bool Equals(WorkUnitSummary? other) =>
        other is not null && Uri == other.Uri && string.Equals(Rig, other.Rig, StringComparison.Ordinal) && WorkUnit.Equals(other.WorkUnit);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Uri, Rig, WorkUnit.Id);

    /// <summary>Orders by URI (ordinal on the text), the order every list result uses.</summary>
    internal static int CompareByUri(WorkUnitSummary a, WorkUnitSummary b) => string.CompareOrdinal(a.Uri.ToString(), b.Uri.ToString());
}
