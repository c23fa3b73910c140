using Microsoft.Playwright;

namespace GtWeb.Tests;

/// <summary>
/// Headless Chromium through Playwright for .NET, on the system's Chromium (Debian's chromium package:
/// Playwright's own browser downloads are not used). GTWEB_CHROMIUM names another executable.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const float TimeoutMs = 20_000;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Instance = browser;
    }

    public IPlaywright Playwright { get; }

    public IBrowser Instance { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("GTWEB_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"No Chromium at {ExecutablePath}: install it (apt-get install -y chromium; .ci/run does) or set GTWEB_CHROMIUM.");
        }

        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = TimeoutMs,
                // Root in a container has no user namespaces for Chromium's sandbox.
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page; cancelling <paramref name="cancellationToken"/> (a test's timeout) closes it, which fails whatever waits on it.</summary>
    /// <param name="cancellationToken">The test's token.</param>
    /// <param name="javaScript">False for a browser with script turned off (the pages work without it).</param>
    public async Task<IPage> NewPageAsync(CancellationToken cancellationToken, bool javaScript = true)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        page.SetDefaultNavigationTimeout(TimeoutMs);
        cancellationToken.Register(() => _ = context.CloseAsync());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.CloseAsync();
        Playwright.Dispose();
    }
}
