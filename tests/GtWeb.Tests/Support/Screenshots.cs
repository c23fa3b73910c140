using GasTown.Federation.TestSupport;
using Microsoft.Playwright;

namespace GtWeb.Tests;

/// <summary>
/// Screenshots the browser tests keep, in artifacts/screenshots at the repository root (GTWEB_SCREENSHOTS names
/// another folder), and the check that one is not blank: the browser decodes it and counts its colours.
/// </summary>
internal static class Screenshots
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("GTWEB_SCREENSHOTS")
        ?? Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>How many distinct colours the PNG holds (sampled), decoded by the browser's own image decoder.</summary>
    public static async Task<int> CountColoursAsync(IPage page, string path)
    {
        var dataUrl = "data:image/png;base64," + Convert.ToBase64String(await File.ReadAllBytesAsync(path));
        return await page.EvaluateAsync<int>(
            """
            async (src) => {
              const image = new Image();
              image.src = src;
              await image.decode();
              const canvas = document.createElement('canvas');
              canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
              const context = canvas.getContext('2d');
              context.drawImage(image, 0, 0);
              const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
              const colours = new Set();
              for (let i = 0; i < pixels.length; i += 4 * 7) {
                colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
              }
              return colours.size;
            }
            """,
            dataUrl);
    }
}
