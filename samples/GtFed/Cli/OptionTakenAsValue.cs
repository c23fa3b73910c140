using System.CommandLine;
using System.CommandLine.Parsing;

namespace GtFed.Cli;

/// <summary>
/// Finds an option that took another option as its value: <c>create --title --json</c>. System.CommandLine 2.0 gives an
/// option that expects a value the next token whatever it is, so the command ran with a title "--json" (and no JSON), and
/// <c>audit --actor --town X</c> failed on X, far from the cause. Checked once on every parse, for every command.
/// </summary>
internal static class OptionTakenAsValue
{
    /// <summary>The message for the first option whose value is one of the command's option names, or null when there is none.</summary>
    public static string? Find(ParseResult parseResult)
    {
        var names = OptionNamesOf(parseResult.CommandResult);
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult command; result = command.Parent)
        {
            foreach (var option in command.Children.OfType<OptionResult>())
            {
                foreach (var token in option.Tokens)
                {
                    if (NamedOption(token.Value, names) is { } named)
                    {
                        var given = option.IdentifierToken?.Value ?? option.Option.Name;
                        return $"{given} needs a value; '{TerminalText.Clean(named)}' is an option.";
                    }
                }
            }
        }

        return null;
    }

    // The option a value names: the value itself, or what precedes its '=' or ':' (System.CommandLine reads --town=X and
    // --town:X as --town X). A value that only starts with '-' ("-1 priority", -3) names none and stays a value.
    private static string? NamedOption(string value, HashSet<string> names)
    {
        var delimiter = value.IndexOfAny(['=', ':']);
        var name = delimiter < 0 ? value : value[..delimiter];
        return names.Contains(name) ? name : null;
    }

    // What can be typed as an option where the parse ended: the command's own options and its ancestors' recursive ones
    // (--town, --json, --help). Only names starting with '-': help's /h and /? are also paths a folder may have.
    private static HashSet<string> OptionNamesOf(CommandResult leaf)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (SymbolResult? result = leaf; result is CommandResult command; result = command.Parent)
        {
            foreach (var option in command.Command.Options.Where(o => command == leaf || o.Recursive))
            {
                names.UnionWith(new[] { option.Name }.Concat(option.Aliases).Where(n => n.StartsWith('-')));
            }
        }

        return names;
    }
}
