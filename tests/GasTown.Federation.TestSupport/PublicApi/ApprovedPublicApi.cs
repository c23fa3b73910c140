using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// The one approval check of a package's public surface, used by every package's <c>PublicApiTests</c>: the API as
/// PublicApiGenerator prints it must equal <c>&lt;Assembly&gt;.approved.txt</c> beside the calling test file. On a
/// difference it writes <c>&lt;Assembly&gt;.received.txt</c> there and fails; review it and copy it over the approved
/// file. Assembly-level attributes and compiler-generated state-machine attributes are left out, so an unrelated edit
/// (a renamed local, a new async iterator) never changes the file.
/// </summary>
public static class ApprovedPublicApi
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        IncludeAssemblyAttributes = false,
        ExcludeAttributes =
        [
            "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
            "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
            "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
        ],
    };

    /// <summary>Fails unless <paramref name="assembly"/>'s public API equals the approved file beside the caller.</summary>
    public static void ShouldMatchApproved(Assembly assembly, [CallerFilePath] string callerPath = "")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var folder = Path.GetDirectoryName(callerPath)!;
        var name = assembly.GetName().Name;
        var approvedPath = Path.Combine(folder, name + ".approved.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        var api = Normalize(assembly.GeneratePublicApi(Options));
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : "";
        if (!string.Equals(api, approved, StringComparison.Ordinal))
        {
            File.WriteAllText(receivedPath, api);
            throw new InvalidOperationException($"The public API of {name} changed. Review {receivedPath} and, if intended, copy it over {approvedPath}.");
        }

        File.Delete(receivedPath);
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";
}
