namespace GasTown.Federation.Model.Tests.Authoring;

/// <summary>
/// The one rule every writer of a town applies to tell "this process may not write here" from other I/O failures: as
/// .NET and the SDK's own calls into libc report them (a type, or an errno in an IOException's HResult).
/// </summary>
public sealed class TownFileAccessTests
{
    [Fact]
    public void A_refusal_is_no_permission_or_a_read_only_file_system_and_nothing_else()
    {
        TownFileAccessException.IsRefusal(new UnauthorizedAccessException()).ShouldBeTrue();
        foreach (var errno in new[] { 1, 13, 30 }) // EPERM, EACCES, EROFS
        {
            TownFileAccessException.IsRefusal(new IOException("refused", errno)).ShouldBe(!OperatingSystem.IsWindows(), $"errno {errno}");
        }

        foreach (var errno in new[] { 28, 11, 2, 0 }) // ENOSPC, EAGAIN (a held lock), ENOENT, none
        {
            TownFileAccessException.IsRefusal(new IOException("failed", errno)).ShouldBeFalse($"errno {errno}");
        }

        TownFileAccessException.IsRefusal(new InvalidOperationException()).ShouldBeFalse();
    }

    [Fact]
    public void The_exception_names_the_file_says_what_to_do_and_keeps_the_cause()
    {
        var cause = new UnauthorizedAccessException("Access to the path '/town/.beads/gtfed-write.lock' is denied.");
        var refused = TownFileAccessException.For("/town/.beads/gtfed-write.lock", cause);

        refused.Path.ShouldBe("/town/.beads/gtfed-write.lock");
        refused.ErrorKind.ShouldBe(FederationErrorKind.RemoteFailure);
        refused.InnerException.ShouldBeSameAs(cause);
        refused.Message.ShouldBe("This process may not write /town/.beads/gtfed-write.lock (Access to the path '/town/.beads/gtfed-write.lock' is denied): the town's folder is read-only, on a read-only file system, or owned by another user. Make it writable for this user, or run as the town's owner. Nothing was changed.");
    }
}
