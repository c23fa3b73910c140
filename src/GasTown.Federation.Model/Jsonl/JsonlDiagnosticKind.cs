namespace GasTown.Federation.Model;

/// <summary>What was wrong with a line of a JSONL file.</summary>
public enum JsonlDiagnosticKind
{
    /// <summary>The line is not valid JSON.</summary>
    InvalidJson = 1,

    /// <summary>The line is valid JSON but not an object, or a known field has the wrong JSON type or an invalid value.</summary>
    InvalidRecord = 2,

    /// <summary>The record has no <c>id</c> (or an empty one).</summary>
    MissingId = 3,

    /// <summary>The line holds bytes that are not valid UTF-8.</summary>
    InvalidUtf8 = 4,

    /// <summary>The line is longer than <see cref="JsonlReadOptions.MaxLineLength"/>; it was skipped without being parsed.</summary>
    LineTooLong = 5,

    /// <summary>The last line has no line feed and does not parse: the file was probably cut off while being written.</summary>
    TruncatedLastLine = 6,

    /// <summary>
    /// A record with an id seen before, reported at its own line: the file keeps both, and lookups and a chain's queries
    /// read the last (as upstream's import does).
    /// </summary>
    DuplicateId = 7,

    /// <summary>
    /// A <c>bd export</c> line of another record type (<c>"_type":"memory"</c>): not an issue and not an error. Documents
    /// keep such lines verbatim (memories in <see cref="WorkUnitDocument.Memories"/>); no diagnostic carries this kind.
    /// </summary>
    NotAnIssue = 8,
}
