using System.Runtime.CompilerServices;
using GasTown.Federation.Provenance;
using PublicApiGenerator;

namespace GasTown.Federation.Provenance.Tests.PublicApi;

/// <summary>
/// The package's public surface, approved by review: a change to it shows up here as a diff of the approved file.
/// To accept a change, copy the .received.txt written next to this file over the .approved.txt.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var api = typeof(ActorId).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes =
        [
            "System.Runtime.Versioning.TargetFrameworkAttribute",
            "System.Reflection.AssemblyMetadataAttribute",
            "System.Runtime.CompilerServices.InternalsVisibleToAttribute",
            "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
        ] });
        var folder = Folder();
        var approvedPath = Path.Combine(folder, "GasTown.Federation.Provenance.approved.txt");
        var receivedPath = Path.Combine(folder, "GasTown.Federation.Provenance.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : string.Empty;

        if (Normalize(approved) != Normalize(api))
        {
            File.WriteAllText(receivedPath, api);
            Assert.Fail($"The public API changed. Review {receivedPath} and, if intended, copy it over {approvedPath}.");
        }

        File.Delete(receivedPath);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
