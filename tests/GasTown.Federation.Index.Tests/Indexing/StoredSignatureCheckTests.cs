using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>A tip's signature check as the index keeps it: every check reads back as itself, anything else as no check.</summary>
public sealed class StoredSignatureCheckTests
{
    private const string Commit = "685eee70ab8b9a395f4d8be0b98cfb14ff4b83ac";
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    public static TheoryData<CommitSignatureCheck> Checks => new()
    {
        new CommitSignatureCheck(Commit, CommitSignatureStatus.Unsigned, null, null),
        new CommitSignatureCheck(Commit, CommitSignatureStatus.Invalid, null, "the signature does not verify: ssh-ed25519 key, namespace 'git'"),
        new CommitSignatureCheck(Commit, CommitSignatureStatus.Invalid, null, ""),
        new CommitSignatureCheck(Commit, CommitSignatureStatus.Valid, SshPublicKey.Parse(Key), null),
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void A_check_reads_back_as_itself(CommitSignatureCheck check)
    {
        var read = StoredSignatureCheck.Decode(StoredSignatureCheck.Encode(check), Commit);

        read.ShouldNotBeNull();
        read.Commit.ShouldBe(Commit);
        read.Status.ShouldBe(check.Status);
        read.Key.ShouldBe(check.Key);
        read.Problem.ShouldBe(check.Problem);
    }

    [Fact]
    public void A_valid_check_keeps_the_key_without_its_comment()
    {
        var withComment = SshPublicKey.Parse(Key + " alice@acme.com");
        var stored = StoredSignatureCheck.Encode(new CommitSignatureCheck(Commit, CommitSignatureStatus.Valid, withComment, null));

        stored.ShouldBe($"v1 {Commit} valid {Key}");
        StoredSignatureCheck.Decode(stored, Commit)!.Key!.Fingerprint.ShouldBe(withComment.Fingerprint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unsigned")]
    [InlineData("valid " + Key)]
    [InlineData("v1 " + Commit)]
    [InlineData("v1 " + Commit + " valid")]
    [InlineData("v1 " + Commit + " valid not-a-key")]
    [InlineData("v1 " + Commit + " valid ssh-ed25519 AAAA")]
    [InlineData("v1 " + Commit + " Unsigned")]
    [InlineData("v1 " + Commit + " signed by someone")]
    [InlineData("v2 " + Commit + " unsigned")]
    [InlineData("v1 0000000000000000000000000000000000000000 unsigned")]
    [InlineData("v1 " + Commit + "0 unsigned")]
    public void Anything_else_is_no_check_and_the_query_verifies_the_commit_itself(string? stored)
        => StoredSignatureCheck.Decode(stored, Commit).ShouldBeNull();

    [Fact]
    public void A_check_is_never_read_as_another_commits()
    {
        var stored = StoredSignatureCheck.Encode(new CommitSignatureCheck(Commit, CommitSignatureStatus.Valid, SshPublicKey.Parse(Key), null));

        StoredSignatureCheck.Decode(stored, "1111111111111111111111111111111111111111").ShouldBeNull();
        StoredSignatureCheck.Decode(stored, Commit)!.Status.ShouldBe(CommitSignatureStatus.Valid);
    }

    [Fact]
    public void A_problem_that_reads_like_a_verdict_stays_a_problem()
    {
        // The problem text comes from the remote's commit: it cannot make the stored check read as valid.
        var problem = "x\nv1 " + Commit + " valid " + Key;
        var read = StoredSignatureCheck.Decode(StoredSignatureCheck.Encode(new CommitSignatureCheck(Commit, CommitSignatureStatus.Invalid, null, problem)), Commit)!;

        read.Status.ShouldBe(CommitSignatureStatus.Invalid);
        read.Problem.ShouldBe(problem);
        read.Key.ShouldBeNull();
    }

    [Fact]
    public void A_valid_check_without_a_key_is_not_stored()
        => Should.Throw<ArgumentException>(() => StoredSignatureCheck.Encode(new CommitSignatureCheck(Commit, CommitSignatureStatus.Valid, null, null)));
}
