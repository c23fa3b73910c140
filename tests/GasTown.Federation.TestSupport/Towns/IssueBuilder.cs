using System.Text;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// One beads issue for a <see cref="RigBuilder"/>. Writes the exporter's key order
/// (id, title, description, notes, status, priority, issue_type, assignee, created_at, created_by,
/// updated_at, closed_at, close_reason, labels, dependencies) with empty values left out, as bd does.
/// </summary>
public sealed class IssueBuilder
{
    private readonly List<(string DependsOnId, string Type, string CreatedBy)> _dependencies = [];
    private readonly List<string> _labels = [];

    internal IssueBuilder(string id, string title, string defaultTimestamp)
    {
        Id = id;
        Title = title;
        CreatedAtText = defaultTimestamp;
        UpdatedAtText = defaultTimestamp;
    }

    /// <summary>The issue id, e.g. <c>gt-abc</c>.</summary>
    public string Id { get; }

    /// <summary>The title.</summary>
    public string Title { get; }

    private string? DescriptionText { get; set; }

    private string? NotesText { get; set; }

    private string StatusText { get; set; } = "open";

    private int PriorityValue { get; set; } = 2;

    private string IssueTypeText { get; set; } = "task";

    private string? AssigneeText { get; set; }

    private string CreatedAtText { get; set; }

    private string? CreatedByText { get; set; }

    private string UpdatedAtText { get; set; }

    private string? ClosedAtText { get; set; }

    private string? CloseReasonText { get; set; }

    /// <summary>Sets the description.</summary>
    public IssueBuilder Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Sets the notes.</summary>
    public IssueBuilder Notes(string notes)
    {
        NotesText = notes;
        return this;
    }

    /// <summary>Sets the status (default <c>open</c>).</summary>
    public IssueBuilder Status(string status)
    {
        StatusText = status;
        return this;
    }

    /// <summary>Sets the priority 0–4 (default 2).</summary>
    public IssueBuilder Priority(int priority)
    {
        PriorityValue = priority;
        return this;
    }

    /// <summary>Sets the issue type (default <c>task</c>).</summary>
    public IssueBuilder Type(string issueType)
    {
        IssueTypeText = issueType;
        return this;
    }

    /// <summary>Sets the assignee, e.g. <c>gastown/polecats/nux</c>.</summary>
    public IssueBuilder Assignee(string assignee)
    {
        AssigneeText = assignee;
        return this;
    }

    /// <summary>Sets <c>created_by</c>, e.g. <c>gastown/crew/joe</c> (also used for the dependencies' <c>created_by</c> unless given).</summary>
    public IssueBuilder CreatedBy(string actor)
    {
        CreatedByText = actor;
        return this;
    }

    /// <summary>Sets <c>created_at</c> and <c>updated_at</c> (RFC 3339 text, written as given).</summary>
    public IssueBuilder CreatedAt(string timestamp)
    {
        CreatedAtText = timestamp;
        UpdatedAtText = timestamp;
        return this;
    }

    /// <summary>Sets <c>updated_at</c> (RFC 3339 text, written as given).</summary>
    public IssueBuilder UpdatedAt(string timestamp)
    {
        UpdatedAtText = timestamp;
        return this;
    }

    /// <summary>Closes the issue: status <c>closed</c>, <c>closed_at</c> (and <c>updated_at</c>) set, optional reason.</summary>
    public IssueBuilder Closed(string closedAt, string? reason = null)
    {
        StatusText = "closed";
        ClosedAtText = closedAt;
        UpdatedAtText = closedAt;
        CloseReasonText = reason;
        return this;
    }

    /// <summary>Adds labels (written sorted, as bd does).</summary>
    public IssueBuilder Labels(params string[] labels)
    {
        _labels.AddRange(labels);
        return this;
    }

    /// <summary>
    /// Adds an embedded dependency: this issue depends on <paramref name="dependsOnId"/>, which may be
    /// a local id, <c>external:&lt;rig&gt;:&lt;id&gt;</c> or a <c>gt://</c> URI. For <c>parent-child</c> this issue is the child.
    /// </summary>
    public IssueBuilder DependsOn(string dependsOnId, string type = "blocks", string createdBy = "daemon")
    {
        _dependencies.Add((dependsOnId, type, createdBy));
        return this;
    }

    /// <summary>The compact JSON line (no newline) in the exporter's key order.</summary>
    public string ToJsonLine()
    {
        var json = new StringBuilder(256);
        json.Append("{\"id\":").AppendString(Id);
        json.Append(",\"title\":").AppendString(Title);
        if (DescriptionText is { Length: > 0 })
        {
            json.Append(",\"description\":").AppendString(DescriptionText);
        }

        if (NotesText is { Length: > 0 })
        {
            json.Append(",\"notes\":").AppendString(NotesText);
        }

        json.Append(",\"status\":").AppendString(StatusText);
        json.Append(",\"priority\":").Append(PriorityValue);
        json.Append(",\"issue_type\":").AppendString(IssueTypeText);
        if (AssigneeText is { Length: > 0 })
        {
            json.Append(",\"assignee\":").AppendString(AssigneeText);
        }

        json.Append(",\"created_at\":").AppendString(CreatedAtText);
        if (CreatedByText is { Length: > 0 })
        {
            json.Append(",\"created_by\":").AppendString(CreatedByText);
        }

        json.Append(",\"updated_at\":").AppendString(UpdatedAtText);
        if (ClosedAtText is not null)
        {
            json.Append(",\"closed_at\":").AppendString(ClosedAtText);
        }

        if (CloseReasonText is { Length: > 0 })
        {
            json.Append(",\"close_reason\":").AppendString(CloseReasonText);
        }

        if (_labels.Count > 0)
        {
            json.Append(",\"labels\":[");
            var sorted = _labels.Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < sorted.Count; i++)
            {
                json.Append(i == 0 ? string.Empty : ",").AppendString(sorted[i]);
            }

            json.Append(']');
        }

        if (_dependencies.Count > 0)
        {
            json.Append(",\"dependencies\":[");
            for (var i = 0; i < _dependencies.Count; i++)
            {
                var (dependsOnId, type, createdBy) = _dependencies[i];
                json.Append(i == 0 ? "{" : ",{");
                json.Append("\"issue_id\":").AppendString(Id);
                json.Append(",\"depends_on_id\":").AppendString(dependsOnId);
                json.Append(",\"type\":").AppendString(type);
                json.Append(",\"created_at\":").AppendString(CreatedAtText);
                json.Append(",\"created_by\":").AppendString(createdBy);
                json.Append('}');
            }

            json.Append(']');
        }

        return json.Append('}').ToString();
    }
}
