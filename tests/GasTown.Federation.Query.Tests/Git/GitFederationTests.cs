using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Query.Tests.Federation;
using static GasTown.Federation.Query.Tests.Federation.AcmeFederation;

namespace GasTown.Federation.Query.Tests.Git;

/// <summary>
/// The same federation, but alice, bob and carol publish their towns into their own federation git
/// repositories (only the rigs they make public) and acme registers them as git remotes: the queries
/// run over GitTransport's provider, fetching over real git on first use.
/// </summary>
public sealed class GitFederationTests : IDisposable
{
    private const string Proj = Acme + "/projects/";
    private readonly AcmeFederation federation = new();
    private readonly List<IDisposable> disposables = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Project_walk_with_delegated_work_over_fetched_git_chains()
    {
        var queries = await GitQueriesAsync();

        var result = await queries.ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: Ct);

        result.Items.Select(i => i.Uri.ToString()).ShouldBe(
        [
            Proj + "proj-1", Proj + "proj-1.1", Proj + "proj-1.1.1", Proj + "proj-1.2",
            Alice + "/gastown/gt-1", Alice + "/gastown/gt-1.1",
            Bob + "/web/bb-1", Bob + "/web/bb-2", Bob + "/web/bb-3",
            Carol + "/work/ca-1", Carol + "/work/ca-1.1",
        ], ignoreOrder: true);
        result.Unreachable.Select(u => (u.Target, u.Reason)).ShouldBe([(Ghost + "/gh-9", UnreachableReason.NotRegistered)]);
        // GitTransport says it too, in its own words; the query reports it once and names no CLI.
        var message = result.Unreachable[0].Message;
        message.ShouldBe($"Chain {Ghost} is not registered; register it as a remote (its gt:// URI and git URL) and fetch it to follow this reference.");
        message.ShouldNotContain("gtfed");
        result.Delegations.Select(d => (d.Parent.ToString(), d.Portion, d.IsComplete)).ShouldBe(
        [
            (Proj + "proj-1", "backend", true),
            (Proj + "proj-1.1", "frontend", false),
            (Proj + "proj-1.2", "translation", false),
            (Alice + "/gastown/gt-1", "migrations", false),
        ]);
        result.Delegations[0].Children.Single().AcceptedByChild.ShouldBeTrue();
    }

    [Fact]
    public async Task Show_and_list_over_git_see_only_published_rigs()
    {
        var queries = await GitQueriesAsync();

        var shown = await queries.ShowAsync(Alice + "/gastown/gt-4", Ct);
        shown.Dependencies.Single().Unreachable.ShouldBe(UnreachableReason.UnknownId);
        shown.DataAsOf.ShouldNotBeNull();

        var remote = await queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        remote.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-1.1", "gt-2", "gt-3", "gt-4"]);
        remote.DataAsOf.ShouldNotBeNull();

        var org = await queries.ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);
        org.Members.Select(m => m.Entity.Value).ShouldBe(["alice@example.com", "bob@example.com"]);
        org.UnverifiedClaims.Select(c => c.Subject).ShouldBe(["carol@freelance.dev"]);
    }

    public void Dispose()
    {
        foreach (var d in disposables)
        {
            d.Dispose();
        }

        federation.Dispose();
    }

    private async Task<FederationQueries> GitQueriesAsync()
    {
        var alice = await PublishAsync(federation.AliceTown.Root, "alice@example.com", "gastown");
        var bob = await PublishAsync(federation.BobTown.Root, "bob@example.com", "web");
        var carol = await PublishAsync(federation.CarolTown.Root, "carol@freelance.dev", "work");

        var acmeRepo = Track(FederationRepository.ForTown(federation.AcmeTown.Root));
        acmeRepo.EnsureCreated();
        var registry = new RemoteRegistry(acmeRepo);
        registry.Add("alice", alice, GtUri.Parse(Alice));
        registry.Add("bob", bob, GtUri.Parse(Bob));
        registry.Add("carol", carol, GtUri.Parse(Carol));

        var options = new GitTransportOptions { TownRoot = federation.AcmeTown.Root, FetchTimeout = TimeSpan.FromSeconds(60) };
        var provider = new GitChainProvider(registry, new ChainFetcher(registry, options), new ChainLoader(new ParsedBlobCache()), options);
        // Queries never fetch unasked (issue 13); these tests ask, to fetch over git on first use.
        return new FederationQueries(provider).WithFetch(ChainFetchMode.IfMissing);
    }

    private async Task<string> PublishAsync(string townRoot, string owner, string rig)
    {
        var repository = Track(FederationRepository.ForTown(townRoot));
        repository.EnsureCreated();
        await new TownPublisher(repository, townRoot).PublishAsync(new PublishOptions { Rigs = [rig], Actor = "mayor", Owner = owner }, Ct);
        return repository.Path;
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        disposables.Add(disposable);
        return disposable;
    }
}
