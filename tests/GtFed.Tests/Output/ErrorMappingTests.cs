using System.Text.RegularExpressions;
using GasTown.Federation.GitTransport;
using GtFed.Cli;
using LibGit2Sharp;

namespace GtFed.Tests.Output;

/// <summary>What gtfed says for failures that come from below the SDK's own exceptions, and that its hints name commands that run.</summary>
public sealed partial class ErrorMappingTests
{
    [Theory]
    [InlineData("failed to write out file: No space left on device")]
    [InlineData("failed to initialize repository with template 'description': No space left on device")]
    [InlineData("could not open '/t/federation/git/config': Permission denied")]
    public void A_git_library_failure_to_read_or_write_is_an_io_failure_with_its_message_not_a_bug(string message)
    {
        // A full disk under the federation repository (created on first use by list, show, remote list, key show…) was
        // reported as "gtfed failed unexpectedly … This is a bug in gtfed".
        var error = ErrorMapping.Map(new LibGit2SharpException(message), "gtfed list");

        error.ExitCode.ShouldBe(ExitCodes.RemoteOrIo);
        error.Kind.ShouldNotBe(CliError.Internal);
        error.Message.ShouldContain(message);
        error.Message.ShouldNotContain("unexpectedly");
        error.Hint.ShouldNotBeNull();
        error.Hint.ShouldNotContain("bug");
        error.Hint.ShouldContain("space");
        error.Hint.ShouldContain("permission");
    }

    [Fact]
    public void A_lock_git_could_not_take_is_a_conflict_to_wait_for()
    {
        var error = ErrorMapping.Map(new LockedFileException("failed to lock file '/t/federation/git/config.lock' for writing"), "gtfed remote add");

        error.ExitCode.ShouldBe(ExitCodes.RemoteOrIo);
        error.Kind.ShouldBe(CliError.Conflict);
        error.Message.ShouldContain("config.lock");
        error.Hint.ShouldNotBeNull();
        error.Hint.ShouldNotContain("bug");
    }

    [Fact]
    public void A_git_call_gtfed_got_wrong_is_still_reported_as_a_bug()
    {
        var error = ErrorMapping.Map(new InvalidSpecificationException("'refs/heads/..' is not a valid reference name"), "gtfed publish");

        error.Kind.ShouldBe(CliError.Internal);
        error.Hint.ShouldNotBeNull();
        error.Hint.ShouldContain("bug");
    }

    [Fact]
    public void A_cancel_does_not_claim_nothing_changed_and_says_how_to_see_what_did()
    {
        // Ctrl-C during a fetch said "nothing was changed by the step that was running" when the fetch had landed (its
        // tracking ref moved, and remote list showed it fetched).
        var error = ErrorMapping.Map(new OperationCanceledException(), "gtfed fetch");

        error.ExitCode.ShouldBe(ExitCodes.RemoteOrIo);
        error.Kind.ShouldBe(CliError.Cancelled);
        error.Message.ShouldNotContain("nothing was changed");
        error.Message.ShouldContain("before");
        error.Hint.ShouldNotBeNull();
        error.Hint.ShouldContain("gtfed remote list");
    }

    public static TheoryData<string, string?> RemoteNotFound => new()
    {
        { "gtfed publish", null },
        { "gtfed fetch", null },
        { "gtfed fetch", "Backup" },
    };

    [Theory]
    [MemberData(nameof(RemoteNotFound))]
    public void Every_command_a_missing_remote_hint_names_parses_with_gtfeds_own_command_line(string command, string? caseVariant)
    {
        // publish --push NOSUCH advised 'gtfed remote push-target NAME GIT-URL', which push-target refuses (it takes --url).
        var error = ErrorMapping.Map(new RemoteNotFoundException("backup", "/t/federation/git", caseVariant), command);

        error.Hint.ShouldNotBeNull();
        var suggested = SuggestedCommands(error.Hint);
        suggested.ShouldNotBeEmpty();
        foreach (var line in suggested)
        {
            var parse = GtFedCommandLine.Build().Parse(Arguments(line));
            parse.Errors.ShouldBeEmpty($"'{line}' from the hint \"{error.Hint}\" does not parse: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    /// <summary>The 'gtfed …' commands a hint quotes.</summary>
    private static List<string> SuggestedCommands(string hint) => [.. QuotedCommand().Matches(hint).Select(m => m.Groups[1].Value)];

    /// <summary>A suggested command as arguments, its placeholders filled in and its optional parts taken.</summary>
    private static string[] Arguments(string line) => [.. line
        .Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Skip(1) // gtfed
        .Select(word => word switch
        {
            "NAME" => "backup",
            "GIT-URL" => "/srv/backup.git",
            "gt://ENTITY/CHAIN" => "gt://alice@example.com/town",
            _ => word,
        })];

    [GeneratedRegex(@"'(gtfed [^']+)'")]
    private static partial Regex QuotedCommand();
}
