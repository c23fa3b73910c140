using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GasTown.Federation.Index.Tests.Federations;

/// <summary>
/// The organisation scenario of Query's tests (its AcmeFederation) as real git towns: acme.com/projects is the local town
/// and employs alice and bob (and delegates work, which an organisation listing never follows); alice, bob and carol are
/// remotes published over git and fetched. Alice's own chain also claims her employment; carol, a contractor, claims
/// hers (unverified) and assigns ca-2 to alice (which must not count). Acme assigns proj-6 to "Alice@Example.com" (an
/// assignment in the organisation's own chain counts, whatever the ASCII case) and proj-7 to a non-member.
/// </summary>
internal sealed class OrgFederation : IDisposable
{
    public const string Acme = "gt://acme.com/projects";
    public const string Alice = "gt://alice@example.com/town";
    public const string Bob = "gt://bob@example.com/home";
    public const string Carol = "gt://carol@freelance.dev/shop";
    public const string Ghost = "gt://ghost.org/nowhere";

    private const string T0 = "2025-12-30T10:00:00Z";

    private readonly TempDirectory _temp = new("gtfed-index-org");
    private readonly FakeLogCollector _logs = new();

    /// <param name="aliceExtra">Adds to alice's gastown rig.</param>
    /// <param name="bobExtra">Adds to bob's web rig.</param>
    /// <param name="acmeExtra">Adds to acme's projects rig.</param>
    /// <param name="carolExtra">Adds to carol's work rig.</param>
    /// <param name="towns">Adds to each town (acme, alice, bob, carol) before it is built: relationships, say.</param>
    public OrgFederation(
        Action<RigBuilder>? aliceExtra = null, Action<RigBuilder>? bobExtra = null, Action<RigBuilder>? acmeExtra = null, Action<RigBuilder>? carolExtra = null,
        Action<string, TownBuilder>? towns = null)
    {
        AcmeTown = TownBuilder.At(_temp.Combine("acme")).Named("projects").OwnedBy("acme.com").CreatedAt(T0)
            .WithRig("projects", "proj-", rig => Extra(acmeExtra, rig
                .WithIssue("proj-1", "Launch v2", i => i.Type("epic").Priority(1).CreatedBy("mayor"))
                .WithIssue("proj-1.1", "API work", i => i.DependsOn("proj-1", "parent-child"))
                .WithIssue("proj-1.2", "Docs", i => i.DependsOn("proj-1", "parent-child").Assignee("projects/crew/dana").Closed("2026-01-02T09:00:00Z"))
                .WithIssue("proj-2", "Marketing site", i => i.DependsOn($"{Alice}/gastown/gt-2"))
                .WithIssue("proj-3", "Partner deal", i => i.DependsOn($"{Ghost}/gh-1"))
                .WithIssue("proj-6", "Signup copy for the launch", i => i.Assignee("Alice@Example.com"))
                .WithIssue("proj-7", "Signup backlog grooming", i => i.Assignee("dave@example.com"))
                .WithIssue("proj-8", "Closed signup audit", i => i.Assignee("bob@example.com").Type("bug").Closed("2026-01-03T09:00:00Z"))))
            .WithRig("tools", "tl-", rig => rig.WithIssue("tl-1", "Tooling", i => i.Closed("2026-01-01T08:00:00Z")))
            .WithEmployment("alice@example.com", "acme.com")
            .WithEmployment("bob@example.com", "acme.com")
            .WithDelegation($"{Acme}/proj-1", $"{Alice}/gastown/gt-1", portion: "backend", deadline: "2026-01-15")
            .WithCrossReference($"{Acme}/proj-2", ("depends_on", $"{Carol}/work/ca-1"))
            .Also(b => towns?.Invoke("acme", b))
            .Build();

        AliceTown = TownBuilder.At(_temp.Combine("alice")).Named("town").OwnedBy("alice@example.com").CreatedAt(T0)
            .WithRig("gastown", "gt-", rig =>
            {
                rig.WithIssue("gt-1", "Backend for launch", i => i.Assignee("gastown/polecats/nux").Closed("2026-01-10T12:00:00Z"))
                    .WithIssue("gt-1.1", "DB schema", i => i.DependsOn("gt-1", "parent-child").Closed("2026-01-09T12:00:00Z"))
                    .WithIssue("gt-2", "Alice open task", i => i.DependsOn("gt-3"))
                    .WithIssue("gt-3", "Cycle partner with a signup check", i => i.DependsOn("gt-2").Type("bug"));
                aliceExtra?.Invoke(rig);
            })
            .WithEmployment("alice@example.com", "acme.com")
            .WithDelegation($"{Acme}/proj-1", $"{Alice}/gastown/gt-1", portion: "backend", deadline: "2026-01-15")
            .Also(b => towns?.Invoke("alice", b))
            .Build();

        BobTown = TownBuilder.At(_temp.Combine("bob")).Named("home").OwnedBy("bob@example.com").CreatedAt(T0)
            .WithRig("web", "bb-", rig =>
            {
                rig.WithIssue("bb-1", "Landing page", i => i.Assignee("web/crew/bob").Closed("2026-01-05T10:00:00Z"))
                    .WithIssue("bb-2", "Signup form")
                    .WithIssue("bb-3", "Signup validation", i => i.DependsOn("bb-2", "parent-child"))
                    .WithIssue("bb-4", "Bob's own thing", i => i.Priority(3));
                bobExtra?.Invoke(rig);
            })
            .Also(b => towns?.Invoke("bob", b))
            .Build();

        CarolTown = TownBuilder.At(_temp.Combine("carol")).Named("shop").OwnedBy("carol@freelance.dev").CreatedAt(T0)
            .WithRig("work", "ca-", rig => Extra(carolExtra, rig
                .WithIssue("ca-1", "Migrations")
                .WithIssue("ca-2", "Signup contract for acme", i => i.Assignee("alice@example.com"))))
            .WithEmployment("carol@freelance.dev", "acme.com")
            .Also(b => towns?.Invoke("carol", b))
            .Build();
    }

