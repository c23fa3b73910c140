using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Provenance;

/// <summary>
/// The git email <c>gt commit</c> gives an agent (gastown <c>internal/cmd/commit.go</c>, 60da5de10, 2026-01-13):
/// the actor path with <c>/</c> as <c>.</c>, at the town's agent email domain (<c>gastown.local</c> unless
/// <c>agent_email_domain</c> says otherwise): <c>gastown/crew/jack</c> → <c>gastown.crew.jack@gastown.local</c>.
/// </summary>
public static class AgentEmail
{
    /// <summary>upstream's <c>DefaultAgentEmailDomain</c>.</summary>
    public const string DefaultDomain = "gastown.local";

    /// <summary>The email <c>gt commit</c> writes for <paramref name="actor"/>.</summary>
    /// <exception cref="ArgumentException">The actor is <c>default</c>, or the domain is empty.</exception>
    public static string For(ActorId actor, string domain = DefaultDomain)
    {
        if (actor.IsDefault)
        {
            throw new ArgumentException("The actor is default(ActorId); parse or build a real actor.", nameof(actor));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        return actor.Path.TrimEnd('/').Replace('/', '.') + "@" + domain;
    }

    /// <summary>
    /// Reads the actor back from an agent email at <paramref name="domain"/> (case-insensitive). False for any other
    /// email, and for a local part that is not a Gas Town role path (<c>daemon@gastown.local</c>, used by gt's daemon commits).
    /// </summary>
    /// <remarks>
    /// The mapping loses information when a name holds a dot (<c>max.v2</c> reads as two segments); such an email
    /// does not parse as an actor and is refused rather than guessed.
    /// </remarks>
    public static bool TryGetActor([NotNullWhen(true)] string? email, [NotNullWhen(true)] out ActorId? actor, string domain = DefaultDomain)
    {
        actor = null;
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(domain))
        {
            return false;
        }

        var at = email.LastIndexOf('@');
        if (at <= 0 || !email.AsSpan(at + 1).Equals(domain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Only a Gas Town role form counts: a bare name (daemon@, sync@ of gt's own commits) is not an agent path.
        if (!ActorId.TryParse(email[..at].Replace('.', '/'), out var parsed) || parsed.Role is ActorRole.Unknown or ActorRole.NamedAgent)
        {
            return false;
        }

        actor = parsed;
        return true;
    }
}
