using System.Diagnostics;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Provenance.Tests.Commits;

/// <summary>
/// Commits made by the real git command line in every shape upstream agents produce, read back as
/// <see cref="CommitRecord"/>s: the actor is found whichever shape the commit has.
/// </summary>
public sealed class CommitProvenanceShapesTests : IDisposable
{
    private readonly TempDirectory _repo = new("commit-shapes");

    public CommitProvenanceShapesTests()
    {
        Git([], "init", "-q", "-b", "main");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Executed_by_alone_names_the_actor()
    {
        var commit = Commit(["-c", "user.name=nux", "-c", "user.email=steve@example.com"], [], "Fix the widget", "--trailer", "Executed-By: gastown/polecats/nux");

        commit.Actor.ShouldBe("gastown/polecats/nux");
        commit.ActorSource.ShouldBe(CommitActorSource.ExecutedByTrailer);
        commit.Rig.ShouldBeNull();
    }

    [Fact]
    public void The_hooks_older_trailer_set_gives_the_actor_and_its_rig_role_and_molecule()
    {
        var commit = Commit(["-c", "user.name=emma", "-c", "user.email=steve@example.com"], [],
            "Land the fix\n\nLonger body.\n\nExecuted-By: beads/crew/emma\nRig: beads\nRole: crew\nMolecule: mol-7");

        commit.AuthorName.ShouldBe("emma");
        commit.Actor.ShouldBe("beads/crew/emma");
        commit.ActorSource.ShouldBe(CommitActorSource.ExecutedByTrailer);
        (commit.Rig, commit.Role, commit.Molecule).ShouldBe(("beads", "crew", "mol-7"));
    }

    [Theory]
    [InlineData("gastown/crew/jack", "gastown.crew.jack@gastown.local")]
    [InlineData("mayor", "mayor@gastown.local")]
    public void Gt_commits_agent_email_names_the_actor(string path, string email)
    {
        AgentEmail.For(ActorId.Parse(path)).ShouldBe(email);

        var commit = Commit(["-c", $"user.name={path}", "-c", $"user.email={email}"], [], "Work");

        commit.AuthorEmail.ShouldBe(email);
        commit.Actor.ShouldBe(path);
        commit.ActorSource.ShouldBe(CommitActorSource.AgentEmail);
    }

    [Fact]
    public void The_author_committer_split_of_gastown_4198_is_read_as_the_agent_path()
    {
        // gt exports GIT_AUTHOR_NAME (the bare name) and gt commit sets user.name (the path): git keeps both.
        var commit = Commit(["-c", "user.name=gastown/crew/gtmain", "-c", "user.email=gastown.crew.gtmain@gastown.local"],
            [("GIT_AUTHOR_NAME", "gtmain")], "Split identity");

        commit.AuthorName.ShouldBe("gtmain");
        commit.AuthorEmail.ShouldBe("gastown.crew.gtmain@gastown.local");
        commit.CommitterName.ShouldBe("gastown/crew/gtmain");
        commit.Actor.ShouldBe("gastown/crew/gtmain");
        commit.ActorSource.ShouldBe(CommitActorSource.AgentEmail);
    }

    [Fact]
    public void The_split_with_the_owners_email_is_read_from_the_committer_name()
    {
        // Before gt commit (plain git under gt's environment): the email is the owner's, only the names differ.
        var commit = Commit(["-c", "user.name=gastown/crew/gtmain", "-c", "user.email=steve@example.com"],
            [("GIT_AUTHOR_NAME", "gtmain")], "Split identity, owner email");

        commit.AuthorName.ShouldBe("gtmain");
        commit.Actor.ShouldBe("gastown/crew/gtmain");
        commit.ActorSource.ShouldBe(CommitActorSource.CommitterName);
    }

    [Fact]
    public void A_daemon_or_human_commit_is_not_mistaken_for_an_agent()
    {
        var daemon = Commit(["-c", "user.name=Gas Town Daemon", "-c", "user.email=daemon@gastown.local"], [], "daemon: auto-commit");
        daemon.Actor.ShouldBe("Gas Town Daemon");
        daemon.ActorSource.ShouldBe(CommitActorSource.AuthorName);

        var human = Commit(["-c", "user.name=Steve", "-c", "user.email=steve@example.com"], [("GIT_COMMITTER_NAME", "gastown/crew/max")], "by hand");
        human.Actor.ShouldBe("Steve");
        human.ActorSource.ShouldBe(CommitActorSource.AuthorName);
    }

    private CommitRecord Commit(string[] config, (string Name, string Value)[] environment, string message, params string[] extra)
    {
        Git(environment, [.. config, "commit", "-q", "--allow-empty", "-m", message, .. extra]);
        var fields = Git([], "log", "-1", "--format=%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%B").Split('\0');
        return CommitRecord.FromMessage(fields[0], fields[1], fields[2], DateTimeOffset.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture), fields[6]) with
        {
            CommitterName = fields[4],
            CommitterEmail = fields[5],
        };
    }

    // Not GitCli: that pins author and committer, and these shapes are exactly what the environment and -c decide.
    private string Git((string Name, string Value)[] environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repo.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        foreach (var name in new[] { "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
