using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Files;

/// <summary>
/// A named pipe where a town's file was is refused at once, by every way the SDK reads a local file and by the readers
/// built on it; anything else is read, or refused, as .NET does it.
/// </summary>
public sealed class LocalFileTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Readers => ["bytes", "bytes async", "text async", "stream"];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task A_named_pipe_is_refused_without_waiting_for_a_writer(string reader)
    {
        Assert.SkipUnless(NamedPipes.AreSupported, "the check is made on Linux only; elsewhere a pipe is opened as .NET opens it");
        using var temp = new TempDirectory();
        var pipe = temp.Combine("issues.jsonl");
        NamedPipes.Create(pipe);

        var read = Task.Run(() => Read(reader, pipe), Ct);
        var exception = await Should.ThrowAsync<IOException>(NamedPipes.WithinAsync(pipe, read, NoHang));
        exception.Message.ShouldContain("is not a regular file");
        exception.Message.ShouldContain(pipe);
    }

    [Fact]
    public async Task A_file_a_missing_file_and_a_folder_are_read_or_refused_as_dotnet_does()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("town.json");
        await File.WriteAllTextAsync(file, "{}", Ct);

        (await LocalFile.ReadAllBytesAsync(file, Ct)).ShouldBe("{}"u8.ToArray());
        LocalFile.ReadAllBytes(file).ShouldBe("{}"u8.ToArray());
        Should.Throw<FileNotFoundException>(() => LocalFile.ReadAllBytes(temp.Combine("none.json")));
        Should.Throw<DirectoryNotFoundException>(() => LocalFile.ReadAllBytes(temp.Combine("no-folder/town.json")));
        Should.Throw<UnauthorizedAccessException>(() => LocalFile.ReadAllBytes(temp.Path));
    }

    [Fact]
    public async Task A_town_whose_town_json_is_a_named_pipe_fails_to_open_instead_of_hanging()
    {
        Assert.SkipUnless(NamedPipes.AreSupported, "the check is made on Linux only; elsewhere a pipe is opened as .NET opens it");
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Combine("town")).WithRig("gastown", "gt-").Build();
        var pipe = Path.Combine(town.Root, TownMetadata.RelativePath);
        NamedPipes.Create(pipe);

        var load = Task.Run(() => TownMetadata.LoadAsync(town.Root, Ct).AsTask(), Ct); // it opens the file before its first await
        (await Should.ThrowAsync<IOException>(NamedPipes.WithinAsync(pipe, load, NoHang))).Message.ShouldContain("is not a regular file");
    }

    [Fact]
    public async Task The_jsonl_readers_over_a_named_pipe_fail_instead_of_hanging()
    {
        Assert.SkipUnless(NamedPipes.AreSupported, "the check is made on Linux only; elsewhere a pipe is opened as .NET opens it");
        using var temp = new TempDirectory();
        var pipe = temp.Combine("issues.jsonl");
        NamedPipes.Create(pipe);

        var load = Task.Run(() => WorkUnitDocument.LoadAsync(pipe, cancellationToken: Ct).AsTask(), Ct);
        (await Should.ThrowAsync<IOException>(NamedPipes.WithinAsync(pipe, load, NoHang))).Message.ShouldContain("is not a regular file");
        var stream = Task.Run(() => WorkUnitJsonlReader.ReadAsync(pipe, cancellationToken: Ct).CountAsync(Ct).AsTask(), Ct);
        (await Should.ThrowAsync<IOException>(NamedPipes.WithinAsync(pipe, stream, NoHang))).Message.ShouldContain("is not a regular file");
    }

    [Fact]
    public async Task A_link_to_a_file_is_read_through_and_a_link_to_a_named_pipe_is_refused()
    {
        Assert.SkipUnless(NamedPipes.AreSupported, "the check is made on Linux only; elsewhere a pipe is opened as .NET opens it");
        using var temp = new TempDirectory();
        var file = temp.Combine("real.jsonl");
        await File.WriteAllTextAsync(file, "{}", Ct);
        var pipe = temp.Combine("pipe");
        NamedPipes.Create(pipe);
        var toFile = temp.Combine("to-file.jsonl");
        var toPipe = temp.Combine("to-pipe.jsonl");
        File.CreateSymbolicLink(toFile, file);
        File.CreateSymbolicLink(toPipe, pipe);

        // A rig may be routed through a link (the loader allows it), so a link is followed to what it names.
        LocalFile.ReadAllBytes(toFile).ShouldBe("{}"u8.ToArray());
        var read = Task.Run(() => LocalFile.ReadAllBytes(toPipe), Ct);
        (await Should.ThrowAsync<IOException>(NamedPipes.WithinAsync(pipe, read, NoHang))).Message.ShouldContain("is not a regular file");
        Should.Throw<FileNotFoundException>(() => LocalFile.ReadAllBytes(Link(temp, "dangling", temp.Combine("gone"))));
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/zero")]
    public void A_device_is_refused(string device)
    {
        // /dev/zero never ends: read as a file it would fill memory.
        Assert.SkipUnless(NamedPipes.AreSupported && File.Exists(device), "the check is made on Linux only");
        Should.Throw<IOException>(() => LocalFile.ReadAllBytes(device)).Message.ShouldContain("is not a regular file");
    }

    private static string Link(TempDirectory temp, string name, string target)
    {
        var link = temp.Combine(name);
        File.CreateSymbolicLink(link, target);
        return link;
    }

    private static long Opened(FileStream stream)
    {
        using (stream)
        {
            return stream.Length;
        }
    }

    private static object Read(string reader, string path) => reader switch
    {
        "bytes" => LocalFile.ReadAllBytes(path),
        "bytes async" => LocalFile.ReadAllBytesAsync(path, Ct).GetAwaiter().GetResult(),
        "text async" => LocalFile.ReadAllTextAsync(path, Ct).GetAwaiter().GetResult(),
        _ => Opened(LocalFile.OpenRead(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read })),
    };
}
