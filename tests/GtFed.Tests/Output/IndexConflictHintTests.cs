using GasTown.Federation;
using GasTown.Federation.Index;
using GtFed.Cli;

namespace GtFed.Tests.Output;

/// <summary>What gtfed advises when the federation index is held by someone else: a wait, never a name to pick.</summary>
public sealed class IndexConflictHintTests
{
    [Fact]
    public void An_index_held_by_another_program_is_advised_as_a_wait_not_as_a_name_to_pick()
    {
        var held = new FederationIndexException(FederationErrorKind.Conflict,
            "The federation index /t/federation/index.db is held by another program, through SQLite's lock on the file itself rather than the index's own (a write transaction, or exclusive locking mode: a sqlite3 shell, a backup tool?), and it was not let go while this process waited (database is locked); the index was not read or updated. End that program's transaction or close it, then try again.");

        var error = ErrorMapping.Map(held, "gtfed index");

        error.ExitCode.ShouldBe(ExitCodes.RemoteOrIo);
        error.Kind.ShouldBe(CliError.Conflict);
        error.Message.ShouldContain("index.db is held by another program");
        error.Hint.ShouldNotBeNull();
        error.Hint.ShouldContain("federation index on this machine");
        error.Hint.ShouldNotContain("pick another name");
    }
}
