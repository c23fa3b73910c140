using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GtFed.Tests;

/// <summary>
/// Each package's README (shipped in its NuGet package) shows C# a user will paste: every such block compiles against
/// the packages as built. A block is a fragment of a host's code, so the few names a README leaves to the reader's own
/// program (<see cref="Ambient"/>) are declared for it; any other error fails, naming the README, the block and the line.
/// </summary>
public sealed partial class PackageReadmeSampleTests
{
    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    // What a README's fragment may use without declaring: its host's own variables, by name.
    private static readonly Dictionary<string, string> Ambient = new(StringComparer.Ordinal)
    {
        ["services"] = "Microsoft.Extensions.DependencyInjection.IServiceCollection",
        ["provider"] = "System.IServiceProvider",
        ["queries"] = "GasTown.Federation.Query.FederationQueries",
        ["town"] = "GasTown.Federation.Hosting.Town",
        ["ct"] = "System.Threading.CancellationToken",
        ["cancellationToken"] = "System.Threading.CancellationToken",
        ["root"] = "string",
        ["townRoot"] = "string",
        ["registry"] = "GasTown.Federation.GitTransport.RemoteRegistry",
        ["fetcher"] = "GasTown.Federation.GitTransport.ChainFetcher",
        ["resolver"] = "GasTown.Federation.GitTransport.GitWorkUnitResolver",
        ["publisher"] = "GasTown.Federation.GitTransport.TownPublisher",
        ["data"] = "byte[]",
        ["trustedKeys"] = "System.Collections.Generic.IReadOnlySet<GasTown.Federation.Identity.SshPublicKey>",
        ["processStartInfo"] = "System.Diagnostics.ProcessStartInfo",
    };

    private static readonly string GlobalUsings = string.Join('\n', new[]
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading", "System.Threading.Tasks", "System.Text.Json",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging",
        "GasTown.Federation", "GasTown.Federation.Model", "GasTown.Federation.Provenance", "GasTown.Federation.GitTransport",
        "GasTown.Federation.Query", "GasTown.Federation.Identity", "GasTown.Federation.Index", "GasTown.Federation.Hosting",
    }.Select(n => $"global using {n};"));

    public static TheoryData<string> Readmes()
    {
        var data = new TheoryData<string>();
        foreach (var readme in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src"), "README.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, readme));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_csharp_block_of_a_package_readme_compiles(string readme)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, readme)).ReplaceLineEndings("\n");
        var blocks = CSharpBlock().Matches(text);
        var problems = new List<string>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var code = blocks[i].Groups[1].Value;
            var line = text[..blocks[i].Index].Count(c => c == '\n') + 2;
            var errors = Compile(code);

            // Names the fragment leaves to its host: declared, then compiled again.
            var missing = errors.Where(e => e.Id == "CS0103").Select(e => e.GetMessage().Split('\'')[1]).Where(Ambient.ContainsKey).Distinct().ToList();
            if (missing.Count > 0)
            {
                // "#line 1": the block's own lines keep their numbers in what is reported.
                var declarations = string.Concat(missing.Select(name => $"{Ambient[name]} {name} = default!;\n"));
                errors = Compile(declarations + "#line 1\n" + code);
            }

            problems.AddRange(errors.Select(e => $"{readme}, block at line {line}, its line {e.Location.GetMappedLineSpan().StartLinePosition.Line + 1}: {e.Id} {e.GetMessage()}"));
        }

        problems.ShouldBeEmpty();
    }

    // The errors of one block compiled as a program's top-level statements (a block's own using directives lead it).
    private static List<Diagnostic> Compile(string code)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(GlobalUsings, options, "GlobalUsings.cs"),
            CSharpSyntaxTree.ParseText(code, options, "Sample.cs"),
        };
        var compilation = CSharpCompilation.Create("ReadmeSample", trees, References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    // The runtime's assemblies and every package assembly next to the tests (the packages as built).
    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var packages = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f).StartsWith("GasTown.Federation.", StringComparison.Ordinal)
                || Path.GetFileName(f).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(f).StartsWith("LibGit2Sharp", StringComparison.Ordinal));
        return [.. platform.Concat(packages).DistinctBy(Path.GetFileName).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))];
    });
}
