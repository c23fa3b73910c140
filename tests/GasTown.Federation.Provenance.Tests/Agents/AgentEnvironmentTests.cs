using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Provenance.Tests.Agents;

public sealed class AgentEnvironmentTests
{
    private const string Owner = "steve@example.com";

    [Fact]
    public void Crew_member_gets_upstreams_identity_variables_and_full_path_git_identity()
    {
        using var town = new TempDirectory();

        var env = AgentEnvironment.For(ActorId.Crew("gastown", "joe"), town.Path, Owner);

        env.Variables.ShouldBe(new Dictionary<string, string>
        {
            ["BD_ACTOR"] = "gastown/crew/joe",
            ["BEADS_ACTOR"] = "gastown/crew/joe",
            ["BEADS_AGENT_NAME"] = "gastown/joe",
            ["GIT_AUTHOR_EMAIL"] = Owner,
            ["GIT_AUTHOR_NAME"] = "gastown/crew/joe",
            ["GIT_CEILING_DIRECTORIES"] = town.Path,
            ["GIT_COMMITTER_EMAIL"] = Owner,
            ["GIT_COMMITTER_NAME"] = "gastown/crew/joe",
            ["GT_CREW"] = "joe",
            ["GT_RIG"] = "gastown",
            ["GT_ROLE"] = "gastown/crew/joe",
            ["GT_ROOT"] = town.Path,
        }, ignoreOrder: true);
        env.Variables.Keys.ShouldBe(env.Variables.Keys.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string?, string?, string?, string?> Roles => new()
    {
        // actor, GT_ROLE, GT_RIG, name variable=value, BEADS_AGENT_NAME
        { "mayor", "mayor", null, null, null },
        { "deacon", "deacon", null, null, null },
        { "deacon-boot", "deacon/boot", null, null, null },
        { "deacon/dogs/rex", "dog", null, "GT_DOG_NAME=rex", null },
        { "gastown/witness", "gastown/witness", "gastown", null, null },
        { "gastown/refinery", "gastown/refinery", "gastown", null, null },
        { "gastown/polecats/nux", "gastown/polecats/nux", "gastown", "GT_POLECAT=nux", "gastown/nux" },
        { "gastown-witness", "gastown/witness", "gastown", null, null },
        { "max", null, null, null, null },
        { "some opaque actor", null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Every_role_gets_its_variables(string actor, string? role, string? rig, string? nameVariable, string? agentName)
    {
        var parsed = ActorId.Parse(actor);
        var env = AgentEnvironment.For(parsed, "/tmp/town", Owner).Variables;

        env.GetValueOrDefault("GT_ROLE").ShouldBe(role);
        env.GetValueOrDefault("GT_RIG").ShouldBe(rig);
        env.GetValueOrDefault("BEADS_AGENT_NAME").ShouldBe(agentName);
        env["BD_ACTOR"].ShouldBe(parsed.CanonicalPath);
        env["GIT_AUTHOR_NAME"].ShouldBe(parsed.CanonicalPath);
        env["GIT_COMMITTER_NAME"].ShouldBe(env["GIT_AUTHOR_NAME"]);
        env["GIT_COMMITTER_EMAIL"].ShouldBe(env["GIT_AUTHOR_EMAIL"]);
        if (nameVariable is not null)
        {
            var (name, value) = (nameVariable.Split('=')[0], nameVariable.Split('=')[1]);
            env[name].ShouldBe(value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\nb@example.com")]
    [InlineData("<steve@example.com>")]
    public void Bad_owner_email_is_refused(string owner) =>
        Should.Throw<ArgumentException>(() => AgentEnvironment.For(ActorId.Mayor, "/tmp/town", owner));

    [Fact]
    public void Default_actor_is_refused() =>
        Should.Throw<ArgumentException>(() => AgentEnvironment.For(default, "/tmp/town", Owner));

    [Fact]
    public void ApplyTo_removes_inherited_identity_and_sets_the_agents()
    {
        var block = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "host-user",
            ["GT_POLECAT"] = "leftover",
            ["BEADS_ACTOR"] = "someone-else",
            ["PATH"] = "/usr/bin",
        };

        AgentEnvironment.For(ActorId.Witness("gastown"), "/tmp/town", Owner).ApplyTo(block);

        block["GIT_AUTHOR_NAME"].ShouldBe("gastown/witness");
        block["BEADS_ACTOR"].ShouldBe("gastown/witness");
        block.ContainsKey("GT_POLECAT").ShouldBeFalse();
        block["PATH"].ShouldBe("/usr/bin");
    }

    [Fact]
    public void A_real_git_commit_made_with_the_environment_has_the_agent_as_author_and_committer_and_the_owner_as_email()
    {
        using var town = new TempDirectory();
        var env = AgentEnvironment.For(ActorId.Polecat("gastown", "nux"), town.Path, Owner);
        ProcessRunner.Git(town.Path, env, "init", "-q", "-b", "main");
        File.WriteAllText(town.Combine("file.txt"), "work\n");
        ProcessRunner.Git(town.Path, env, "add", "file.txt");
        var message = CommitTrailers.AppendProvenance("Fix the widget", env.Agent, "mol-42");

        ProcessRunner.Git(town.Path, env, "commit", "-q", "-m", message);

        var log = ProcessRunner.Git(town.Path, null, "log", "-1", "--format=%an|%ae|%cn|%ce").Trim();
        log.ShouldBe("gastown/polecats/nux|steve@example.com|gastown/polecats/nux|steve@example.com");
        var trailers = ProcessRunner.Git(town.Path, null, "log", "-1", "--format=%(trailers:key=Executed-By,valueonly)").Trim();
        trailers.ShouldBe("gastown/polecats/nux");
    }
}
