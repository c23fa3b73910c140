using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// A new work unit, as <c>bd create</c> takes it: <c>--title</c> and optionally <c>--description --type --priority
/// --assignee --parent --labels</c>. <see cref="TownWriter.CreateWorkUnitAsync"/> adds the id, status, timestamps and
/// <c>created_by</c>.
/// </summary>
public sealed record WorkUnitDraft
{
    /// <summary>The title (required, one line).</summary>
    public required string Title { get; init; }

    /// <summary>The description, or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>The issue type.</summary>
    /// <value>The default value is <see cref="WorkType.Task"/>, bd's default.</value>
    public WorkType Type { get; init; } = WorkType.Task;

    /// <summary>The priority, 0 (highest) to 4.</summary>
    /// <value>The default value is 2, bd's default.</value>
    public int Priority { get; init; } = 2;

    /// <summary>Who the work is assigned to, or <see langword="null"/>.</summary>
    public string? Assignee { get; init; }

    /// <summary>
    /// The parent's id (in the same rig): the new unit gets the child id <c>&lt;parent&gt;.N</c> and a
    /// <c>parent-child</c> dependency on it, as bd does. <see langword="null"/> for a top-level unit.
    /// </summary>
    public string? Parent { get; init; }

    /// <summary>
    /// The human owner written as <c>owner</c>: bd stamps the person's email (<c>GIT_AUTHOR_EMAIL</c>, else
    /// <c>git config user.email</c>); <see langword="null"/> leaves it out, as bd does when neither is set.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>Labels, or empty.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
