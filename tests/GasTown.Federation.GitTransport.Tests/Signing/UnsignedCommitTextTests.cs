using GasTown.Federation.TestSupport;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport.Tests.Signing;

/// <summary>The commit text signed on publishing is libgit2's own, byte for byte (it is written without libgit2 so Native AOT can sign).</summary>
public sealed class UnsignedCommitTextTests
{
    public static TheoryData<string, string, int, string> Cases => new()
    {
        { "mayor", "acme.com", 0, "Publish town\n" },
        { "  gastown/polecats/rictus ", " bob@example.com\t", -8 * 60, "Publish\n\nExecuted-By: mayor\n" },
        { "Zoë Ünïcode", "zoe@example.com", 5 * 60 + 30, "no newline at the end" },
        { "crew", "crew@example.com", 13 * 60 + 45, "" },
        { "crew", "crew@example.com", -30, "  leading spaces\n\n\ntrailing lines\n\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_text_is_what_libgit2_writes_for_the_same_commit(string name, string email, int offsetMinutes, string message)
    {
        using var temp = new TempDirectory("unsigned-commit-text");
        Repository.Init(temp.Path, isBare: true);
        using var repo = new Repository(temp.Path);
        var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream("x"u8.ToArray()));
        var definition = new TreeDefinition();
        definition.Add("file", blob, Mode.NonExecutableFile);
        var tree = repo.ObjectDatabase.CreateTree(definition);
        var when = new DateTimeOffset(2026, 11, 30, 21, 42, 46, TimeSpan.FromMinutes(offsetMinutes));
        var signature = new LibGit2Sharp.Signature(name, email, when);
        var root = repo.ObjectDatabase.CreateCommit(signature, signature, "root\n", tree, [], prettifyMessage: false);

        foreach (var parents in new[] { Array.Empty<Commit>(), [root] })
        {
            var expected = Commit.CreateBuffer(signature, signature, message, tree, parents, prettifyMessage: false, commentChar: null);
            UnsignedCommitText.Format(signature, signature, message, tree.Id, parents.Select(p => p.Id).ToList()).ShouldBe(expected);
        }
    }

    [Theory]
    [InlineData("a<b", "a@example.com")]
    [InlineData("name", "a>b@example.com")]
    [InlineData("two\nlines", "a@example.com")]
    public void A_name_or_email_git_cannot_write_is_refused(string name, string email)
    {
        var signature = new LibGit2Sharp.Signature(name, email, DateTimeOffset.UnixEpoch);
        Should.Throw<ArgumentException>(() => UnsignedCommitText.Format(signature, signature, "m", new ObjectId("4b825dc642cb6eb9a060e54bf8d69288fbee4904"), []));
    }
}
