using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace GasTown.Federation.Uri.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var generated = typeof(GtUri).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(SourceDirectory(), "GasTown.Federation.Uri.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (generated != approved)
        {
            var receivedPath = Path.Combine(SourceDirectory(), "GasTown.Federation.Uri.received.txt");
            File.WriteAllText(receivedPath, generated);
            Assert.Fail(
                "The public API of GasTown.Federation.Uri changed. If the change is intended, review " +
                $"{receivedPath} and copy it over {approvedPath} (and update docs/contracts.md if a listed type changed).");
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
