namespace GasTown.Federation.GitTransport.Tests;

/// <summary>What the transport reads out of libgit2's messages: the system refusing this process, in Unix's and Windows' words.</summary>
public sealed class LibGit2MessagesTests
{
    [Theory]
    [InlineData("failed to create locked file '/srv/town/federation/git/config.lock': Permission denied", true)]
    [InlineData("failed to make directory '/mnt/ro/objects/pack': Read-only file system", true)]
    [InlineData("could not remove '/srv/x': Operation not permitted", true)]
    [InlineData(@"failed to create locked file 'C:\towns\alice\federation\git\config.lock': Access is denied.", true)]
    [InlineData(@"failed to write 'E:\town\federation\git\FETCH_HEAD': The media is write protected.", true)]
    [InlineData("remote error: access denied or repository not exported: /x", false)]
    [InlineData("failed to resolve address for example.invalid: Name or service not known", false)]
    public void A_refusal_of_the_file_system_is_told_from_a_remote_s_words(string message, bool refusal)
        => LibGit2Messages.IsRefusal(message).ShouldBe(refusal);

    [Fact]
    public void A_message_LibGit2Sharp_cannot_format_becomes_the_libgit2_failure_it_was()
    {
        var failure = Should.Throw<LibGit2Sharp.LibGit2SharpException>(() => LibGit2Messages.Run(() => throw new FormatException("boom")));

        failure.Message.ShouldContain("could not format");
        failure.InnerException.ShouldBeOfType<FormatException>();
        LibGit2Messages.Run(() => 42).ShouldBe(42);
    }
}
