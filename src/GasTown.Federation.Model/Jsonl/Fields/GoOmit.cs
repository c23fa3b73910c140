namespace GasTown.Federation.Model;

/// <summary>When a field is left out of the JSON, as Go's <c>omitempty</c> decides it for the field's Go type.</summary>
internal enum GoOmit : byte
{
    /// <summary>No <c>omitempty</c>: always written (a zero value when the record has none).</summary>
    Never,

    /// <summary><c>omitempty</c> on a value type: left out when empty (<c>""</c>, 0, false, an empty list).</summary>
    Empty,

    /// <summary><c>omitempty</c> on a pointer: left out only when nil, so <c>""</c> and 0 are written.</summary>
    Nil,

    /// <summary>
    /// Not an <c>Issue</c> field but part of the line's envelope (<c>bd export</c>'s <c>_type</c> and counts): written
    /// only when the record carries it, whatever its value, because it is derived from other data.
    /// </summary>
    Carried,
}
