using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Files;

/// <summary>
/// A local chain file's stamp, as the federation index keeps it: equal while nothing a read would see has moved, and
/// different once it has, a link's target included, and where a link leads.
/// </summary>
public sealed class LocalStampTests
{
    private const string Issues = "backend/.beads/issues.jsonl";
    private static readonly DateTime Old = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_linked_file_keeps_its_stamp_until_the_link_is_pointed_at_another_file_of_the_same_size_and_time()
    {
        using var temp = new TempDirectory();
        var first = Write(temp.Combine("kept/first.jsonl"), "{\"id\":\"a\"}\n");
        var second = Write(temp.Combine("kept/second.jsonl"), "{\"id\":\"b\"}\n");
        var link = temp.Combine(Issues);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, first);
        var folder = new FolderChainSource(temp.Path);

        var stamp = LocalStamp.Of(folder, Issues);
        LocalStamp.Of(folder, Issues).ShouldBe(stamp, "nothing moved: the index must be current");
        LocalStamp.IsRacy(stamp).ShouldBeFalse();

        File.Delete(link);
        File.CreateSymbolicLink(link, second);

        LocalStamp.Of(folder, Issues).ShouldNotBe(stamp, "a read now gets other bytes");
    }

    [Fact]
    public void A_file_read_where_it_is_is_stamped_by_its_size_and_time_alone()
    {
        using var temp = new TempDirectory();
        var file = Write(temp.Combine(Issues), "{\"id\":\"a\"}\n");
        var folder = new FolderChainSource(temp.Path);

        LocalStamp.Of(folder, Issues).ShouldBe(LocalStamp.Of(new FileInfo(file)), "no link: the folder's place in the file system is not part of it");
        LocalStamp.Of(folder, "backend/.beads/none.jsonl").ShouldBe(LocalStamp.Missing);
    }

    private static string Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, Old);
        return path;
    }
}
