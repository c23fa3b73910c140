using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// A dependency embedded in a work unit: <see cref="IssueId"/> depends on <see cref="DependsOnId"/>.
/// For <see cref="DependencyType.ParentChild"/> the issue is the child. Written as
/// <c>{"issue_id","depends_on_id","type","created_at","created_by"?,"metadata"?,"thread_id"?}</c>.
/// </summary>
/// <param name="IssueId">The issue that depends (always the containing work unit's id in real data).</param>
/// <param name="DependsOnId">The target: a work id, an <c>external:&lt;project&gt;:&lt;id-or-capability&gt;</c>
/// reference, or (at upstream HEAD) a bare foreign id. It may name an issue that was never exported.</param>
/// <param name="Type">The edge type; unknown types are kept.</param>
/// <param name="CreatedAt">When the edge was added.</param>
/// <param name="CreatedBy">Who added it (omitted when null or empty).</param>
/// <param name="Metadata">A string holding JSON (for example waits-for gate options); omitted when null or empty.</param>
/// <param name="ThreadId">A message thread id; omitted when null or empty.</param>
public sealed record Dependency(
    string IssueId,
    string DependsOnId,
    DependencyType Type,
    BeadsTimestamp CreatedAt,
    string? CreatedBy = null,
    string? Metadata = null,
    string? ThreadId = null)
{
    private readonly IReadOnlyList<UnknownJsonField> _unknownFields = ReadOnlyArray<UnknownJsonField>.Empty;

    /// <summary>Properties of the dependency object this SDK does not model, in file order; written after the known ones.</summary>
    public IReadOnlyList<UnknownJsonField> UnknownFields
    {
        get => _unknownFields;
        init => _unknownFields = ReadOnlyLists.Copy(value);
    }

    /// <summary>True when the target is an <c>external:</c> reference.</summary>
    public bool IsExternal => DependsOnId.StartsWith("external:", StringComparison.Ordinal);

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
