namespace GasTown.Federation.Model;

/// <summary>How a beads field's JSON value is read, held and written. Each kind has one reader and one writer.</summary>
internal enum FieldKind : byte
{
    /// <summary>The issue id: a string held in <see cref="WorkUnit.Id"/>, not among the field values.</summary>
    Id,

    /// <summary>A long string (title, description…): kept as a slice of the line until read (<see cref="LazyJsonText"/>).</summary>
    Text,

    /// <summary>A string, held as <see cref="string"/>.</summary>
    String,

    /// <summary>A string held as the <see cref="WorkStatus"/> value's text (known values shared).</summary>
    Status,

    /// <summary>A string held as the <see cref="WorkType"/> value's text (known values shared).</summary>
    IssueType,

    /// <summary>A Go <c>int</c>, held boxed.</summary>
    Int32,

    /// <summary>A Go <c>int64</c> (also <c>time.Duration</c>), held boxed.</summary>
    Int64,

    /// <summary>A Go <c>bool</c>, held boxed.</summary>
    Bool,

    /// <summary>A Go <c>time.Time</c>, held as a boxed <see cref="BeadsTimestamp"/> (the original text survives).</summary>
    Timestamp,

    /// <summary>A <c>[]string</c>, held as a read-only list.</summary>
    StringList,

    /// <summary><c>[]Dependency</c>.</summary>
    Dependencies,

    /// <summary><c>[]Comment</c>.</summary>
    Comments,

    /// <summary><c>[]BondRef</c>.</summary>
    Bonds,

    /// <summary>A <c>*EntityRef</c>.</summary>
    Entity,

    /// <summary><c>[]Validation</c>.</summary>
    Validations,

    /// <summary>A <c>json.RawMessage</c>: any JSON value, held as its compact UTF-8 bytes.</summary>
    RawJson,
}
