using PublicApiGenerator;

namespace GasTown.Federation.Index.Tests.PublicApi;

/// <summary>
/// The package's public surface, approved in <c>GasTown.Federation.Index.approved.txt</c>. A change to the
/// API fails this test; review the diff, then copy the <c>.received.txt</c> over the approved file.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var api = typeof(FederationIndex).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });
        var folder = Path.Combine(SourceFolder(), "PublicApi");
        var approvedPath = Path.Combine(folder, "GasTown.Federation.Index.approved.txt");
        var receivedPath = Path.Combine(folder, "GasTown.Federation.Index.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : string.Empty;

        if (!string.Equals(Normalize(approved), Normalize(api), StringComparison.Ordinal))
        {
            File.WriteAllText(receivedPath, api);
            Assert.Fail($"The public API changed. Review {receivedPath} and, if intended, copy it over {approvedPath}.");
        }

        File.Delete(receivedPath);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(Path.GetDirectoryName(path)!)!;
}
