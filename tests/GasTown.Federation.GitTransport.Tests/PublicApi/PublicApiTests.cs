using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// The package's public surface, approved by hand: a change to it shows up as a diff of
/// <c>GasTown.Federation.GitTransport.approved.txt</c> in review. When the surface changes on
/// purpose, copy the <c>.received.txt</c> file written next to it over the approved file.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_api_is_the_approved_one()
    {
        var api = typeof(FederationRepository).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute", "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute"],
        }).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var folder = Folder();
        var approvedPath = Path.Combine(folder, "GasTown.Federation.GitTransport.approved.txt");
        var receivedPath = Path.Combine(folder, "GasTown.Federation.GitTransport.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n").TrimEnd() + "\n" : "";

        if (approved != api)
        {
            File.WriteAllText(receivedPath, api);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        api.ShouldBe(approved, $"The public API changed; if on purpose, copy {receivedPath} over {approvedPath}.");
    }

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
