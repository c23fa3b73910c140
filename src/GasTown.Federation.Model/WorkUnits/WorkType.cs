namespace GasTown.Federation.Model;

/// <summary>The kind of a work unit (beads <c>issue_type</c>).</summary>
/// <remarks>An open set: values this SDK does not know are kept and written back unchanged. Comparison is ordinal.</remarks>
public readonly record struct WorkType
{
    private readonly string? _value;

    /// <summary>Wraps a raw value as written in the file.</summary>
    /// <param name="value">The raw value; null is treated as empty.</param>
    public WorkType(string? value) => _value = string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The raw value as written in the file; empty when the key was absent.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is empty (the key was absent).</summary>
    public bool IsEmpty => _value is null;

    /// <summary><c>bug</c>: A defect.</summary>
    public static WorkType Bug { get; } = new("bug");

    /// <summary><c>feature</c>: New behaviour.</summary>
    public static WorkType Feature { get; } = new("feature");

    /// <summary><c>task</c>: A piece of work (upstream's import default).</summary>
    public static WorkType Task { get; } = new("task");

    /// <summary><c>epic</c>: A parent of other work.</summary>
    public static WorkType Epic { get; } = new("epic");

    /// <summary><c>chore</c>: Maintenance.</summary>
    public static WorkType Chore { get; } = new("chore");

    /// <summary><c>message</c>: A message between agents.</summary>
    public static WorkType Message { get; } = new("message");

    /// <summary><c>merge-request</c>: A merge request.</summary>
    public static WorkType MergeRequest { get; } = new("merge-request");

    /// <summary><c>molecule</c>: A molecule (workflow instance).</summary>
    public static WorkType Molecule { get; } = new("molecule");

    /// <summary><c>gate</c>: A gate that waits on something.</summary>
    public static WorkType Gate { get; } = new("gate");

    /// <summary><c>agent</c>: An agent bead.</summary>
    public static WorkType Agent { get; } = new("agent");

    /// <summary><c>role</c>: A role bead.</summary>
    public static WorkType Role { get; } = new("role");

    /// <summary><c>convoy</c>: A convoy of work.</summary>
    public static WorkType Convoy { get; } = new("convoy");

    /// <summary><c>event</c>: An event bead.</summary>
    public static WorkType Event { get; } = new("event");

    /// <summary><c>decision</c>: A decision (HEAD).</summary>
    public static WorkType Decision { get; } = new("decision");

    /// <summary><c>spike</c>: A spike (HEAD).</summary>
    public static WorkType Spike { get; } = new("spike");

    /// <summary><c>story</c>: A story (HEAD).</summary>
    public static WorkType Story { get; } = new("story");

    /// <summary><c>milestone</c>: A milestone (HEAD).</summary>
    public static WorkType Milestone { get; } = new("milestone");

    /// <summary>The well-known values, in upstream's declaration order.</summary>
    public static IReadOnlyList<WorkType> KnownValues { get; } = [Bug, Feature, Task, Epic, Chore, Message, MergeRequest, Molecule, Gate, Agent, Role, Convoy, Event, Decision, Spike, Story, Milestone];

    /// <summary>True when <see cref="Value"/> is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <summary>Returns the interned well-known instance for UTF-8 bytes when there is one (saves a string per record).</summary>
    internal static WorkType FromUtf8(ReadOnlySpan<byte> utf8)
    {
        switch (utf8.Length)
        {
            case 3:
                if (utf8.SequenceEqual("bug"u8))
                {
                    return Bug;
                }

                break;
            case 4:
                if (utf8.SequenceEqual("task"u8))
                {
                    return Task;
                }

                if (utf8.SequenceEqual("epic"u8))
                {
                    return Epic;
                }

                if (utf8.SequenceEqual("gate"u8))
                {
                    return Gate;
                }

                if (utf8.SequenceEqual("role"u8))
                {
                    return Role;
                }

                break;
            case 5:
                if (utf8.SequenceEqual("chore"u8))
                {
                    return Chore;
                }

                if (utf8.SequenceEqual("agent"u8))
                {
                    return Agent;
                }

                if (utf8.SequenceEqual("event"u8))
                {
                    return Event;
                }

                if (utf8.SequenceEqual("spike"u8))
                {
                    return Spike;
                }

                if (utf8.SequenceEqual("story"u8))
                {
                    return Story;
                }

                break;
            case 6:
                if (utf8.SequenceEqual("convoy"u8))
                {
                    return Convoy;
                }

                break;
            case 7:
                if (utf8.SequenceEqual("feature"u8))
                {
                    return Feature;
                }

                if (utf8.SequenceEqual("message"u8))
                {
                    return Message;
                }

                break;
            case 8:
                if (utf8.SequenceEqual("molecule"u8))
                {
                    return Molecule;
                }

                if (utf8.SequenceEqual("decision"u8))
                {
                    return Decision;
                }

                break;
            case 9:
                if (utf8.SequenceEqual("milestone"u8))
                {
                    return Milestone;
                }

                break;
            case 13:
                if (utf8.SequenceEqual("merge-request"u8))
                {
                    return MergeRequest;
                }

                break;
        }

        return new WorkType(System.Text.Encoding.UTF8.GetString(utf8));
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;
}
