using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GasTown.Federation.Index.Tests.Federations;

/// <summary>
/// Real towns on disk: alice's (rig gastown, public) publishes over git; the observer town (rig web) registers
/// and fetches her, and indexes her chain and its own. Alice's issues file is whatever bytes a test gives.
/// </summary>
internal sealed class IndexedFederation : IDisposable
{
    public const string AliceChain = "gt://alice@example.com/alice-town";

    /// <summary>The observer town's own chain.</summary>
    public const string ObserverChain = "gt://obs@example.com/observer";

    private readonly TempDirectory _temp = new("gtfed-index-test");
    private readonly FakeLogCollector _logs = new();

    /// <param name="aliceIssues">The bytes of alice's gastown issues file, or null for her two issues (and <paramref name="gastown"/>'s).</param>
    /// <param name="alice">Adds to alice's town.</param>
    /// <param name="gastown">Adds issues to alice's gastown rig (after gt-1 and gt-2).</param>
    /// <param name="web">Adds issues to the observer's web rig (after wb-1 and wb-2).</param>
    /// <param name="observer">Adds to the observer's town.</param>
    public IndexedFederation(byte[]? aliceIssues = null, Action<TownBuilder>? alice = null, Action<RigBuilder>? gastown = null, Action<RigBuilder>? web = null, Action<TownBuilder>? observer = null)
    {
        var builder = TownBuilder.At(_temp.Combine("alice-town")).OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig =>
            {
                rig.WithIssue("gt-1", "Ship the index", i => i.Assignee("alice@example.com"))
                    .WithIssue("gt-2", "Needs gt-1", i => i.DependsOn("gt-1"));
                gastown?.Invoke(rig);
            });
        alice?.Invoke(builder);
        Alice = builder.Build();
        if (aliceIssues is not null)
        {
            File.WriteAllBytes(Alice.IssuesPathOf("gastown"), aliceIssues);
        }

        var observerBuilder = TownBuilder.At(_temp.Combine("observer")).OwnedBy("obs@example.com")
            .WithRig("web", "wb-", rig =>
            {
                rig.WithIssue("wb-1", "Depends on alice", i => i.DependsOn(AliceChain + "/gastown/gt-1"))
                    .WithIssue("wb-2", "Local searchable refinery work");
                web?.Invoke(rig);
            });
        observer?.Invoke(observerBuilder);
        Observer = observerBuilder.Build();
    }

    public BuiltTown Alice { get; }

    public BuiltTown Observer { get; }

    public string AliceGitUrl => FederationRepository.DefaultPathFor(Alice.Root);

    public string Temp(string name) => _temp.Combine(name);

    /// <summary>
    /// A one-rig repository (<c>.beads/issues.jsonl</c> at its root, no town.json), committed with the real git CLI: the
    /// upstream beads fixture, then <paramref name="appended"/>. Returns its folder (a git URL).
    /// </summary>
    public string CommitOneRigRepository(string name, string appended = "")
    {
        var repository = Temp(name);
        Directory.CreateDirectory(Path.Combine(repository, ".beads"));
        var issues = Path.Combine(repository, ".beads", "issues.jsonl");
        File.Copy(Fixtures.BeadsSyncIssues, issues);
        File.AppendAllText(issues, appended);
        GitCli.Run(repository, "init", "--quiet", "--initial-branch=main");
        GitCli.Run(repository, "add", "-A");
        GitCli.Run(repository, "-c", "user.name=steve", "-c", "user.email=steve@example.com", "commit", "--quiet", "-m", "issues");
        return repository;
    }

    /// <summary>Whether alice publishes the feed events of her <c>.events.jsonl</c> too (audits of her chain read them).</summary>
    public bool PublishFeedEvents { get; init; }

    /// <summary>The rigs alice publishes: her gastown rig unless a test gives her more.</summary>
    public IReadOnlyList<string> AliceRigs { get; init; } = ["gastown"];

    /// <summary>Publishes alice's rigs (again, after a change).</summary>
    public async Task PublishAliceAsync(CancellationToken cancellationToken)
    {
        await using var alice = Town.Open(Alice.Root, b => b.AddProvenance(o => o.Actor = "gastown/crew/alice"));
        await alice.PublishAsync(new PublishOptions { Rigs = [.. AliceRigs], IncludeFeedEvents = PublishFeedEvents }, cancellationToken);
    }

    /// <summary>Publishes alice, registers her in the observer town and fetches her.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await PublishAliceAsync(cancellationToken);
        await using var observer = OpenObserver();
        observer.Remotes.Add("alice", AliceGitUrl, GtUri.Parse(AliceChain));
        (await observer.FetchAsync("alice", cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
    }

    public async Task FetchAsync(CancellationToken cancellationToken)
    {
        await using var observer = OpenObserver();
        (await observer.FetchAsync("alice", cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
    }

    /// <summary>
    /// Rewrites the first line of alice's gastown issues file that <paramref name="match"/> accepts with
    /// <paramref name="edit"/>, publishes and fetches; returns the line as it is now.
    /// </summary>
    public async Task<string> EditAliceLineAsync(Func<string, bool> match, Func<string, string> edit, CancellationToken cancellationToken)
    {
        var path = Alice.IssuesPathOf("gastown");
        var lines = File.ReadAllLines(path);
        var target = Array.FindIndex(lines, l => match(l));
        lines[target] = edit(lines[target]);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        await PublishAliceAsync(cancellationToken);
        await FetchAsync(cancellationToken);
        return lines[target];
    }

    /// <summary>Opens the observer town; what its queries log is collected (see <see cref="AssertIndexNeverFailed"/>).</summary>
    public Town OpenObserver(Action<GasTown.Federation.Model.IGasTownFederationBuilder>? configure = null)
        => Town.Open(Observer.Root, b =>
        {
            b.Services.AddLogging(l => l.AddProvider(new FakeLoggerProvider(_logs)));
            configure?.Invoke(b);
        });

    /// <summary>
    /// Fails when a query logged that the index threw (Query's event 3010 IndexFailed): such a query still answers (it
    /// loads the chains), so an answer-equality test alone would not see a bug in the index path.
    /// </summary>
    public void AssertIndexNeverFailed()
        => _logs.GetSnapshot().Where(r => r.Id.Id == 3010).Select(r => r.Message + " " + r.Exception).ShouldBeEmpty();

    public void Dispose() => _temp.Dispose();
}
