using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Serialization;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// A person (<c>alice@example.com</c>) or an organisation (<c>acme.com</c>): the first segment of a
/// <see cref="GtUri"/>, also usable on its own (employment, ownership, relationships).
/// </summary>
/// <remarks>
/// A domain is RFC 1123 labels (letters, digits, '-'; 1–63 characters, no leading or trailing '-'), at most 253
/// characters. A person's local part uses letters, digits, '.', '_', '-' and '+', at most 64, with no leading,
/// trailing or doubled '.'. Entities are ASCII: an international domain is written in punycode (<c>xn--</c>).
/// Entities compare case-insensitively; the value is kept in lower case.
/// </remarks>
[JsonConverter(typeof(EntityIdJsonConverter))]
[DebuggerDisplay("{Value,nq}")]
public readonly struct EntityId : IEquatable<EntityId>, IComparable<EntityId>, IComparable, ISpanParsable<EntityId>, ISpanFormattable, IUtf8SpanFormattable
{
    private readonly string? _value;
    private readonly int _atPlusOne;

    private EntityId(string value, int at)
    {
        _value = value;
        _atPlusOne = at + 1;
    }

    /// <summary>The canonical lower-case form: <c>alice@example.com</c> or <c>acme.com</c>; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>A person or an organisation. <c>default(EntityId)</c> reports 0, which is no defined kind.</summary>
    public EntityKind Kind => _value is null ? 0 : _atPlusOne > 0 ? EntityKind.Person : EntityKind.Organization;

    /// <summary>The domain: <c>example.com</c> for <c>alice@example.com</c>, <c>acme.com</c> for <c>acme.com</c>.</summary>
    public string Domain => _atPlusOne > 0 ? _value![_atPlusOne..] : Value;

    /// <summary>The domain without allocating.</summary>
    public ReadOnlySpan<char> DomainSpan => _value.AsSpan(_atPlusOne);

    /// <summary>The local part of a person (<c>alice</c>), <see langword="null"/> for an organisation.</summary>
    public string? LocalPart => _atPlusOne > 0 ? _value![..(_atPlusOne - 1)] : null;

    /// <summary>The organisation a person's domain names, <c>gt://example.com</c>'s entity for <c>alice@example.com</c>.</summary>
    public EntityId DomainEntity => _atPlusOne > 0 ? new EntityId(Domain, -1) : this;

    /// <summary><see langword="true"/> for <c>default(EntityId)</c>, which names nobody.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Index of '@' in <see cref="Value"/>, or -1.</summary>
    internal int AtIndex => _atPlusOne - 1;

    /// <summary>Wraps a string the parser has already checked and lower-cased.</summary>
    internal static EntityId FromCanonical(string value, int at) => new(value, at);

    /// <summary>Parses an entity.</summary>
    /// <param name="s">The text: <c>alice@example.com</c> or <c>acme.com</c>, any case.</param>
    /// <returns>The entity in lower case.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="GtUriFormatException">The text is not a valid entity; the exception gives the position and reason.</exception>
    public static EntityId Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParseCore(s, s, out var id, out var failure) ? id : throw new GtUriFormatException(failure.ToError());
    }

    /// <summary>Parses an entity from characters.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The entity in lower case.</returns>
    /// <exception cref="GtUriFormatException">The text is not a valid entity.</exception>
    public static EntityId Parse(ReadOnlySpan<char> s)
        => TryParseCore(s, null, out var id, out var failure) ? id : throw new GtUriFormatException(failure.ToError());

    /// <summary>Tries to parse an entity. Never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="id">The entity, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid entity.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out EntityId id)
    {
        if (s is null)
        {
            id = default;
            return false;
        }

        return TryParseCore(s, s, out id, out _);
    }

    /// <summary>Tries to parse an entity from characters. Never throws.</summary>
    /// <param name="s">The text.</param>
    /// <param name="id">The entity, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid entity.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out EntityId id) => TryParseCore(s, null, out id, out _);

    /// <summary>Tries to parse an entity and says why it failed. Never throws.</summary>
    /// <param name="s">The text.</param>
    /// <param name="id">The entity, or <c>default</c>.</param>
    /// <param name="error">On failure, the position, kind and message.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid entity.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out EntityId id, out GtUriParseError error)
    {
        var ok = TryParseCore(s, null, out id, out var failure);
        error = ok ? default : failure.ToError();
        return ok;
    }

    /// <summary>Tries to parse an entity from UTF-8 bytes. Never throws.</summary>
    /// <param name="utf8Text">The bytes.</param>
    /// <param name="id">The entity, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when the bytes are a valid entity.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out EntityId id)
    {
        if (utf8Text.Length > GtUriLimits.MaxUriLength)
        {
            id = default;
            return false;
        }

        Span<char> chars = stackalloc char[utf8Text.Length];
        GtUriParser.Widen(utf8Text, chars);
        return TryParseCore(chars, null, out id, out _);
    }

    /// <inheritdoc/>
    static EntityId IParsable<EntityId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<EntityId>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out EntityId result) => TryParse(s, out result);

    /// <inheritdoc/>
    static EntityId ISpanParsable<EntityId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool ISpanParsable<EntityId>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out EntityId result) => TryParse(s, out result);

    /// <summary>The canonical form, as <see cref="Value"/>.</summary>
    public override string ToString() => Value;

    /// <summary>The canonical form; an entity has one form, so the format and provider are ignored.</summary>
    /// <param name="format">Ignored.</param>
    /// <param name="formatProvider">Ignored.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value;

    /// <summary>Writes the canonical form without allocating.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">Characters written; 0 when too small.</param>
    /// <param name="format">Ignored.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (Value.AsSpan().TryCopyTo(destination))
        {
            charsWritten = Value.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <summary>Writes the canonical form as UTF-8 without allocating.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">Bytes written; 0 when too small.</param>
    /// <param name="format">Ignored.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns><see langword="false"/> when <paramref name="utf8Destination"/> is too small.</returns>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (Value.Length > utf8Destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        Ascii.FromUtf16(Value, utf8Destination, out bytesWritten);
        return true;
    }

    /// <summary>Equality of canonical (lower-case) forms.</summary>
    /// <param name="other">The entity to compare with.</param>
    public bool Equals(EntityId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EntityId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : string.GetHashCode(_value, StringComparison.Ordinal);

    /// <summary>Ordinal order of canonical forms; <c>default</c> first.</summary>
    /// <param name="other">The entity to compare with.</param>
    public int CompareTo(EntityId other) => string.CompareOrdinal(_value, other._value);

    /// <inheritdoc/>
    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        EntityId other => CompareTo(other),
        _ => throw new ArgumentException(GtUriMessages.NotAnEntityId, nameof(obj)),
    };

    /// <summary>Equality.</summary>
    /// <param name="left">The first entity.</param>
    /// <param name="right">The second entity.</param>
    public static bool operator ==(EntityId left, EntityId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first entity.</param>
    /// <param name="right">The second entity.</param>
    public static bool operator !=(EntityId left, EntityId right) => !left.Equals(right);

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first entity.</param>
    /// <param name="right">The second entity.</param>
    public static bool operator <(EntityId left, EntityId right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first entity.</param>
    /// <param name="right">The second entity.</param>
    public static bool operator <=(EntityId left, EntityId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first entity.</param>
    /// <param name="right">The second entity.</param>
    public static bool operator >(EntityId left, EntityId right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal order.</summary>
    /// <param name="left">The first entity.</param>
    /// <param name="right">The second entity.</param>
    public static bool operator >=(EntityId left, EntityId right) => left.CompareTo(right) >= 0;

    private static bool TryParseCore(ReadOnlySpan<char> s, string? source, out EntityId id, out ParseFailure failure)
    {
        id = default;
        if (s.IsEmpty)
        {
            failure = new ParseFailure(0, GtUriError.Empty, GtUriMessages.EmptyEntity);
            return false;
        }

        if (s.Length > GtUriLimits.MaxUriLength)
        {
            failure = new ParseFailure(GtUriLimits.MaxUriLength, GtUriError.TooLong, GtUriMessages.TooLong, GtUriLimits.MaxUriLength);
            return false;
        }

        if (!PartValidator.TryValidateEntity(s, out var at, out var hasUpper, out failure))
        {
            // The validator is shared with the URI parser; a space in an entity given alone is not a URI's problem.
            if (failure.Kind == GtUriError.Whitespace)
            {
                failure = failure with { Template = GtUriMessages.EntityWhitespace };
            }

            return false;
        }

        string value;
        if (hasUpper)
        {
            Span<char> lower = stackalloc char[s.Length];
            Ascii.ToLower(s, lower, out _);
            value = new string(lower);
        }
        else
        {
            value = source ?? s.ToString();
        }

        id = new EntityId(value, at);
        return true;
    }
}
