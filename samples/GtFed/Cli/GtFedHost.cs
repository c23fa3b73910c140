using GasTown.Federation.Model;

namespace GtFed.Cli;

/// <summary>
/// Where a gtfed run writes and how it opens towns: the process's console by default; tests and the demo
/// run gtfed in-process with writers of their own and, for tests, extra wiring of the SDK (a counting
/// chain provider, say) through the same DI entry point a host uses.
/// </summary>
internal sealed record GtFedHost(TextWriter Out, TextWriter Error, Action<IGasTownFederationBuilder>? ConfigureTown = null, int? Width = null)
{
    private static readonly AsyncLocal<GtFedHost?> Ambient = new();

    /// <summary>The host of the run in progress on this async flow, else the process console.</summary>
    public static GtFedHost Current => Ambient.Value ?? new GtFedHost(Console.Out, Console.Error);

    /// <summary>Whether standard output is the process's own, redirected (a pipe or a file) rather than a terminal.</summary>
    public bool IsRedirected => !ReferenceEquals(Out, Console.Out) || Console.IsOutputRedirected;

    /// <summary>Whether standard error is not the process's own terminal (a pipe, a file, or a test's writer).</summary>
    public bool IsErrorRedirected => !ReferenceEquals(Error, Console.Error) || Console.IsErrorRedirected;

    /// <summary>Makes <paramref name="host"/> current for the rest of this async flow (a run, and the demo's nested runs).</summary>
    public static void Use(GtFedHost host) => Ambient.Value = host;
}
