namespace GasTown.Federation.Model;

/// <summary>Why a line of an issues file holds no work unit a query can see.</summary>
public enum DroppedLineReason
{
    /// <summary>The line is not valid JSON.</summary>
    InvalidJson = 1,

    /// <summary>The line is JSON but not a valid work unit (not an object, a field of the wrong type).</summary>
    InvalidRecord = 2,

    /// <summary>The record has no id.</summary>
    MissingId = 3,

    /// <summary>The line holds bytes that are not valid UTF-8.</summary>
    InvalidUtf8 = 4,

    /// <summary>The line is longer than <see cref="ChainLimits.MaxLineBytes"/>; it was not parsed.</summary>
    LineTooLong = 5,

    /// <summary>The line nests objects and arrays deeper than <see cref="ChainLimits.MaxJsonDepth"/>; it was not parsed.</summary>
    NestedTooDeep = 6,

    /// <summary>The last line has no line feed and does not parse (the file was cut off).</summary>
    TruncatedLastLine = 7,

    /// <summary>The work unit was read, but its id cannot be named by a gt:// URI, so no query can reach it.</summary>
    UnaddressableId = 8,

    /// <summary>
    /// The line's id is on a later line of the same file too: the last line is read, as upstream's import does, and this
    /// one is left out of answers.
    /// </summary>
    RepeatedId = 9,

    /// <summary>
    /// The work unit's id is also in another rig of the chain, whose unit the id names (the rig its prefix routes to, else
    /// the first that holds it): this rig's is left out of answers.
    /// </summary>
    IdInAnotherRig = 10,
}
