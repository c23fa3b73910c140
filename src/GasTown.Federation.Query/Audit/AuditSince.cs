using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Reads the start of an audit window as a person writes it: an RFC 3339 time (<c>2026-01-31T12:00:00Z</c>), a date
/// (<c>2026-01-31</c>, midnight UTC) or a duration back from now (<c>30m</c>, <c>12h</c>, <c>7d</c>, <c>2w</c>). One
/// reading for every host, so a window a person typed into one frontend means the same instant in another.
/// </summary>
/// <remarks>
/// A date, or a time without an offset, is UTC whatever the machine's zone: the same text names the same instant on
/// every machine that reads it. A duration is counted back from the given clock's now at the moment of parsing,
/// so a host that pages through a window given as a duration reads each page's window from its own now.
/// </remarks>
public static class AuditSince
{
    /// <summary>The forms <see cref="TryParse"/> reads, with an example of each, for a host's help text or message.</summary>
    public static string Forms { get; } = "an RFC 3339 time (2026-01-31T12:00:00Z), a date (2026-01-31, midnight UTC) or a duration back from now (30m, 12h, 7d, 2w)";

    /// <summary>Reads <paramref name="text"/> as the start of an audit window.</summary>
    /// <param name="text">The text as written; surrounding white space is ignored.</param>
    /// <param name="time">The clock a duration is counted back from.</param>
    /// <param name="since">The instant, when the text is one.</param>
    /// <param name="problem">
    /// When it is not: what is wrong and what to write instead, worded to follow the quoted value (<c>is not a time: give
    /// …</c>), so a host puts its own name and quoting for the value in front.
    /// </param>
    /// <returns>Whether <paramref name="text"/> names an instant.</returns>
    public static bool TryParse(string? text, TimeProvider time, out DateTimeOffset since, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(time);
        since = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            // An empty value is a mistake, not "no window": a host that means no window passes no value.
            problem = $"is empty: give {Forms}.";
            return false;
        }

        var trimmed = text.AsSpan().Trim();
        var unit = trimmed[^1];
        if (unit is 'm' or 'h' or 'd' or 'w' && int.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            // Bounded before any TimeSpan is made: 999999d or 2147483647w overflowed with .NET's own message.
            var now = time.GetUtcNow();
            var most = now - DateTimeOffset.MinValue;
            var days = unit switch { 'm' => amount / 1440.0, 'h' => amount / 24.0, 'd' => amount, _ => 7.0 * amount };
            if (days >= most.TotalDays)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"reaches back before year 1: give a duration of at most {(int)most.TotalDays}d, or a date (2026-01-31).");
                return false;
            }

            since = now - unit switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7.0 * amount),
            };
            problem = null;
            return true;
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since))
        {
            problem = null;
            return true;
        }

        problem = $"is not a time: give {Forms}.";
        return false;
    }

    /// <summary>Reads <paramref name="text"/> as the start of an audit window, or says what is wrong with it.</summary>
    /// <param name="text">The text as written.</param>
    /// <param name="time">The clock a duration is counted back from.</param>
    /// <returns>The instant.</returns>
    /// <exception cref="FederationException">
    /// The text is not one of the <see cref="Forms"/> (<see cref="FederationErrorKind.InvalidInput"/>); the message quotes
    /// it as every SDK message quotes a caller's text (cut short, controls shown as code points).
    /// </exception>
    public static DateTimeOffset Parse(string? text, TimeProvider time)
        => TryParse(text, time, out var since, out var problem)
            ? since
            : throw new FederationException(FederationErrorKind.InvalidInput, $"The audit window's start {(string.IsNullOrWhiteSpace(text) ? "" : MessageText.Quote(text) + " ")}{problem}");
}
