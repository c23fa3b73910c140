using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GasTown.Federation.Index.Tests.Federations;

/// <summary>
/// Project trees as real git towns, without any delegation: acme.com/projects is the local town (rigs projects and
/// tools) and alice a remote published over git and fetched. Acme's proj-1 has children that name it every way a
/// reference can (a bare id, rig/id, external:rig:id, gt:// with and without the rig, hop:// with the entity in
/// capitals, and ./proj-1, which the graph never resolves), a child in the tools rig, grandchildren, and units that name
/// an id proj-1 that is not acme's (alice's) or name it by a blocking edge; proj-5 and proj-6 are each other's parent;
/// alice's gt-1 names acme's proj-1 as its parent from another chain. Acme employs alice (organisation pages, for tokens).
/// </summary>
internal sealed class ProjectFederation : IDisposable
{
    public const string Acme = "gt://acme.com/projects";
    public const string Alice = "gt://alice@example.com/town";

    private const string T0 = "2025-12-30T10:00:00Z";

    private readonly TempDirectory _temp = new("gtfed-index-project");
    private readonly FakeLogCollector _logs = new();

    /// <param name="projects">Adds to acme's projects rig (after the fixed tree), or replaces it when <paramref name="fixedTree"/> is false.</param>
    /// <param name="gastown">Adds to alice's gastown rig.</param>
    /// <param name="fixedTree">Whether acme and alice hold the tree described above.</param>
    /// <param name="configure">Configures every town opened by <see cref="OpenAcme"/> (query options, say).</param>
    /// <param name="alice">Adds to alice's town before it is built (relationships, say).</param>
    public ProjectFederation(
        Action<RigBuilder>? projects = null, Action<RigBuilder>? gastown = null, bool fixedTree = true, Action<GasTown.Federation.Model.IGasTownFederationBuilder>? configure = null,
        Action<TownBuilder>? alice = null)
    {
        Configure = configure;
        AcmeTown = TownBuilder.At(_temp.Combine("acme")).Named("projects").OwnedBy("acme.com").CreatedAt(T0)
            .WithRig("projects", "proj-", rig =>
            {
                if (fixedTree)
                {
                    rig.WithIssue("proj-1", "Launch v2", i => i.Type("epic").Priority(1))
                        .WithIssue("proj-1.1", "Bare id", i => i.DependsOn("proj-1", "parent-child"))
                        .WithIssue("proj-1.2", "Rig and id", i => i.DependsOn("projects/proj-1", "parent-child").Closed("2026-01-02T09:00:00Z"))
                        .WithIssue("proj-1.3", "External", i => i.DependsOn("external:projects:proj-1", "parent-child"))
                        .WithIssue("proj-1.4", "Full URI", i => i.DependsOn($"{Acme}/projects/proj-1", "parent-child"))
                        .WithIssue("proj-1.5", "Other scheme, capitals", i => i.DependsOn("hop://ACME.com/projects/proj-1", "parent-child").Type("bug"))
                        .WithIssue("proj-1.6", "Current rig (never resolved by the graph)", i => i.DependsOn("./proj-1", "parent-child"))
                        .WithIssue("proj-1.1.1", "Grandchild", i => i.DependsOn("proj-1.1", "parent-child").Status("in_progress"))
                        .WithIssue("proj-1.1.1.1", "Great-grandchild", i => i.DependsOn($"{Acme}/proj-1.1.1", "parent-child"))
                        .WithIssue("proj-2", "Names alice's proj-1", i => i.DependsOn($"{Alice}/gastown/proj-1", "parent-child"))
                        .WithIssue("proj-3", "Blocked by proj-1, no child", i => i.DependsOn("proj-1"))
                        .WithIssue("proj-5", "Cycle a", i => i.DependsOn("proj-6", "parent-child"))
                        .WithIssue("proj-6", "Cycle b", i => i.DependsOn("proj-5", "parent-child"))
                        .WithIssue("proj-7", "Parent never exported", i => i.DependsOn("proj-404", "parent-child"));
                }

                projects?.Invoke(rig);
            })
            .WithRig("tools", "tl-", rig =>
            {
                if (fixedTree)
                {
                    rig.WithIssue("tl-1", "Tooling for the launch", i => i.DependsOn("proj-1", "parent-child"))
                        .WithIssue("tl-2", "Under the external child", i => i.DependsOn("external:projects:proj-1.3", "parent-child").Status("blocked"));
                }
            })
            .WithEmployment("alice@example.com", "acme.com")
            .Build();

        AliceTown = TownBuilder.At(_temp.Combine("alice")).Named("town").OwnedBy("alice@example.com").CreatedAt(T0)
            .WithRig("gastown", "gt-", rig =>
            {
                if (fixedTree)
                {
                    rig.WithIssue("gt-1", "Child of acme's proj-1, from another chain", i => i.DependsOn($"{Acme}/proj-1", "parent-child"))
                        .WithIssue("gt-2", "Alice's epic", i => i.Type("epic"))
                        .WithIssue("gt-3", "Under gt-2", i => i.DependsOn("gt-2", "parent-child"))
                        .WithIssue("gt-4", "Under gt-3", i => i.DependsOn("gastown/gt-3", "parent-child").Closed("2026-01-05T09:00:00Z"));
                }

                gastown?.Invoke(rig);
            })
            .Also(b => alice?.Invoke(b))
            .Build();
    }

    public BuiltTown AcmeTown { get; }

    public BuiltTown AliceTown { get; }

    private Action<GasTown.Federation.Model.IGasTownFederationBuilder>? Configure { get; }

    /// <summary>Publishes alice over git; acme registers and fetches her.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await using (var publisher = Town.Open(AliceTown.Root, b => b.AddProvenance(o => o.Actor = "mayor")))
        {
            await publisher.PublishAsync(new PublishOptions { Rigs = ["gastown"] }, cancellationToken);
        }

        await using var acme = OpenAcme();
        acme.Remotes.Add("alice", FederationRepository.DefaultPathFor(AliceTown.Root), GtUri.Parse(AliceTown.ChainUri!));
        (await acme.FetchAsync("alice", cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
    }

    /// <summary>Opens acme's town; what its queries log is collected (see <see cref="AssertIndexNeverFailed"/>).</summary>
    public Town OpenAcme(Action<GasTown.Federation.Model.IGasTownFederationBuilder>? configure = null)
        => Town.Open(AcmeTown.Root, b =>
        {
            b.Services.AddLogging(l => l.AddProvider(new FakeLoggerProvider(_logs)));
            Configure?.Invoke(b);
            configure?.Invoke(b);
        });

    /// <summary>Fails when a query logged that the index threw (Query's event 3010): such a query still answers, from loaded chains.</summary>
    public void AssertIndexNeverFailed()
        => _logs.GetSnapshot().Where(r => r.Id.Id == 3010).Select(r => r.Message + " " + r.Exception).ShouldBeEmpty();

    public void Dispose() => _temp.Dispose();
}
