namespace GasTown.Federation.Query;

/// <summary>The <see cref="AuditEntry.Source"/> and <see cref="AuditEntry.Type"/> values the audit writes.</summary>
public static class AuditSources
{
    /// <summary>An entry from a town's <c>.events.jsonl</c>; its type is the event's type.</summary>
    public const string Events = "events";

    /// <summary>An entry derived from a work unit (beads issue).</summary>
    public const string Beads = "beads";

    /// <summary>An entry from a git commit of a chain.</summary>
    public const string Git = "git";

    /// <summary>The actor created the work unit (<c>created_by</c>, at <c>created_at</c>).</summary>
    public const string BeadCreated = "bead_created";

    /// <summary>
    /// The work unit is closed and the actor is its <c>assignee</c> (at <c>closed_at</c>, else <c>updated_at</c>),
    /// upstream <c>gt audit</c>'s rule, since beads records no closer.
    /// </summary>
    public const string BeadClosed = "bead_closed";

    /// <summary>The actor commented on the work unit (comment <c>author</c>, at its <c>created_at</c>).</summary>
    public const string BeadCommented = "bead_commented";

    /// <summary>The actor added a dependency (dependency <c>created_by</c>, at its <c>created_at</c>).</summary>
    public const string DependencyAdded = "dependency_added";

    /// <summary>A commit whose <c>Executed-By:</c> trailer (else author name) is the actor.</summary>
    public const string Commit = "commit";
}
