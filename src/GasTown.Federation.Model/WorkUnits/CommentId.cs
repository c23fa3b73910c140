using System.Globalization;

namespace GasTown.Federation.Model;

/// <summary>
/// The id of a comment: an integer (SQLite rowid) at the design date, a string (UUID) at upstream HEAD.
/// Whichever it is, it is kept and written back the same way.
/// </summary>
public readonly record struct CommentId
{
    private readonly string? _value;

    private CommentId(string value, bool isNumber)
    {
        _value = value;
        IsNumber = isNumber;
    }

    /// <summary>The id as text (the digits of a numeric id).</summary>
    public string Value => _value ?? "0";

    /// <summary>True when the id is written as a JSON number.</summary>
    public bool IsNumber { get; }

    /// <summary>A numeric id, as written at the design date.</summary>
    public static CommentId FromNumber(long id) => new(id.ToString(CultureInfo.InvariantCulture), true);

    /// <summary>A string id, as written at upstream HEAD.</summary>
    public static CommentId FromString(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new(id, false);
    }

    /// <summary>
    /// A UUID id as upstream writes it since beads 1ce765eef (2026-03-13): lower-case, hyphenated
    /// (<c>uuid.New().String()</c>), as a JSON string.
    /// </summary>
    public static CommentId FromGuid(Guid id) => new(id.ToString("D"), false);

    /// <summary>A new random UUID id, for a comment this SDK adds to a file of the UUID era.</summary>
    public static CommentId NewUuid() => FromGuid(Guid.NewGuid());

    /// <summary>The id as a UUID when it is one (a string id in UUID form), else false.</summary>
    public bool TryGetGuid(out Guid id)
    {
        id = default;
        return !IsNumber && _value is { Length: 36 } && Guid.TryParseExact(_value, "D", out id);
    }

    /// <summary>The raw digits of a JSON number, kept exactly.</summary>
    internal static CommentId FromRawNumber(string digits) => new(digits, true);

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;
}
