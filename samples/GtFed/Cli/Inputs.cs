using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Query;

namespace GtFed.Cli;

/// <summary>Parses user input into SDK values, with messages that say what to type instead.</summary>
internal static class Inputs
{
    public static GtUri ParseChainUri(string text)
    {
        if (!GtUri.TryParse(text, out var uri, out var error))
        {
            throw GtFedException.BadInput($"'{TerminalText.Clean(text)}' is not a gt:// URI: {error.Message}", hint: "A chain is named gt://ENTITY/CHAIN, e.g. gt://acme.com/engineering.");
        }

        if (uri.Kind != GtUriKind.Chain)
        {
            throw GtFedException.BadInput($"'{TerminalText.Clean(text)}' names {(uri.Kind == GtUriKind.Entity ? "an entity" : "a work unit")}, not a chain.", hint: "A chain is named gt://ENTITY/CHAIN, e.g. gt://acme.com/engineering.");
        }

        return uri;
    }

    public static EntityId ParseEntity(string text, string what)
    {
        if (!EntityId.TryParse(text, out var entity))
        {
            throw GtFedException.BadInput($"{what} '{TerminalText.Clean(text)}' is not an entity.", hint: "Give an email (alice@example.com) for a person or a domain (acme.com) for an organisation.");
        }

        return entity;
    }

    /// <summary>
    /// Parses --since as every host reads an audit window's start (<see cref="AuditSince"/>): an RFC 3339 time, a date
    /// (midnight UTC) or a duration back from now (30m, 12h, 7d, 2w).
    /// </summary>
    public static DateTimeOffset? ParseSince(string? text, TimeProvider time)
        => text is null ? null
        : AuditSince.TryParse(text, time, out var since, out var problem) ? since
        : throw GtFedException.BadInput(string.IsNullOrWhiteSpace(text) ? $"--since {problem}" : $"--since '{TerminalText.Clean(text)}' {problem}");

    // An RFC 3339 time or a date, read as --since reads one (AuditSince): a date (or a time without an offset) is UTC,
    // whatever this machine's zone.
    private static bool TryParseInstant(string text, out DateTimeOffset when)
        => DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out when);

    /// <summary>
    /// Parses <c>key grant --expires</c>: an RFC 3339 time or a date (midnight UTC, as --since reads one, whatever this
    /// machine's zone). A grant always ends, so "never" is bad input saying so (System.CommandLine's own message named a
    /// .NET type).
    /// </summary>
    public static DateTimeOffset ParseExpires(string text)
    {
        var hint = "A grant always ends: give a date (2026-12-31, midnight UTC) or a time (2026-12-31T18:00:00Z).";
        if (string.IsNullOrWhiteSpace(text))
        {
            throw GtFedException.BadInput("--expires is empty.", hint: hint);
        }

        return TryParseInstant(text.Trim(), out var when)
            ? when
            : throw GtFedException.BadInput($"--expires '{TerminalText.Clean(text)}' is not a time.", hint: hint);
    }

    /// <summary>Parses a positive duration such as 30s, 2m, 1h or 1d (a bare number is seconds, as --since reads days too); null when the option was not given.</summary>
    public static TimeSpan? ParseTimeout(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        var unit = trimmed.Length > 0 && char.IsAsciiLetter(trimmed[^1]) ? trimmed[^1] : 's';
        var digits = char.IsAsciiLetter(unit) && trimmed.Length > 0 && char.IsAsciiLetter(trimmed[^1]) ? trimmed[..^1] : trimmed;
        if (int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            // In whole seconds first: TimeSpan.FromHours(2147483647) overflows before any bound could be checked.
            long? seconds = unit switch { 's' => amount, 'm' => 60L * amount, 'h' => 3600L * amount, 'd' => 86_400L * amount, _ => null };
            if (seconds is { } whole)
            {
                if (whole <= GitTransportOptions.MaxFetchTimeout.TotalSeconds)
                {
                    return TimeSpan.FromSeconds(whole);
                }

                throw GtFedException.BadInput($"{option} '{TerminalText.Clean(text)}' is longer than the transport waits ({GitTransportOptions.MaxFetchTimeout.TotalDays:0} days).", hint: $"Give at most {GitTransportOptions.MaxFetchTimeout.TotalDays:0}d.");
            }
        }

        throw GtFedException.BadInput($"{option} '{TerminalText.Clean(text)}' is not a duration.", hint: $"Give a positive number of seconds, minutes, hours or days: {option} 30s, {option} 2m, {option} 1h, {option} 1d.");
    }
}
