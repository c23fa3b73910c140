using System.Globalization;

namespace GasTown.Federation.Parsing;

/// <summary>
/// A parse failure before it becomes a message. The hot <c>TryParse</c> overloads that do not report
/// errors never build the string; only <see cref="ToError"/> formats the template.
/// </summary>
/// <param name="Position">Zero-based index in the input.</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Template">A template from <see cref="GtUriMessages"/>: {0} is the position, {1} the argument.</param>
/// <param name="Argument">A number the template shows: a code point, a length or a limit.</param>
internal readonly record struct ParseFailure(int Position, GtUriError Kind, string Template, int Argument = 0)
{
    /// <summary>Builds the public error, message included.</summary>
    public GtUriParseError ToError()
    {
        var message = string.Format(CultureInfo.InvariantCulture, Template, Position, Argument, (char)Argument);
        return new GtUriParseError(Position, Kind, message);
    }

    /// <summary>The same failure moved by <paramref name="offset"/> characters (a part validated on its own, then placed in a URI).</summary>
    public ParseFailure Shift(int offset) => this with { Position = Position + offset };
}
