namespace Packaging.Tests;

/// <summary>A folder feed that one <c>dotnet pack</c> wrote, the version every package in it has, and the version its assemblies carry.</summary>
/// <param name="Folder">The feed.</param>
/// <param name="Version">The package version (labelled with the run's own label).</param>
/// <param name="AssemblyVersion">MinVer's version of this commit, which the assemblies' informational version starts with.</param>
internal sealed record PackedFeed(string Folder, string Version, string AssemblyVersion);
