using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace GasTown.Federation.Model.Tests.PublicApi;

/// <summary>
/// Fails when the public surface of GasTown.Federation.Model changes without the approved file changing too,
/// so every API change is a deliberate, reviewed diff.
/// </summary>
public sealed class PublicApiApprovalTests
{
    [Fact]
    public void The_public_api_matches_the_approved_file()
    {
        var actual = typeof(ChainLoader).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(ThisFolder(), "GasTown.Federation.Model.approved.txt");
        var receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;

        if (actual != approved)
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail(
                $"The public API of GasTown.Federation.Model changed. The new surface is in {receivedPath}. " +
                $"If the change is intended, review the diff and copy it over {approvedPath} (mv the .received.txt file onto the .approved.txt file); " +
                "otherwise restore the API.");
        }

        File.Delete(receivedPath);
    }

    private static string ThisFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
