using System.IO.Compression;
using System.Text;
using GasTown.Federation.TestSupport;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport.Tests.Objects;

/// <summary>
/// A blob git stored whole is inflated from its own file as it is read (a loose object, a pack entry), and its bytes are
/// checked against its id at the end; a delta is read through libgit2. Either way the bytes are git's: the repositories
/// are made by the git command line.
/// </summary>
public sealed class BlobContentTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_loose_blob_and_the_same_blob_packed_are_inflated_from_their_files_byte_for_byte()
    {
        var content = Lines(20_000, "first");
        var (work, id) = Commit(content);

        using (var repo = new Repository(work))
        {
            ReadThrough(repo, id, out var kind).ShouldBe(content);
            kind.ShouldBe(typeof(InflatingBlobStream), "a fresh commit's blob is loose");
        }

        GitCli.Run(work, "repack", "-a", "-d", "-q");
        GitCli.Run(work, "prune-packed");
        File.Exists(LoosePath(work, id)).ShouldBeFalse("the blob is in the pack only");
        using (var repo = new Repository(work))
        {
            ReadThrough(repo, id, out var kind).ShouldBe(content);
            kind.ShouldBe(typeof(InflatingBlobStream), "one version of a file is packed whole");
        }
    }

    [Fact]
    public void A_blob_packed_as_a_delta_is_read_through_libgit2()
    {
        var first = Lines(5_000, "first");
        var (work, older) = Commit(first);
        var second = first.Replace("line 2500 first", "line 2500 changed", StringComparison.Ordinal);
        var (_, newer) = Commit(second, work);
        GitCli.Run(work, "repack", "-a", "-d", "-f", "-q", "--window=10", "--depth=10");
        GitCli.Run(work, "prune-packed");

        // git keeps one version whole and the other as a delta against it; which one is git's choice.
        var deltas = GitCli.Run(work, "verify-pack", "-v", Directory.GetFiles(Path.Combine(work, ".git", "objects", "pack"), "*.idx").Single())
            .Split('\n').Where(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 5 } f && f[1] == "blob").Select(l => l[..40]).ToHashSet();
        deltas.Count.ShouldBe(1, "one of the two blobs is a delta");

        using var repo = new Repository(work);
        ReadThrough(repo, older, out var olderKind).ShouldBe(first);
        ReadThrough(repo, newer, out var newerKind).ShouldBe(second);
        (deltas.Contains(older.Sha) ? olderKind : newerKind).ShouldBe(typeof(NativeBlobStream));
        (deltas.Contains(older.Sha) ? newerKind : olderKind).ShouldBe(typeof(InflatingBlobStream));
    }

    [Theory]
    [InlineData("other bytes of the same length", "does not hash to its id")]
    [InlineData("more", "holds more than")]
    public void A_blob_file_whose_bytes_are_not_its_id_s_fails_at_its_end_and_says_so(string tamper, string expected)
    {
        var content = Lines(100, "first");
        var (work, id) = Commit(content);

        // The loose file rewritten (a damaged disk, a hand edit): a valid zlib stream under the right header size.
        var body = Encoding.UTF8.GetBytes(content);
        var tampered = tamper == "more" ? [.. body, .. "more"u8] : Encoding.UTF8.GetBytes(content[..^tamper.Length] + tamper);
        var path = LoosePath(work, id);
        File.SetAttributes(path, FileAttributes.Normal);
        using (var file = File.Create(path))
        using (var zlib = new ZLibStream(file, CompressionLevel.Fastest))
        {
            zlib.Write(Encoding.ASCII.GetBytes($"blob {body.Length}\0"));
            zlib.Write(tampered);
        }

        using var repo = new Repository(work);
        using var stream = Streamed(repo, id, body.Length);
        stream.ShouldBeOfType<InflatingBlobStream>();
        var failure = Should.Throw<GitTransportException>(() => stream.CopyTo(Stream.Null));
        failure.Message.ShouldContain(expected);
        failure.Message.ShouldContain(id.Sha);

        // Read again, it fails again: a failed blob never reads as a clean end.
        Should.Throw<GitTransportException>(() => stream.ReadByte()).ShouldBeSameAs(failure);
    }

    [Fact]
    public void An_empty_blob_is_checked_when_it_is_opened_since_no_read_asks_for_its_end()
    {
        var (work, id) = Commit("");
        using (var repo = new Repository(work))
        {
            ReadThrough(repo, id, out var kind).ShouldBeEmpty();
            kind.ShouldBe(typeof(InflatingBlobStream));
        }

        // Its loose file rewritten to say "blob 0" and hold more.
        var path = LoosePath(work, id);
        File.SetAttributes(path, FileAttributes.Normal);
        using (var file = File.Create(path))
        using (var zlib = new ZLibStream(file, CompressionLevel.Fastest))
        {
            zlib.Write("blob 0\0more"u8);
        }

        using var damaged = new Repository(work);
        Should.Throw<GitTransportException>(() => Streamed(damaged, id, 0)).Message.ShouldContain("holds more than");
    }

    [Fact]
    public void A_pack_entry_whose_bytes_were_changed_fails_as_damaged_instead_of_reading_other_bytes()
    {
        var content = Lines(2_000, "first");
        var (work, id) = Commit(content);
        GitCli.Run(work, "repack", "-a", "-d", "-q");
        GitCli.Run(work, "prune-packed");
        var pack = Directory.GetFiles(Path.Combine(work, ".git", "objects", "pack"), "*.pack").Single();
        var offset = long.Parse(GitCli.Run(work, "verify-pack", "-v", Path.ChangeExtension(pack, ".idx"))
            .Split('\n').Single(l => l.StartsWith(id.Sha, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[4], System.Globalization.CultureInfo.InvariantCulture);

        // A byte in the middle of the entry's deflated bytes, flipped.
        File.SetAttributes(pack, FileAttributes.Normal);
        using (var file = new FileStream(pack, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = offset + 2_000;
            var b = file.ReadByte();
            file.Position = offset + 2_000;
            file.WriteByte((byte)(b ^ 0x5A));
        }

        using var repo = new Repository(work);
        using var stream = Streamed(repo, id, Encoding.UTF8.GetByteCount(content));
        stream.ShouldBeOfType<InflatingBlobStream>();
        Should.Throw<GitTransportException>(() => stream.CopyTo(Stream.Null)).Message.ShouldContain(id.Sha);
    }

    [Fact]
    public void A_loose_file_that_is_not_zlib_is_left_to_libgit2_which_says_why()
    {
        var (work, id) = Commit(Lines(10, "first"));
        var path = LoosePath(work, id);
        File.SetAttributes(path, FileAttributes.Normal);
        File.WriteAllBytes(path, "not a zlib stream at all"u8.ToArray());

        using var repo = new Repository(work);
        InflatingBlobStream.TryOpen(Path.Combine(repo.Info.Path, "objects"), id).ShouldBeNull();
        Should.Throw<GitTransportException>(() => Streamed(repo, id, 10));
    }

    [Fact]
    public void Under_a_mebibyte_a_blob_is_read_through_libgit2_and_from_one_on_from_its_own_file()
    {
        // Finding a blob in its file opens each pack's index in turn: a small blob is left to libgit2, which keeps them open.
        var small = Lines(10, "first");
        var large = Lines(40_000, "first");
        Encoding.UTF8.GetByteCount(large).ShouldBeGreaterThan((int)BlobContent.StreamedFrom);
        var (work, smallId) = Commit(small);
        var (_, largeId) = Commit(large, work);

        using var repo = new Repository(work);
        using (var stream = BlobContent.Open(repo, smallId, Encoding.UTF8.GetByteCount(small)))
        {
            stream.ShouldBeOfType<NativeBlobStream>();
        }

        using (var stream = BlobContent.Open(repo, largeId, Encoding.UTF8.GetByteCount(large)))
        {
            stream.ShouldBeOfType<InflatingBlobStream>();
            var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            Encoding.UTF8.GetString(bytes.ToArray()).ShouldBe(large);
        }
    }

    private static string Lines(int count, string word)
        => string.Concat(Enumerable.Range(1, count).Select(n => $"{{\"id\":\"gt-{n}\",\"title\":\"line {n} {word}\"}}\n"));

    // The blob through BlobContent with its streaming bound at 0, so that these small blobs take the path under test.
    private static Stream Streamed(Repository repo, ObjectId id, long size) => BlobContent.Open(repo, id, size, streamedFrom: 0);

    private static string ReadThrough(Repository repo, ObjectId id, out Type kind)
    {
        using var stream = Streamed(repo, id, repo.ObjectDatabase.RetrieveObjectMetadata(id).Size);
        kind = stream.GetType();
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        stream.Length.ShouldBe(buffer.Length);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private (string Work, ObjectId Blob) Commit(string content, string? work = null)
    {
        if (work is null)
        {
            work = _temp.Combine("repo-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(work);
            GitCli.Run(work, "init", "-q", "-b", "main");
        }

        File.WriteAllText(Path.Combine(work, "issues.jsonl"), content);
        GitCli.Run(work, "add", "issues.jsonl");
        GitCli.Run(work, "commit", "-q", "-m", "issues");
        return (work, new ObjectId(GitCli.Run(work, "rev-parse", "HEAD:issues.jsonl").Trim()));
    }

    private static string LoosePath(string work, ObjectId id) => Path.Combine(work, ".git", "objects", id.Sha[..2], id.Sha[2..]);
}