    public BuiltTown AcmeTown { get; }

    public BuiltTown AliceTown { get; }

    public BuiltTown BobTown { get; }

    public BuiltTown CarolTown { get; }

    /// <summary>Publishes alice, bob and carol over git; acme registers and fetches each.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        foreach (var (town, rig) in new[] { (AliceTown, "gastown"), (BobTown, "web"), (CarolTown, "work") })
        {
            await using var publisher = Town.Open(town.Root, b => b.AddProvenance(o => o.Actor = "mayor"));
            await publisher.PublishAsync(new PublishOptions { Rigs = [rig] }, cancellationToken);
        }

        await using var acme = OpenAcme();
        foreach (var (name, town) in new[] { ("alice", AliceTown), ("bob", BobTown), ("carol", CarolTown) })
        {
            acme.Remotes.Add(name, FederationRepository.DefaultPathFor(town.Root), GtUri.Parse(town.ChainUri!));
            (await acme.FetchAsync(name, cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
        }
    }

    /// <summary>Opens acme's town; what its queries log is collected (see <see cref="AssertIndexNeverFailed"/>).</summary>
    public Town OpenAcme()
        => Town.Open(AcmeTown.Root, b => b.Services.AddLogging(l => l.AddProvider(new FakeLoggerProvider(_logs))));

    /// <summary>Fails when a query logged that the index threw (Query's event 3010): such a query still answers, from loaded chains.</summary>
    public void AssertIndexNeverFailed()
        => _logs.GetSnapshot().Where(r => r.Id.Id == 3010).Select(r => r.Message + " " + r.Exception).ShouldBeEmpty();

    public void Dispose() => _temp.Dispose();

    private static void Extra(Action<RigBuilder>? extra, RigBuilder rig) => extra?.Invoke(rig);
}

/// <summary>Lets a fluent chain run a caller's additions in place.</summary>
internal static class TownBuilderAlso
{
    public static TownBuilder Also(this TownBuilder builder, Action<TownBuilder> add)
    {
        add(builder);
        return builder;
    }
}
