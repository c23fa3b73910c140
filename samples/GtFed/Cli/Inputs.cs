using GasTown.Federation;
using GasTown.Federation.GitTransport;

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

    /// <summary>Parses --since: an RFC 3339 time, a date (YYYY-MM-DD, midnight UTC) or a duration back from now (30m, 12h, 7d).</summary>
    public static DateTimeOffset? ParseSince(string? text, TimeProvider time)
    {
        if (text is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            // As --actor '' is refused: an empty value is a mistake, not "no limit".
            throw GtFedException.BadInput("--since is empty.", hint: "Give a time (2026-01-31T12:00:00Z), a date (2026-01-31) or a duration (7d), or leave --since out.");
        }

        text = text.Trim();
        var unit = text[^1];
        if (unit is 'm' or 'h' or 'd' or 'w' && int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount))
        {
            // As far back as a year 1 instant: 999999d or 10675200d overflowed with .NET's own message.
            var now = time.GetUtcNow();
            var most = now - DateTimeOffset.MinValue;
            var days = unit switch { 'm' => amount / 1440.0, 'h' => amount / 24.0, 'd' => amount, _ => 7.0 * amount };
            if (days >= most.TotalDays)
            {
                throw GtFedException.BadInput($"--since '{TerminalText.Clean(text)}' reaches back before year 1.", hint: $"Give a duration of at most {(int)most.TotalDays}d, or a date (2026-01-31).");
            }

            return now - unit switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }

        return TryParseInstant(text, out var when)
            ? when
            : throw GtFedException.BadInput($"--since '{TerminalText.Clean(text)}' is not a time.", hint: "Use RFC 3339 (2026-01-31T12:00:00Z), a date (2026-01-31) or a duration (30m, 12h, 7d, 2w).");
    }

    // An RFC 3339 time or a date, read the one way every option reads one: a date (or a time without an offset) is UTC,
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
