using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using GasTown.Federation.Index;

namespace GtFed.Cli;

/// <summary>The options every command shares (DESIGN §9).</summary>
internal static class CommonOptions
{
    /// <summary><c>--town DIR</c>: the town to act on; by default the one found by walking up from the current folder.</summary>
    /// <remarks>A string, not a DirectoryInfo: System.CommandLine's own message for an empty value names a .NET type.</remarks>
    public static readonly Option<string?> Town = new("--town")
    {
        Description = "The town's root folder (default: found by walking up from the current folder to mayor/town.json).",
        Recursive = true,
    };

    /// <summary><c>--json</c>: print one JSON document on standard output, for success and failure alike.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON document on standard output (an \"error\" object on failure), and nothing else there.",
        Recursive = true,
    };

    /// <summary><c>--fetch</c>: on a query, fetch every remote first; without it a query answers from what was last fetched and never waits on the network.</summary>
    public static readonly Option<bool> FetchFirst = new("--fetch")
    {
        Description = "Fetch every remote before answering (otherwise the answer comes from the last fetch, and says how old it is).",
    };

    /// <summary><c>--timeout DURATION</c>: how long one remote's fetch may take before it is stopped (and its git/ssh processes ended).</summary>
    public static readonly Option<string?> Timeout = new("--timeout")
    {
        Description = "How long one remote's fetch may take: 30s, 2m, 1h, 1d (default 2m; at most 24d). The fetch and every process it started are stopped then.",
    };

    /// <summary>
    /// Adds <c>--fetch [--timeout D]</c> to a query command, with their one rule: <c>--timeout</c> goes with <c>--fetch</c>.
    /// Alone it timed nothing (the query never fetches) and was silently ignored.
    /// </summary>
    public static void AddFetchFirst(Command command)
    {
        command.Options.Add(FetchFirst);
        command.Options.Add(Timeout);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Timeout) is not null && !result.GetValue(FetchFirst))
            {
                result.AddError("--timeout goes with --fetch: without it nothing is fetched, so there is nothing to time.");
            }
        });
    }

    /// <summary><c>--limit N</c>: a page of at most N, 1 to the SDK's page bound (<see cref="IndexQuery.MaxLimit"/>).</summary>
    public static Option<int?> Limit(string description) => WholeNumber("--limit", description, 1, IndexQuery.MaxLimit);

    /// <summary><c>--after TOKEN</c>: the page after the one whose <c>next</c> token this is (a command refuses another list's token).</summary>
    public static readonly Option<string?> After = new("--after")
    {
        Description = "Continue after the page whose 'next' token this is.",
    };

    /// <summary>The size of a page a command is asked for with <c>--after</c> and no <c>--limit</c> (and search's page when it is given neither).</summary>
    public const int DefaultPageSize = 50;

    /// <summary>
    /// A text option's value as a command's validator may read it: null when the option was not given, or was given with
    /// no value (System.CommandLine reports that itself). Its own <c>GetValue</c> throws there, and the exception, thrown
    /// from inside the parse, ended the process with a stack trace instead of exit 2.
    /// </summary>
    public static string? GivenValue(CommandResult result, Option<string?> option)
        => result.GetResult(option) is { Tokens.Count: > 0 } given ? given.GetValueOrDefault<string?>() : null;

    /// <summary>
    /// An option taking a whole number, checked as it is parsed: a bad value becomes a parse error that names the option
    /// and says what to type (System.CommandLine's own names a .NET type), and a command's validators, which run after
    /// the parse, never meet a value that failed it (reading one throws).
    /// </summary>
    public static Option<int?> WholeNumber(string name, string description, int min = int.MinValue, int max = int.MaxValue) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null; // System.CommandLine reports the missing value itself.
            }

            var text = result.Tokens[^1].Value;
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"{name} takes a whole number; '{TerminalText.Clean(text)}' is not one.");
                return null;
            }

            if (value < min || value > max)
            {
                result.AddError(max == int.MaxValue
                    ? $"{name} must be at least {min}; it is {value}."
                    : $"{name} must be between {min} and {max}; it is {value}.");
                return null;
            }

            return (int)value;
        },
    };
}
