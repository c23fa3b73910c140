// Quickstart: parse a gt:// URI, register the remote chain it lives in, fetch it over git, and
// show the work unit with its dependencies resolved, through the SDK's one DI entry point.
//
//   dotnet run --project samples/Quickstart -- TOWN-DIR GIT-URL WORK-UNIT-URI
//
// for example, against the towns `gtfed demo --dir /tmp/demo` leaves behind:
//   dotnet run --project samples/Quickstart -- /tmp/demo/bob /tmp/demo/alice/federation/git gt://alice@example.com/town/gastown/gt-xyz
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.DependencyInjection;

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

// begin-snippet: wire-services
var services = new ServiceCollection()
    .AddGasTownFederation(options => options.TownRoot = townRoot)
    .AddProvenance()
    .AddGitTransport(options => options.FetchPolicy = FetchPolicy.IfMissing)
    .AddQuery()
    .Services;
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
// end-snippet

// begin-snippet: register-fetch-show
var remotes = provider.GetRequiredService<RemoteRegistry>();
if (!remotes.TryFindByChain(uri.ChainUri, out var remote))
{
    remote = remotes.Add("quickstart", gitUrl, uri.ChainUri);
}

await provider.GetRequiredService<ChainFetcher>().FetchAsync(remote.Name);

var show = await provider.GetRequiredService<FederationQueries>().ShowAsync(uri.ToString());
Console.WriteLine($"{show.WorkUnit.Uri} [{show.WorkUnit.Status}] {show.WorkUnit.Title}");
// end-snippet

// Outside the snippet until the top-level README takes the typed results (TargetUri is a GtUri?, Status a WorkStatus?).
foreach (var dependency in show.Dependencies)
{
    Console.WriteLine($"  {dependency.Type} -> {dependency.TargetUri?.ToString() ?? dependency.DependsOnId} [{dependency.Status?.Value ?? "unreachable"}] {dependency.Title}");
}

return 0;
