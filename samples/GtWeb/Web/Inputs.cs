using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GtWeb;

/// <summary>
/// Turns what a page or API caller typed into SDK values, with messages that say what to type instead. The API reads its
/// query values as text and parses them here, because the framework's own binding failure is a bare 400 that says
/// neither which value was wrong nor what it takes.
/// </summary>
internal static class Inputs
{
    // How much of a value a message repeats: enough to recognise it, not a megabyte echoed back.
    private const int MaxQuoted = 64;

    private static readonly string[] KnownStatuses = ["open", "in_progress", "blocked", "deferred", "closed", "pinned", "hooked", "tombstone"];

    /// <summary>A status filter, or null for none; an unknown status is bad input (it would silently match nothing).</summary>
    public static WorkFilter? Filter(string? status)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        if (!KnownStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, $"{Quote(status)} is not a status; use one of {string.Join(", ", KnownStatuses)}.");
        }

        return new WorkFilter(Status: new WorkStatus(status));
    }

    /// <summary>An entity: an email for a person, a domain for an organisation.</summary>
    public static EntityId Entity(string text) =>
        EntityId.TryParse(text, out var entity)
            ? entity
            : throw new FederationException(FederationErrorKind.InvalidInput, $"{Quote(text)} is not an entity: give an email (alice@example.com) for a person or a domain (acme.com) for an organisation.");

    /// <summary>A yes-or-no query value, or null when it is not given (an empty value is none).</summary>
    /// <param name="name">The parameter's name as the caller writes it, for the message.</param>
    /// <param name="text">The value as written.</param>
    /// <exception cref="FederationException">Neither true nor false (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static bool? Flag(string name, string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : bool.TryParse(text, out var value) ? value
        : throw new FederationException(FederationErrorKind.InvalidInput, $"{name} takes true or false; {Quote(text)} is not one.");

    /// <summary>
    /// The start of an audit window as gtfed's <c>--since</c> reads it (<see cref="AuditSince"/>: a time, a date or a
    /// duration back from now such as 7d), or null when it is not given (an empty value is none).
    /// </summary>
    /// <param name="name">The parameter's name as the caller writes it, for the message.</param>
    /// <param name="text">The value as written.</param>
    /// <param name="time">The clock a duration is counted back from.</param>
    /// <exception cref="FederationException">Not one of those (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static DateTimeOffset? Since(string name, string? text, TimeProvider time) =>
        string.IsNullOrWhiteSpace(text) ? null
        : AuditSince.TryParse(text, time, out var since, out var problem) ? since
        : throw new FederationException(FederationErrorKind.InvalidInput, $"{name} {Quote(text)} {problem}");

    /// <summary>
    /// A value the caller typed, quoted for a message: cut short when long, and its controls and invisible characters
    /// written as <c>&lt;U+202E&gt;</c> (the message may reach a page, a terminal or a log, not only the page's encoder).
    /// </summary>
    public static string Quote(string text)
    {
        var cut = text.Length <= MaxQuoted ? text : text[..(char.IsHighSurrogate(text[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted)] + "…";
        return "'" + VisibleControlsHtmlEncoder.ShowControls(cut) + "'";
    }
}
