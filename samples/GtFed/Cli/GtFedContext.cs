using System.CommandLine;
using System.Text.Json;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using Microsoft.Extensions.DependencyInjection;
using GasTown.Federation.Model;
using Spectre.Console;

namespace GtFed.Cli;

/// <summary>
/// What a command handler needs: the parsed options, the town it acts on (opened once, through the SDK's
/// <see cref="Town"/> facade) and the two output channels (JSON or human on standard output, messages on
/// standard error).
/// </summary>
internal sealed class GtFedContext : IAsyncDisposable
{
    private readonly ParseResult _parseResult;
    private readonly GtFedHost _host;
    private Town? _town;
    private IAnsiConsole? _human;

    public GtFedContext(ParseResult parseResult, GtFedHost host)
    {
        _parseResult = parseResult;
        _host = host;
        Json = parseResult.GetValue(CommonOptions.Json);
        Out = host.Out;
        Error = host.Error;
    }

    /// <summary>True when <c>--json</c> was given: standard output carries one JSON document only.</summary>
    public bool Json { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    // Created on first use: a --json command never pays for the terminal detection.
    public IAnsiConsole Human => _human ??= CreateConsole(_host);

    /// <summary>The <c>--town</c> folder as given, or null.</summary>
    public string? TownOption => _parseResult.GetValue(CommonOptions.Town);

    /// <summary>The folder <c>--town</c> names (checked for emptiness), or null when it was not given.</summary>
    public string? TownFolder
    {
        get
        {
            var option = TownOption;
            if (option is null)
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(option))
            {
                throw GtFedException.BadInput("--town is empty.", hint: "Give the town's folder (the one holding mayor/town.json), or leave --town out to use the town you stand in.");
            }

            return Path.GetFullPath(option);
        }
    }

    /// <summary>The town this command opened, or null when it opened none (yet): for advice about its remotes after a failure.</summary>
    public Town? OpenedTown => _town;

    /// <summary>Opens the town (walking up from the current folder when <c>--town</c> is not given), once per command.</summary>
    public Town OpenTown()
    {
        if (_town is not null)
        {
            return _town;
        }

        var root = LocateTownRoot();
        // --timeout, on the commands that offer it, is the transport's fetch timeout for this run.
        var fetchTimeout = Inputs.ParseTimeout(_parseResult.GetValue(CommonOptions.Timeout), "--timeout");
        try
        {
            _town = Town.Open(root, builder =>
            {
                _host.ConfigureTown?.Invoke(builder);
                if (fetchTimeout is { } timeout)
                {
                    builder.Services.Configure<GitTransportOptions>(o => o.FetchTimeout = timeout);
                }
            });
        }
        catch (TownMetadataException ex)
        {
            throw GtFedException.BadInput($"The town at {root} has an invalid {TownMetadata.RelativePath}: {ex.Problem}.", ex,
                "Fix the file (gt install writes a valid one), or pass --town with another folder.");
        }

        return _town;
    }

    /// <summary>
    /// Opens the town for a query (<see cref="OpenTown"/>), saying on standard error when its own work is left out of every
    /// answer because its town.json gives it no gt:// chain (the SDK then knows no local chain: the answer alone would
    /// look whole, its work silently missing).
    /// </summary>
    public async Task<Town> OpenTownToQueryAsync()
    {
        var town = OpenTown();
        if (town.ChainProblem is { } problem)
        {
            await NoteAsync($"gtfed: this town's own work is left out of the answer. {problem}").ConfigureAwait(false);
        }

        return town;
    }

    /// <summary>The town's own chain, or a message saying how to give the town one.</summary>
    public GtUri ChainOf(Town town) => town.Chain ?? throw GtFedException.BadInput(town.ChainProblem!);

    /// <summary>Writes <paramref name="write"/>'s JSON to standard output, indented, and a final newline.</summary>
    /// <remarks>The default encoder escapes control, bidi and every non-ASCII character, so JSON never carries a terminal escape raw.</remarks>
    public async Task WriteJsonAsync(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        await Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
    }

    /// <summary>Reports a failure: the message (and what to do) on standard error, and with --json the error object on standard output.</summary>
    public async Task ReportErrorAsync(CliError error)
    {
        await Error.WriteLineAsync($"gtfed: {TerminalText.Clean(error.Message)}").ConfigureAwait(false);
        if (error.Hint is not null)
        {
            await Error.WriteLineAsync($"  {TerminalText.Clean(error.Hint)}").ConfigureAwait(false);
        }

        if (Json)
        {
            await WriteJsonAsync(w => ErrorJson.Write(w, error)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a line a person is meant to copy (a command line, a paging token) to standard output as one line, cleaned of
    /// terminal controls: straight to the stream, never through the console, which breaks a line longer than its width
    /// (160 columns when redirected) and so would split a token in two.
    /// </summary>
    public Task WriteCopyableLineAsync(string line) => Out.WriteLineAsync(TerminalText.Clean(line));

    /// <summary>Says where the next page starts, when there is one: <c>(more: --after TOKEN)</c> on a line of its own, unwrapped.</summary>
    public Task WriteMoreAsync(string? next) => next is null ? Task.CompletedTask : WriteCopyableLineAsync($"(more: --after {next})");

    /// <summary>Writes a warning or notice for a person on standard error, cleaned of terminal controls.</summary>
    public Task NoteAsync(string message) => Error.WriteLineAsync(TerminalText.Clean(message));

    public async ValueTask DisposeAsync()
    {
        if (_town is not null)
        {
            await _town.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The town root: <c>--town</c> (checked), else found by walking up from the current folder.</summary>
    public string LocateTownRoot()
    {
        var folder = TownFolder;
        if (folder is not null)
        {
            if (!File.Exists(Path.Combine(folder, TownMetadata.RelativePath)) && !File.Exists(Path.Combine(folder, TownMetadata.SeedRelativePath)))
            {
                // A folder inside a town (a rig's, say) is not a town's root, and init refuses to make one there: the way
                // on is the root it is in.
                if (Town.Discover(folder) is { } enclosing)
                {
                    throw GtFedException.BadInput(
                        $"{Path.TrimEndingDirectorySeparator(folder)} is inside the town at {enclosing}; pass --town {enclosing}.",
                        hint: "--town names the town's root folder (the one holding mayor/town.json); run inside the town, it can be left out.");
                }

                throw GtFedException.BadInput(
                    $"No town at {folder}: {TownMetadata.RelativePath} is missing.",
                    hint: $"Create one with 'gtfed init --town {folder} --owner EMAIL --name NAME', or pass --town with the town's folder.");
            }

            return folder;
        }

        return Town.Discover(Directory.GetCurrentDirectory())
            ?? throw GtFedException.BadInput(
                $"No town found from {Directory.GetCurrentDirectory()} upwards (looked for {TownMetadata.RelativePath}).",
                hint: "Pass --town DIR, or create a town with 'gtfed init --town DIR --owner EMAIL --name NAME'.");
    }

    private static IAnsiConsole CreateConsole(GtFedHost host)
    {
        var redirected = host.IsRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(host.Out),
            // Colours and interactivity only on a real terminal.
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        console.Profile.Width = host.Width ?? WidthFromEnvironment() ?? (redirected ? 160 : console.Profile.Width);
        return console;
    }

    // COLUMNS, as shells export it: a script (or a golden test) can ask for the width a reader has.
    private static int? WidthFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns >= 40
            ? columns
            : null;
}
