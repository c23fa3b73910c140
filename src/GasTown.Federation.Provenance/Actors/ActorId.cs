using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>
/// An actor: the agent that performed an operation, named by upstream's <c>BD_ACTOR</c> path
/// (<c>mayor</c>, <c>deacon</c>, <c>gastown/witness</c>, <c>gastown/crew/joe</c>, <c>gastown/polecats/rictus</c>, …).
/// </summary>
/// <remarks>
/// <para>
/// Parsing never rejects a form it does not know: such an actor keeps its text as an opaque <see cref="Path"/> with
/// <see cref="ActorRole.Unknown"/>, because attribution written by some other tool must survive. Only texts that
/// cannot be an actor at all (empty, white space only, control characters) are refused.
/// </para>
/// <para>
/// Recognised forms, besides the six canonical ones: <c>deacon-boot</c> and <c>deacon/boot</c> (boot),
/// <c>deacon/dogs/&lt;name&gt;</c> (dog), the legacy hyphen forms <c>&lt;rig&gt;-witness</c>, <c>&lt;rig&gt;-refinery</c>,
/// <c>&lt;rig&gt;-crew-&lt;name&gt;</c>, <c>&lt;rig&gt;-polecat-&lt;name&gt;</c> that upstream's daemon used,
/// <c>&lt;rig&gt;/&lt;name&gt;</c> (a polecat, as upstream's <c>parseRoleString</c> reads any other two-part path),
/// and a bare name such as <c>max</c> (<see cref="ActorRole.NamedAgent"/>, how upstream's git author names show
/// crew and polecats). <see cref="CanonicalPath"/> gives the canonical <c>BD_ACTOR</c> form of each.
/// </para>
/// <para>Equality is ordinal on <see cref="Path"/>, as upstream compares actor strings.</para>
/// </remarks>
[DebuggerDisplay("{Path,nq} ({Role})")]
public readonly struct ActorId : IEquatable<ActorId>
{
    private readonly string? _path;

    private ActorId(string path, ActorRole role, string? rig, string? name, bool isCanonical)
    {
        _path = path;
        Role = role;
        Rig = rig;
        Name = name;
        IsCanonical = isCanonical;
    }

    /// <summary>The mayor, <c>mayor</c>.</summary>
    public static ActorId Mayor => new("mayor", ActorRole.Mayor, null, null, true);

    /// <summary>The deacon, <c>deacon</c>.</summary>
    public static ActorId Deacon => new("deacon", ActorRole.Deacon, null, null, true);

    /// <summary>The deacon's boot agent, <c>deacon-boot</c>.</summary>
    public static ActorId Boot => new("deacon-boot", ActorRole.Boot, null, "boot", true);

    /// <summary>The actor path exactly as given (or as built by a factory method). Empty for <c>default</c>.</summary>
    public string Path => _path ?? string.Empty;

    /// <summary>The role the path names; <see cref="ActorRole.Unknown"/> for an opaque actor.</summary>
    public ActorRole Role { get; }

    /// <summary>The rig (project) the actor works in, for witness, refinery, crew and polecat; otherwise <see langword="null"/>.</summary>
    public string? Rig { get; }

    /// <summary>The agent's own name for crew, polecats, dogs, named agents and boot; otherwise <see langword="null"/>.</summary>
    public string? Name { get; }

    /// <summary>
    /// <see langword="true"/> when <see cref="Path"/> is already the canonical <c>BD_ACTOR</c> form (or an opaque
    /// actor, which has no other form); <see langword="false"/> for legacy and abbreviated forms.
    /// </summary>
    public bool IsCanonical { get; }

    /// <summary><see langword="true"/> for <c>default(ActorId)</c>, which names no actor.</summary>
    public bool IsDefault => _path is null;

    /// <summary>
    /// The canonical <c>BD_ACTOR</c> form: <c>gastown-witness</c> becomes <c>gastown/witness</c>, <c>deacon/boot</c>
    /// becomes <c>deacon-boot</c>. An opaque actor and a bare name are returned unchanged.
    /// </summary>
    public string CanonicalPath => Role switch
    {
        ActorRole.Mayor => "mayor",
        ActorRole.Deacon => "deacon",
        ActorRole.Boot => "deacon-boot",
        ActorRole.Dog => $"deacon/dogs/{Name}",
        ActorRole.Witness => $"{Rig}/witness",
        ActorRole.Refinery => $"{Rig}/refinery",
        ActorRole.Crew => $"{Rig}/crew/{Name}",
        ActorRole.Polecat => $"{Rig}/polecats/{Name}",
        _ => Path,
    };

    /// <summary>
    /// The lower-case role word (<c>mayor</c>, <c>deacon</c>, <c>boot</c>, <c>dog</c>, <c>witness</c>, <c>refinery</c>,
    /// <c>crew</c>, <c>polecat</c>) as written in a <c>Role:</c> commit trailer and <c>GT_ROLE</c>'s simple form;
    /// <see langword="null"/> for a named agent or an opaque actor.
    /// </summary>
    public string? RoleName => Role switch
    {
        ActorRole.Mayor => "mayor",
        ActorRole.Deacon => "deacon",
        ActorRole.Boot => "boot",
        ActorRole.Dog => "dog",
        ActorRole.Witness => "witness",
        ActorRole.Refinery => "refinery",
        ActorRole.Crew => "crew",
        ActorRole.Polecat => "polecat",
        _ => null,
    };

    /// <summary>
    /// The git author name upstream's <c>gt</c> gives this agent (gastown <c>config.AgentEnv</c>): the bare name for
    /// crew, polecats and dogs, <c>boot</c> for boot, the full path otherwise. Useful to match commits that upstream
    /// agents made; this SDK itself writes the full path (see <see cref="AgentEnvironment"/>).
    /// </summary>
    public string UpstreamGitAuthorName => Role switch
    {
        ActorRole.Crew or ActorRole.Polecat or ActorRole.Dog or ActorRole.Boot or ActorRole.NamedAgent => Name!,
        _ => CanonicalPath,
    };

    /// <summary>A rig's witness, <c>&lt;rig&gt;/witness</c>.</summary>
    public static ActorId Witness(string rig) => new($"{RequireSegment(rig, nameof(rig))}/witness", ActorRole.Witness, rig, null, true);

    /// <summary>A rig's refinery, <c>&lt;rig&gt;/refinery</c>.</summary>
    public static ActorId Refinery(string rig) => new($"{RequireSegment(rig, nameof(rig))}/refinery", ActorRole.Refinery, rig, null, true);

    /// <summary>A crew member, <c>&lt;rig&gt;/crew/&lt;name&gt;</c>.</summary>
    public static ActorId Crew(string rig, string name) =>
        new($"{RequireSegment(rig, nameof(rig))}/crew/{RequireSegment(name, nameof(name))}", ActorRole.Crew, rig, name, true);

    /// <summary>A polecat, <c>&lt;rig&gt;/polecats/&lt;name&gt;</c>.</summary>
    public static ActorId Polecat(string rig, string name) =>
        new($"{RequireSegment(rig, nameof(rig))}/polecats/{RequireSegment(name, nameof(name))}", ActorRole.Polecat, rig, name, true);

    /// <summary>A deacon dog, <c>deacon/dogs/&lt;name&gt;</c>.</summary>
    public static ActorId Dog(string name) => new($"deacon/dogs/{RequireSegment(name, nameof(name))}", ActorRole.Dog, null, name, true);

    /// <summary>Parses an actor path. Unknown forms become opaque actors (<see cref="ActorRole.Unknown"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ActorFormatException">The text is empty, white space only, or contains a control character.</exception>
    public static ActorId Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!TryParse(path, out var actor, out var error, out var position))
        {
            throw new ActorFormatException(error!) { Position = position };
        }

        return actor;
    }

    /// <summary>Tries to parse an actor path; <see langword="false"/> only for null, empty, blank or control-character text.</summary>
    public static bool TryParse([NotNullWhen(true)] string? path, out ActorId actor) => TryParse(path, out actor, out _, out _);

    /// <summary>Tries to parse an actor path and, on failure, says why.</summary>
    /// <param name="path">The text, for example the value of <c>BD_ACTOR</c>.</param>
    /// <param name="actor">The actor, or <c>default</c> on failure.</param>
    /// <param name="error">On failure, what was wrong and what a valid actor looks like.</param>
    public static bool TryParse([NotNullWhen(true)] string? path, out ActorId actor, [NotNullWhen(false)] out string? error) =>
        TryParse(path, out actor, out error, out _);

    private static bool TryParse(string? path, out ActorId actor, out string? error, out int position)
    {
        actor = default;
        position = -1;
        if (path is null)
        {
            error = "The actor is missing (null).";
            return false;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            error = "The actor is empty or white space only; an actor is a BD_ACTOR path such as 'mayor' or 'gastown/crew/joe'.";
            return false;
        }

        for (var i = 0; i < path.Length; i++)
        {
            if (char.IsControl(path[i]))
            {
                position = i;
                error = $"The actor '{MessageText.Printable(path, MessageText.MaxCallerText)}' contains the control character U+{(int)path[i]:X4} at position {i}; actor paths are single-line text.";
                return false;
            }
        }

        actor = Classify(path);
        error = null;
        return true;
    }

    private static ActorId Classify(string path)
    {
        switch (path)
        {
            case "mayor":
                return new(path, ActorRole.Mayor, null, null, true);
            case "deacon":
                return new(path, ActorRole.Deacon, null, null, true);
            case "deacon-boot":
                return new(path, ActorRole.Boot, null, "boot", true);
            case "deacon/boot":
                return new(path, ActorRole.Boot, null, "boot", false);
        }

        var span = path.AsSpan();
        Span<Range> parts = stackalloc Range[4];
        var count = span.Split(parts, '/');
        foreach (var part in parts[..count])
        {
            if (span[part].IsEmpty)
            {
                return Opaque(path);
            }
        }

        switch (count)
        {
            case 1:
                return ClassifySingleToken(path);
            case 2:
            {
                var rig = path[parts[0]];
                var second = path[parts[1]];
                if (rig == "deacon")
                {
                    return Opaque(path);
                }

                return second switch
                {
                    "witness" => new(path, ActorRole.Witness, rig, null, true),
                    "refinery" => new(path, ActorRole.Refinery, rig, null, true),
                    "crew" or "polecats" or "dogs" or "mayor" or "deacon" => Opaque(path),

                    // upstream's parseRoleString reads any other two-part path as a polecat (BEADS_AGENT_NAME's form).
                    _ => new(path, ActorRole.Polecat, rig, second, false),
                };
            }

            case 3:
            {
                var first = path[parts[0]];
                var kind = span[parts[1]];
                var name = path[parts[2]];
                if (first == "deacon")
                {
                    return kind.SequenceEqual("dogs") ? new(path, ActorRole.Dog, null, name, true) : Opaque(path);
                }

                if (kind.SequenceEqual("crew"))
                {
                    return new(path, ActorRole.Crew, first, name, true);
                }

                if (kind.SequenceEqual("polecats"))
                {
                    return new(path, ActorRole.Polecat, first, name, true);
                }

                return Opaque(path);
            }

            default:
                return Opaque(path);
        }
    }

    private static ActorId ClassifySingleToken(string path)
    {
        // Legacy hyphen forms from upstream's daemon (lifecycle.go parseIdentity). Rig names may hold hyphens, so
        // the role word is found from the right for witness/refinery and at its first occurrence for crew/polecat.
        if (path.EndsWith("-witness", StringComparison.Ordinal) && path.Length > "-witness".Length)
        {
            return new(path, ActorRole.Witness, path[..^"-witness".Length], null, false);
        }

        if (path.EndsWith("-refinery", StringComparison.Ordinal) && path.Length > "-refinery".Length)
        {
            return new(path, ActorRole.Refinery, path[..^"-refinery".Length], null, false);
        }

        if (TrySplitLegacy(path, "-crew-", out var rig, out var name))
        {
            return new(path, ActorRole.Crew, rig, name, false);
        }

        if (TrySplitLegacy(path, "-polecat-", out rig, out name))
        {
            return new(path, ActorRole.Polecat, rig, name, false);
        }

        switch (path)
        {
            // Role words without a rig or name are GT_ROLE values, not identities.
            case "witness" or "refinery" or "crew" or "polecat" or "polecats" or "dog" or "dogs" or "boot":
                return Opaque(path);
        }

        foreach (var c in path)
        {
            // A human's git author name ("Steve Yegge") or an email is not an agent name.
            if (char.IsWhiteSpace(c) || c == '@')
            {
                return Opaque(path);
            }
        }

        return new(path, ActorRole.NamedAgent, null, path, true);
    }

    private static bool TrySplitLegacy(string path, string marker, out string rig, out string name)
    {
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        if (at > 0 && at + marker.Length < path.Length)
        {
            rig = path[..at];
            name = path[(at + marker.Length)..];
            return true;
        }

        rig = name = string.Empty;
        return false;
    }

    private static ActorId Opaque(string path) => new(path, ActorRole.Unknown, null, null, true);

    private static string RequireSegment(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        foreach (var c in value)
        {
            if (c == '/' || char.IsControl(c))
            {
                throw new ArgumentException($"'{MessageText.Printable(value, MessageText.MaxCallerText)}' cannot be one segment of an actor path: it contains '/' or a control character.", parameterName);
            }
        }

        return value;
    }

    /// <inheritdoc />
    public bool Equals(ActorId other) => string.Equals(_path, other._path, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _path is null ? 0 : StringComparer.Ordinal.GetHashCode(_path);

    /// <summary>The actor path (<see cref="Path"/>).</summary>
    public override string ToString() => Path;

    /// <summary>Ordinal equality of the paths.</summary>
    public static bool operator ==(ActorId left, ActorId right) => left.Equals(right);

    /// <summary>Ordinal inequality of the paths.</summary>
    public static bool operator !=(ActorId left, ActorId right) => !left.Equals(right);
}
