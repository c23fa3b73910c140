using GtFed.Cli;
using LibGit2Sharp;

namespace GtFed.Tests.Output;

/// <summary>What gtfed says for failures that come from below the SDK's own exceptions, and that its hints name commands that run.</summary>
public sealed class ErrorMappingTests
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
}
