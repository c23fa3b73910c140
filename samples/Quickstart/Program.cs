// Quickstart: parse a gt:// URI, open a town through the SDK's facade, register the remote chain the
// URI lives in, fetch it over git, and show the work unit with its dependencies resolved.
//
//   dotnet run --project samples/Quickstart -- TOWN-DIR GIT-URL WORK-UNIT-URI
//
// for example, against the towns `gtfed demo --dir /tmp/demo` leaves behind:
//   dotnet run --project samples/Quickstart -- /tmp/demo/bob /tmp/demo/alice/federation/git gt://alice@example.com/town/gastown/gt-xyz
// begin-snippet: usings
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using Microsoft.Extensions.DependencyInjection;
// end-snippet

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Quickstart TOWN-DIR GIT-URL WORK-UNIT-URI");
    return 2;
}

var (townRoot, gitUrl, workUnit) = (args[0], args[1], args[2]);

// begin-snippet: parse-uri
var uri = GtUri.Parse(workUnit);
Console.WriteLine($"{uri.Kind}: entity {uri.Entity}, chain {uri.Chain}, rig {uri.Rig}, id {uri.WorkId}");
// end-snippet

try
{
    // begin-snippet: open-town
    await using var town = Town.Open(townRoot);
    Console.WriteLine($"town {town.Chain}, owner {town.Metadata.Owner}, agent {town.Identity.Actor?.ToString() ?? "(none)"}");
    // end-snippet

    // begin-snippet: register-fetch-show
    if (!town.Remotes.TryFindByChain(uri.ChainUri, out var remote))
    {
        remote = town.Remotes.Add("quickstart", gitUrl, uri.ChainUri);
    }

    await town.FetchAsync(remote.Name);

    var show = await town.Queries.ShowAsync(uri.ToString());
    Console.WriteLine($"{show.WorkUnit.Uri} [{show.WorkUnit.Status}] {show.WorkUnit.Title}");
    foreach (var dependency in show.Dependencies)
    {
        Console.WriteLine($"  {dependency.Type} -> {dependency.TargetUri?.ToString() ?? dependency.DependsOnId} [{dependency.Status?.ToString() ?? "unreachable"}] {dependency.Title}");
    }
    // end-snippet
}
// begin-snippet: errors
catch (FederationException ex)
{
    // Every SDK failure has this root; its kind is what a host maps (an exit code here, an HTTP status in a web host).
    Console.Error.WriteLine($"{ex.ErrorKind}: {ex.Message}");
    return ex.ErrorKind == FederationErrorKind.NotFound ? 1 : 3;
}
// end-snippet

// begin-snippet: dependency-injection
var services = new ServiceCollection();
services.AddGasTownFederation(options => options.TownRoot = townRoot).AddTown();
await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }))
{
    var shared = provider.GetRequiredService<Town>(); // one thread-safe singleton per host
    Console.WriteLine($"{shared.Remotes.List().Count} remote(s) registered in {shared.Chain}");
}
// end-snippet

return 0;
