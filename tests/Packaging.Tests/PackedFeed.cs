namespace Packaging.Tests;

/// <summary>A folder feed that one <c>dotnet pack</c> wrote, and the version every package in it has.</summary>
internal sealed record PackedFeed(string Folder, string Version);
