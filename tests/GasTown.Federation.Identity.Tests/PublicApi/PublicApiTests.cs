using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace GasTown.Federation.Identity.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var generated = typeof(EntityDiscovery).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(SourceDirectory(), "GasTown.Federation.Identity.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (generated != approved)
        {
            var receivedPath = Path.Combine(SourceDirectory(), "GasTown.Federation.Identity.received.txt");
            File.WriteAllText(receivedPath, generated);
            Assert.Fail(
                "The public API of GasTown.Federation.Identity changed. If the change is intended, review " +
                $"{receivedPath} and copy it over {approvedPath}.");
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
