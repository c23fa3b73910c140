using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Provenance.Tests.Commits;

public sealed class CommitTrailersTests
{
    [Fact]
    public void AppendProvenance_adds_the_hooks_trailers_after_a_blank_line()
    {
        var message = CommitTrailers.AppendProvenance("Fix the widget\n\nLonger body.\n", ActorId.Crew("beads", "emma"), "mol-7");

        message.ShouldBe("Fix the widget\n\nLonger body.\n\nExecuted-By: beads/crew/emma\nRig: beads\nRole: crew\nMolecule: mol-7\n");
    }

    [Fact]
    public void AppendProvenance_for_the_mayor_has_no_rig()
    {
        CommitTrailers.AppendProvenance("Plan", ActorId.Mayor).ShouldBe("Plan\n\nExecuted-By: mayor\nRole: mayor\n");
    }

    [Fact]
    public void AppendProvenance_is_not_added_twice()
    {
        var once = CommitTrailers.AppendProvenance("Fix", ActorId.Crew("beads", "emma"));
        CommitTrailers.AppendProvenance(once, ActorId.Crew("beads", "emma")).ShouldBe(once);

        // Upstream's rule: an Executed-By already present (any actor) means the hook adds nothing.
        CommitTrailers.AppendProvenance(once, ActorId.Mayor).ShouldBe(once);
    }

    [Fact]
    public void Append_joins_an_existing_trailer_block_instead_of_splitting_it()
    {
        var message = "Fix\n\nBody.\n\nSigned-off-by: A <a@example.com>\nCo-Authored-By: B <b@example.com>\n";

        var result = CommitTrailers.AppendProvenance(message, ActorId.Witness("gastown"));

        result.ShouldBe("Fix\n\nBody.\n\nSigned-off-by: A <a@example.com>\nCo-Authored-By: B <b@example.com>\nExecuted-By: gastown/witness\nRig: gastown\nRole: witness\n");
        CommitTrailers.Parse(result).Count.ShouldBe(5);
    }

    [Fact]
    public void Append_skips_duplicates_and_validates()
    {
        CommitTrailers.Append("Fix\n\nRig: a\n", [new("rig", "a"), new("Rig", "b")]).ShouldBe("Fix\n\nRig: a\nRig: b\n");
        Should.Throw<ArgumentException>(() => CommitTrailers.Append("", [new("Rig", "a")]));
        Should.Throw<ArgumentException>(() => CommitTrailers.Append("Fix", [new("Bad Key", "a")]));
        Should.Throw<ArgumentException>(() => CommitTrailers.Append("Fix", [new("Rig", "two\nlines")]));
    }

    public static TheoryData<string, string[]> ParseTable => new()
    {
        { "Fix", [] },
        { "Executed-By: mayor", [] },                                          // a subject is never a trailer block
        { "Fix\n\nExecuted-By: mayor\n", ["Executed-By=mayor"] },
        { "Fix\n\nExecuted-By: mayor\n\n\n", ["Executed-By=mayor"] },
        { "Fix\r\n\r\nExecuted-By: mayor\r\n", ["Executed-By=mayor"] },
        { "Fix\n\nExecuted-By: a\nRig: r\nRole: crew\nMolecule: m-1", ["Executed-By=a", "Rig=r", "Role=crew", "Molecule=m-1"] },
        { "Fix\n\nExecuted-By: a\n\nRig: r", ["Rig=r"] },                     // only the last paragraph counts
        { "Fix\n\nThis is prose: not a trailer\nreally", [] },
        { "Fix\n\nNote: one\n  continued here", ["Note=one continued here"] },
        { "Fix\n\nKey : spaced", ["Key=spaced"] },
    };

    [Theory]
    [MemberData(nameof(ParseTable))]
    public void Parse_reads_the_last_paragraph(string message, string[] expected) =>
        CommitTrailers.Parse(message).Select(t => $"{t.Key}={t.Value}").ShouldBe(expected);

    [Theory]
    [InlineData("Fix\n\nExecuted-By: mayor\n")]
    [InlineData("Fix\n\nBody.\n\nSigned-off-by: A <a@example.com>\nExecuted-By: beads/crew/emma\nRig: beads\n")]
    [InlineData("Fix\n\nExecuted-By: a\n\nRig: r\n")]
    [InlineData("Fix\n\nThis is prose: not a trailer\nreally\n")]
    [InlineData("Executed-By: mayor\n")]
    public void Parse_agrees_with_git_interpret_trailers(string message)
    {
        using var folder = new TempDirectory();
        var file = folder.Combine("msg.txt");
        File.WriteAllText(file, message);

        var git = ProcessRunner.Git(folder.Path, null, "interpret-trailers", "--parse", file);

        var expected = git.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Replace(": ", "=", StringComparison.Ordinal));
        CommitTrailers.Parse(message).Select(t => $"{t.Key}={t.Value}").ShouldBe(expected);
    }

    [Fact]
    public void CommitRecord_Actor_prefers_the_Executed_By_trailer_over_the_author_name()
    {
        var when = DateTimeOffset.Parse("2025-12-30T10:00:00-08:00", System.Globalization.CultureInfo.InvariantCulture);
        var withTrailer = CommitRecord.FromMessage("a1", "emma", "steve@example.com", when, "Fix\n\nExecuted-By: beads/crew/emma\n");
        var without = CommitRecord.FromMessage("b2", "beads/refinery", "steve@example.com", when, "Merge\n");

        withTrailer.ExecutedBy.ShouldBe("beads/crew/emma");
        withTrailer.Actor.ShouldBe("beads/crew/emma");
        withTrailer.ActorId!.Value.Role.ShouldBe(ActorRole.Crew);
        withTrailer.Subject.ShouldBe("Fix");
        without.ExecutedBy.ShouldBeNull();
        without.Actor.ShouldBe("beads/refinery");
    }

    [Fact]
    public void Trailers_written_into_a_real_commit_read_back_from_git_log()
    {
        using var repo = new TempDirectory();
        GitCli.Run(repo.Path, "init", "-q", "-b", "main");
        File.WriteAllText(repo.Combine("a.txt"), "a");
        GitCli.Run(repo.Path, "add", "a.txt");
        GitCli.Run(repo.Path, "commit", "-q", "-m", CommitTrailers.AppendProvenance("Add a\n\nWhy: because.", ActorId.Polecat("gastown", "nux")));

        var raw = GitCli.Run(repo.Path, "log", "-1", "--format=%B");
        var record = CommitRecord.FromMessage("x", "test", "test@example.com", DateTimeOffset.UnixEpoch, raw);

        record.Trailers.Select(t => t.ToString()).ShouldBe(["Why: because.", "Executed-By: gastown/polecats/nux", "Rig: gastown", "Role: polecat"]);
        record.Actor.ShouldBe("gastown/polecats/nux");
    }
}
