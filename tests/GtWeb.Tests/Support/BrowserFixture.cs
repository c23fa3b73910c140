namespace GtWeb.Tests;

/// <summary>One headless Chromium for a test class, closed after it.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private HeadlessChromium? _browser;

    public HeadlessChromium Browser => _browser ?? throw new InvalidOperationException("The browser is not launched yet.");

    public async ValueTask InitializeAsync() => _browser = await HeadlessChromium.LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}
