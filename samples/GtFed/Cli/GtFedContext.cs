using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace GtFed.Cli;

/// <summary>
/// What a command handler needs: the parsed options, the town it acts on, the SDK's services for
/// that town, and the two output channels (JSON or human on standard output, messages on standard error).
/// </summary>
internal sealed class GtFedContext : IAsyncDisposable
{
    private readonly ParseResult _parseResult;
    private TownSession? _session;

    public GtFedContext(ParseResult parseResult)
    {
        _parseResult = parseResult;
        Json = parseResult.GetValue(CommonOptions.Json);
        Out = Console.Out;
        Error = Console.Error;
        // Spectre decides colours and interactivity from the real terminal: none when redirected.
        Human = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // Spectre assumes 80 columns without a terminal, which splits every gt:// URI in a table across lines in logs.
            Human.Profile.Width = 160;
        }
    }

    /// <summary>True when <c>--json</c> was given: standard output carries one JSON document only.</summary>
    public bool Json { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Human { get; }

    /// <summary>The <c>--town</c> folder as given, or null.</summary>
    public DirectoryInfo? TownOption => _parseResult.GetValue(CommonOptions.Town);

    /// <summary>Opens the town (walking up from the current folder when <c>--town</c> is not given) and its services.</summary>
    public TownSession OpenTown()
    {
        if (_session is not null)
        {
            return _session;
        }

        var root = TownSession.LocateTownRoot(TownOption);
        _session = TownSession.Open(root);
        return _session;
    }

    /// <summary>Writes <paramref name="write"/>'s JSON to standard output, indented, and a final newline.</summary>
    public async Task WriteJsonAsync(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        await Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
    }

    public Task ReportErrorAsync(string message) => Error.WriteLineAsync($"gtfed: {message}");

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
