using System.Diagnostics.CodeAnalysis;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// A reference into a Wasteland commons (gastown's <c>gt wl</c>, a DoltHub database forked from
/// <c>steveyegge/wl-commons</c>): <c>hop://&lt;org&gt;/&lt;database&gt;</c> for the database,
/// <c>hop://&lt;org&gt;/&lt;database&gt;/&lt;table&gt;/&lt;id&gt;</c> for a row (its <c>hop_uri</c> column, gastown
/// docs/guides/mvgt-integration.md, 2f7270eb6). Not a work unit: <see cref="GtUri"/> refuses these with
/// <see cref="GtUriError.WastelandReference"/> instead of misreading the owner as an entity.
/// </summary>
/// <remarks>
/// The rule that tells the two <c>hop://</c> shapes apart: a Gas Town entity is a domain or a person, so it holds a
/// '.' or an '@'; a DoltHub owner holds neither. A <c>hop://</c> URI whose first segment holds neither, with two
/// segments or four, is the Wasteland's. Write <c>gt://</c> for an entity without a dot (<c>gt://localhost/town</c>).
/// </remarks>
/// <param name="Org">The DoltHub owner, e.g. <c>steveyegge</c>.</param>
/// <param name="Database">The commons database, e.g. <c>wl-commons</c>.</param>
/// <param name="Table">The table (<c>rigs</c>, <c>wanted</c>, <c>completions</c>, <c>stamps</c>, <c>badges</c>, <c>chain_meta</c>, …), or null for the database itself.</param>
/// <param name="Id">The row id, or null for the database itself.</param>
public sealed record WastelandReference(string Org, string Database, string? Table, string? Id)
{
    /// <summary>The scheme both shapes share.</summary>
    public const string Scheme = "hop";

    /// <summary>True when this names a row, false for the database itself.</summary>
    public bool IsRow => Table is not null;

    /// <summary>Tries to read a Wasteland reference (scheme case-insensitive). Never throws.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out WastelandReference? reference)
    {
        reference = null;
        if (s is null || s.Length > GtUriLimits.MaxUriLength || !s.StartsWith("hop://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = s.AsSpan(6);
        if (!WastelandShape.TrySplit(rest, out var org, out var database, out var table, out var id))
        {
            return false;
        }

        var isRow = !table.Equals(default(Range));
        reference = new WastelandReference(
            rest[org].ToString(),
            rest[database].ToString(),
            isRow ? rest[table].ToString() : null,
            isRow ? rest[id].ToString() : null);
        return true;
    }

    /// <summary>Reads a Wasteland reference.</summary>
    /// <exception cref="FormatException">The text is not one; the message gives the shape.</exception>
    public static WastelandReference Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var reference)
            ? reference
            : throw new FormatException($"'{s}' is not a Wasteland reference: expected hop://<org>/<database>[/<table>/<id>] with an owner name without '.' or '@'.");
    }

    /// <summary>True when <paramref name="s"/> has the Wasteland's shape (so <see cref="GtUri"/> would refuse it).</summary>
    public static bool IsWastelandShape([NotNullWhen(true)] string? s) => TryParse(s, out _);

    /// <summary>The reference as <c>hop://org/database[/table/id]</c>.</summary>
    public override string ToString() => IsRow ? $"hop://{Org}/{Database}/{Table}/{Id}" : $"hop://{Org}/{Database}";
}
