using System.Diagnostics;
using System.Text.Json.Serialization;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// A <c>gt://</c> URI: the name of an entity, of one of its chains (towns), or of a work unit in a chain.
/// </summary>
/// <remarks>
/// <para>Grammar (<c>hop://</c> is accepted as an alias; the scheme is case-insensitive and formats as <c>gt</c>):</para>
/// <code>
/// gt://entity                      GtUriKind.Entity     gt://acme.com
/// gt://entity/chain                GtUriKind.Chain      gt://acme.com/engineering
/// gt://entity/chain/work-id        GtUriKind.WorkUnit   gt://acme.com/projects/proj-123 (rig found from the id prefix)
/// gt://entity/chain/rig/work-id    GtUriKind.WorkUnit   gt://steve@example.com/main-town/gastown/gt-xyz
/// </code>
/// <list type="bullet">
/// <item><description>Entity: a domain (RFC 1123 labels of letters, digits and '-', 1–63 characters each, at most 253 in all)
/// or a person <c>local@domain</c> whose local part uses letters, digits, '.', '_', '-' and '+' (at most 64, no leading,
/// trailing or doubled '.'). ASCII only: international domains are written in punycode (<c>xn--</c>). The entity is
/// case-insensitive and is kept in lower case. The '@' belongs to the entity; it is not RFC 3986 user-info.</description></item>
/// <item><description>Chain and rig: <c>[A-Za-z0-9][A-Za-z0-9._-]*</c>, at most 64 characters, case-sensitive.</description></item>
/// <item><description>Work id: <c>prefix-rest</c> such as <c>gt-xyz</c>, <c>bd-a3f8.1</c>, <c>gt-wisp-050</c>,
/// <c>gt-gastown-crew-max</c>: letters, digits, '_', '-' and '.', starting with a letter or digit, with a '-' after the
/// prefix, '.' only after it and never next to another '.' or '-', at most 128 characters, case-sensitive.</description></item>
/// <item><description>Rejected, with position and reason (<see cref="GtUriError"/>): percent-encoding (no legal character
/// needs it, so <c>%2F</c> cannot smuggle a '/'), empty, <c>.</c> and <c>..</c> segments, a trailing '/', query, fragment,
/// user-info, ports, white space, control characters, non-ASCII characters, more than four segments, more than
/// <see cref="GtUriLimits.MaxUriLength"/> characters.</description></item>
/// </list>
/// <para>The value keeps the canonical string and the offsets of its parts. Parsing a string that is already canonical
/// allocates nothing; the <c>…Span</c> accessors read parts without allocating; formatting to a span allocates nothing.
/// Equality and ordering are ordinal on the canonical form, which follows the case rules because the entity is lower case.</para>
/// </remarks>
[JsonConverter(typeof(GtUriJsonConverter))]
[DebuggerDisplay("{ToString(),nq}")]
public readonly partial struct GtUri : IEquatable<GtUri>, IComparable<GtUri>, IComparable
{
    private readonly string? _value;
    private readonly short _entityEnd;
    private readonly short _at;
    private readonly short _chainEnd;
    private readonly short _rigEnd;
    private readonly GtUriKind _kind;

    internal GtUri(string value, GtUriKind kind, int entityEnd, int at, int chainEnd, int rigEnd)
    {
        _value = value;
        _kind = kind;
        _entityEnd = (short)entityEnd;
        _at = (short)at;
        _chainEnd = (short)chainEnd;
        _rigEnd = (short)rigEnd;
    }

    /// <summary>What the URI names. <c>default(GtUri)</c> reports 0, which is no defined kind.</summary>
    public GtUriKind Kind => _kind;

    /// <summary><see langword="true"/> for <c>default(GtUri)</c>, which names nothing and formats as an empty string.</summary>
    public bool IsDefault => _value is null;

    /// <summary>The entity that owns the chain (allocates its string; see <see cref="EntitySpan"/>).</summary>
    public EntityId Entity => _value is null
        ? default
        : EntityId.FromCanonical(_value.Substring(GtUriParser.CanonicalPrefix.Length, _entityEnd - GtUriParser.CanonicalPrefix.Length), _at < 0 ? -1 : _at - GtUriParser.CanonicalPrefix.Length);

    /// <summary>The entity in canonical lower case, without allocating.</summary>
    public ReadOnlySpan<char> EntitySpan => _value is null
        ? default
        : _value.AsSpan(GtUriParser.CanonicalPrefix.Length, _entityEnd - GtUriParser.CanonicalPrefix.Length);

    /// <summary>The chain (town) name; <see langword="null"/> for an entity URI.</summary>
    public string? Chain => _kind >= GtUriKind.Chain ? ChainSpan.ToString() : null;

    /// <summary>The chain name without allocating; empty for an entity URI.</summary>
    public ReadOnlySpan<char> ChainSpan => _kind >= GtUriKind.Chain
        ? _value.AsSpan(_entityEnd + 1, _chainEnd - _entityEnd - 1)
        : default;

    /// <summary>The rig name; <see langword="null"/> when the URI names no rig (the work unit is routed by its prefix).</summary>
    public string? Rig => _rigEnd > 0 ? RigSpan.ToString() : null;

    /// <summary>The rig name without allocating; empty when the URI names no rig.</summary>
    public ReadOnlySpan<char> RigSpan => _rigEnd > 0
        ? _value.AsSpan(_chainEnd + 1, _rigEnd - _chainEnd - 1)
        : default;

    /// <summary><see langword="true"/> when the URI names a rig (four segments).</summary>
    public bool HasRig => _rigEnd > 0;

    /// <summary>The work id; <see langword="null"/> unless <see cref="Kind"/> is <see cref="GtUriKind.WorkUnit"/>.</summary>
    public string? WorkId => _kind == GtUriKind.WorkUnit ? WorkIdSpan.ToString() : null;

    /// <summary>The work id without allocating; empty unless <see cref="Kind"/> is <see cref="GtUriKind.WorkUnit"/>.</summary>
    public ReadOnlySpan<char> WorkIdSpan => _kind == GtUriKind.WorkUnit
        ? _value.AsSpan((_rigEnd > 0 ? _rigEnd : _chainEnd) + 1)
        : default;

    /// <summary>The URI of the entity alone, <c>gt://entity</c>.</summary>
    /// <exception cref="InvalidOperationException">The URI is <c>default</c>.</exception>
    public GtUri EntityUri => _value is null
        ? throw new InvalidOperationException(GtUriMessages.DefaultHasNoEntity)
        : _kind == GtUriKind.Entity ? this : new GtUri(_value[.._entityEnd], GtUriKind.Entity, _entityEnd, _at, 0, 0);

    /// <summary>The URI of the chain, <c>gt://entity/chain</c>, of a chain or work-unit URI.</summary>
    /// <exception cref="InvalidOperationException">The URI names an entity only, or is <c>default</c>.</exception>
    public GtUri ChainUri => _kind switch
    {
        GtUriKind.Chain => this,
        GtUriKind.WorkUnit => new GtUri(_value![.._chainEnd], GtUriKind.Chain, _entityEnd, _at, _chainEnd, 0),
        _ => throw new InvalidOperationException(GtUriMessages.Format(GtUriMessages.EntityHasNoChain, ToString())),
    };

    /// <summary>The same work unit with its rig named, or dropped when <paramref name="rig"/> is <see langword="null"/>.</summary>
    /// <param name="rig">The rig name, or <see langword="null"/> to route by the id prefix.</param>
    /// <exception cref="InvalidOperationException">The URI does not name a work unit.</exception>
    /// <exception cref="ArgumentException"><paramref name="rig"/> is not a valid name.</exception>
    public GtUri WithRig(string? rig)
    {
        if (_kind != GtUriKind.WorkUnit)
        {
            throw new InvalidOperationException(GtUriMessages.Format(GtUriMessages.NotAWorkUnitForRig, ToString()));
        }

        if (rig is not null && RigSpan.SequenceEqual(rig) && HasRig)
        {
            return this;
        }

        return ForWorkUnit(Entity, ChainSpan.ToString(), rig, WorkIdSpan.ToString());
    }

    /// <summary>The canonical form, <c>gt://…</c> with a lower-case entity; an empty string for <c>default</c>.</summary>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Ordinal equality of the canonical forms (entity case-insensitive, the rest case-sensitive).</summary>
    /// <param name="other">The URI to compare with.</param>
    public bool Equals(GtUri other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GtUri other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : string.GetHashCode(_value, StringComparison.Ordinal);

    /// <summary>Ordinal order of the canonical forms; <c>default</c> sorts first.</summary>
    /// <param name="other">The URI to compare with.</param>
    public int CompareTo(GtUri other) => string.CompareOrdinal(_value, other._value);

    /// <inheritdoc/>
    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        GtUri other => CompareTo(other),
        _ => throw new ArgumentException(GtUriMessages.NotAGtUri, nameof(obj)),
    };

    /// <summary>Equality of canonical forms.</summary>
    /// <param name="left">The first URI.</param>
    /// <param name="right">The second URI.</param>
    public static bool operator ==(GtUri left, GtUri right) => left.Equals(right);

    /// <summary>Inequality of canonical forms.</summary>
    /// <param name="left">The first URI.</param>
    /// <param name="right">The second URI.</param>
    public static bool operator !=(GtUri left, GtUri right) => !left.Equals(right);

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first URI.</param>
    /// <param name="right">The second URI.</param>
    public static bool operator <(GtUri left, GtUri right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first URI.</param>
    /// <param name="right">The second URI.</param>
    public static bool operator <=(GtUri left, GtUri right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first URI.</param>
    /// <param name="right">The second URI.</param>
    public static bool operator >(GtUri left, GtUri right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first URI.</param>
    /// <param name="right">The second URI.</param>
    public static bool operator >=(GtUri left, GtUri right) => left.CompareTo(right) >= 0;
}
