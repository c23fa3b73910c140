using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// A reference to a work unit as people and upstream tools write it: a full URI or one of the short forms
/// that only mean something inside a town.
/// </summary>
/// <remarks>
/// <code>
/// gt://alice@example.com/town/gastown/gt-xyz   Absolute       resolves to itself (hop:// too)
/// gt-xyz                                       Prefixed       rig from the context's prefix router, else routed by prefix
/// gastown/gt-xyz                               RigQualified   rig gastown of the current chain
/// ./gt-xyz                                     CurrentRig     the context's current rig
/// external:beads:bd-abc                        External       rig (project) beads of the current chain, as `bd dep add` writes it
/// </code>
/// An <c>external:</c> reference whose last part is a capability name rather than a work id (beads' older
/// meaning, <c>external:beads:mycap</c>) is rejected unless the capability happens to have the shape of an id.
/// </remarks>
[DebuggerDisplay("{ToString(),nq} ({Kind})")]
public readonly struct WorkReference : IEquatable<WorkReference>
{
    private const string ExternalPrefix = "external:";
    private const string CurrentRigPrefix = "./";

    private readonly GtUri _uri;
    private readonly string? _rig;
    private readonly string? _workId;

    private WorkReference(WorkReferenceKind kind, GtUri uri, string? rig, string workId)
    {
        Kind = kind;
        _uri = uri;
        _rig = rig;
        _workId = workId;
    }

    /// <summary>The written form.</summary>
    public WorkReferenceKind Kind { get; }

    /// <summary>The URI of an <see cref="WorkReferenceKind.Absolute"/> reference; <c>default</c> otherwise.</summary>
    public GtUri Uri => _uri;

    /// <summary>The rig of a <see cref="WorkReferenceKind.RigQualified"/> reference, the project of an <see cref="WorkReferenceKind.External"/> one, the URI's rig of an absolute one; otherwise <see langword="null"/>.</summary>
    public string? Rig => Kind == WorkReferenceKind.Absolute ? _uri.Rig : _rig;

    /// <summary>The work id, whatever the form.</summary>
    public string WorkId => _workId ?? string.Empty;

    /// <summary><see langword="true"/> for <c>default(WorkReference)</c>, which refers to nothing.</summary>
    public bool IsDefault => _workId is null;

    /// <summary>An absolute reference to a work-unit URI.</summary>
    /// <param name="uri">A URI of kind <see cref="GtUriKind.WorkUnit"/>.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentException"><paramref name="uri"/> does not name a work unit.</exception>
    public static WorkReference FromUri(GtUri uri) => uri.Kind == GtUriKind.WorkUnit
        ? new WorkReference(WorkReferenceKind.Absolute, uri, null, uri.WorkId!)
        : throw new ArgumentException(GtUriMessages.Format(GtUriMessages.RefNotWorkUnit, 0), nameof(uri));

    /// <summary>Parses a reference in any of its forms.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="GtUriFormatException">The text is no valid reference; the exception gives the position and reason.</exception>
    public static WorkReference Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParseCore(s, s, out var reference, out var failure) ? reference : throw new GtUriFormatException(failure.ToError());
    }

    /// <summary>Tries to parse a reference. Never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="reference">The reference, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out WorkReference reference)
    {
        if (s is null)
        {
            reference = default;
            return false;
        }

        return TryParseCore(s, s, out reference, out _);
    }

    /// <summary>Tries to parse a reference and says why it failed. Never throws.</summary>
    /// <param name="s">The text.</param>
    /// <param name="reference">The reference, or <c>default</c>.</param>
    /// <param name="error">On failure, the position, kind and message.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid reference.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out WorkReference reference, out GtUriParseError error)
    {
        var ok = TryParseCore(s, null, out reference, out var failure);
        error = ok ? default : failure.ToError();
        return ok;
    }

    /// <summary>Makes the reference absolute in <paramref name="context"/>. An absolute reference resolves to its own URI.</summary>
    /// <param name="context">The current town, rig and prefix router.</param>
    /// <returns>The work unit's URI.</returns>
    /// <exception cref="WorkReferenceResolutionException">The context lacks what the reference needs (no current rig for <c>./id</c>, an invalid rig from the router).</exception>
    public GtUri Resolve(WorkReferenceContext context)
        => TryResolve(context, out var uri, out var error) ? uri : throw new WorkReferenceResolutionException(this, error);

    /// <summary>Makes the reference absolute in <paramref name="context"/> without throwing for a missing current rig or a bad router answer.</summary>
    /// <param name="context">The current town, rig and prefix router.</param>
    /// <param name="uri">The work unit's URI, or <c>default</c>.</param>
    /// <param name="error">Why it failed and what to do; <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> on success.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public bool TryResolve(WorkReferenceContext context, out GtUri uri, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(context);
        uri = default;
        error = null;
        if (IsDefault)
        {
            error = GtUriMessages.DefaultReference;
            return false;
        }

        string? rig;
        switch (Kind)
        {
            case WorkReferenceKind.Absolute:
                uri = _uri;
                return true;
            case WorkReferenceKind.Prefixed:
                rig = context.RigForWorkId?.Invoke(WorkId);
                if (rig is not null && !PartValidator.TryValidateName(rig, out var failure))
                {
                    error = string.Format(CultureInfo.InvariantCulture, GtUriMessages.ResolveBadRig, WorkId, rig, failure.ToError().Message);
                    return false;
                }

                break;
            case WorkReferenceKind.CurrentRig:
                rig = context.CurrentRig;
                if (rig is null)
                {
                    error = GtUriMessages.Format(GtUriMessages.ResolveNoCurrentRig, WorkId);
                    return false;
                }

                break;
            default:
                rig = _rig;
                break;
        }

        try
        {
            uri = GtUri.ForWorkUnit(context.Entity, context.Chain, rig, WorkId);
            return true;
        }
        catch (ArgumentException e)
        {
            // Only the total length can fail here: every part was validated on its own.
            error = e.Message;
            return false;
        }
    }

    /// <summary>The reference as written in its canonical form (<c>external:p:id</c>, <c>rig/id</c>, <c>./id</c>, <c>id</c> or the URI).</summary>
    public override string ToString() => Kind switch
    {
        _ when IsDefault => string.Empty,
        WorkReferenceKind.Absolute => _uri.ToString(),
        WorkReferenceKind.Prefixed => WorkId,
        WorkReferenceKind.RigQualified => $"{_rig}/{WorkId}",
        WorkReferenceKind.CurrentRig => CurrentRigPrefix + WorkId,
        _ => $"{ExternalPrefix}{_rig}:{WorkId}",
    };

    /// <summary>Same form and same parts.</summary>
    /// <param name="other">The reference to compare with.</param>
    public bool Equals(WorkReference other)
        => Kind == other.Kind && _uri == other._uri && string.Equals(_rig, other._rig, StringComparison.Ordinal)
           && string.Equals(_workId, other._workId, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WorkReference other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, _uri, _rig, _workId);

    /// <summary>Equality.</summary>
    /// <param name="left">The first reference.</param>
    /// <param name="right">The second reference.</param>
    public static bool operator ==(WorkReference left, WorkReference right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first reference.</param>
    /// <param name="right">The second reference.</param>
    public static bool operator !=(WorkReference left, WorkReference right) => !left.Equals(right);

    private static bool TryParseCore(ReadOnlySpan<char> s, string? source, out WorkReference reference, out ParseFailure failure)
    {
        reference = default;
        if (s.IsEmpty)
        {
            failure = new ParseFailure(0, GtUriError.Empty, GtUriMessages.RefEmpty);
            return false;
        }

        if (s.Length > GtUriLimits.MaxUriLength)
        {
            failure = new ParseFailure(GtUriLimits.MaxUriLength, GtUriError.TooLong, GtUriMessages.TooLong, GtUriLimits.MaxUriLength);
            return false;
        }

        if (s.Contains("://", StringComparison.Ordinal))
        {
            if (!GtUriParser.TryParse(s, source, out var uri, out failure))
            {
                return false;
            }

            if (uri.Kind != GtUriKind.WorkUnit)
            {
                failure = new ParseFailure(0, GtUriError.NotAWorkUnit, GtUriMessages.RefNotWorkUnit);
                return false;
            }

            reference = new WorkReference(WorkReferenceKind.Absolute, uri, null, uri.WorkId!);
            return true;
        }

        if (s.StartsWith(ExternalPrefix, StringComparison.Ordinal))
        {
            return TryParseExternal(s, out reference, out failure);
        }

        if (s.StartsWith(CurrentRigPrefix, StringComparison.Ordinal))
        {
            var id = s[CurrentRigPrefix.Length..];
            if (!TryWorkId(id, CurrentRigPrefix.Length, out failure))
            {
                return false;
            }

            reference = new WorkReference(WorkReferenceKind.CurrentRig, default, null, id.ToString());
            return true;
        }

        var slash = s.IndexOf('/');
        if (slash < 0)
        {
            if (!TryWorkId(s, 0, out failure))
            {
                return false;
            }

            reference = new WorkReference(WorkReferenceKind.Prefixed, default, null, source ?? s.ToString());
            return true;
        }

        var second = s[(slash + 1)..].IndexOf('/');
        if (second >= 0)
        {
            failure = new ParseFailure(slash + 1 + second, GtUriError.InvalidReference, GtUriMessages.RefTooManySlashes);
            return false;
        }

        var rig = s[..slash];
        if (!PartValidator.TryValidateName(rig, out failure))
        {
            return false;
        }

        var workId = s[(slash + 1)..];
        if (!TryWorkId(workId, slash + 1, out failure))
        {
            return false;
        }

        reference = new WorkReference(WorkReferenceKind.RigQualified, default, rig.ToString(), workId.ToString());
        return true;
    }

    private static bool TryParseExternal(ReadOnlySpan<char> s, out WorkReference reference, out ParseFailure failure)
    {
        // Beads splits with SplitN(":", 3): external, project, the rest (which may not be empty).
        reference = default;
        var start = ExternalPrefix.Length;
        var rest = s[start..];
        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            failure = new ParseFailure(start, GtUriError.InvalidReference, GtUriMessages.RefExternalFormat);
            return false;
        }

        if (colon == 0)
        {
            failure = new ParseFailure(start, GtUriError.InvalidReference, GtUriMessages.RefExternalProject);
            return false;
        }

        if (colon == rest.Length - 1)
        {
            failure = new ParseFailure(start + colon + 1, GtUriError.InvalidReference, GtUriMessages.RefExternalId);
            return false;
        }

        var project = rest[..colon];
        if (!PartValidator.TryValidateName(project, out failure))
        {
            failure = failure.Shift(start);
            return false;
        }

        var id = rest[(colon + 1)..];
        if (!TryWorkId(id, start + colon + 1, out failure))
        {
            return false;
        }

        reference = new WorkReference(WorkReferenceKind.External, default, project.ToString(), id.ToString());
        return true;
    }

    private static bool TryWorkId(ReadOnlySpan<char> id, int offset, out ParseFailure failure)
    {
        if (PartValidator.TryValidateWorkId(id, out failure))
        {
            return true;
        }

        failure = failure.Shift(offset);
        return false;
    }
}
