using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>Runs <c>gtfed demo</c> once into a temp folder; the tests then query the towns it leaves behind.</summary>
public sealed class DemoTownsFixture : IDisposable
{
    private readonly TempDirectory _directory = new("gtfed-e2e");

    public DemoTownsFixture()
    {
        Root = _directory.Combine("demo");
        DemoRun = GtFedProcess.Run("demo", "--dir", Root);
    }

    internal GtFedRun DemoRun { get; }

    public string Root { get; }

    public string Acme => Path.Combine(Root, "acme");

    public string Alice => Path.Combine(Root, "alice");

    public string Bob => Path.Combine(Root, "bob");

    public string Carol => Path.Combine(Root, "carol");

    /// <summary>
    /// Copies acme's town into <paramref name="target"/> for a test that writes to it, without the index files (each
    /// copy builds its own index, so no test sees another's).
    /// </summary>
    public void CopyAcmeTo(string target) => CopyWithoutIndex(Acme, target);

    private static void CopyWithoutIndex(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            if (!Path.GetFileName(file).StartsWith("index.", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        foreach (var folder in Directory.GetDirectories(source))
        {
            CopyWithoutIndex(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DemoTownsCollection : ICollectionFixture<DemoTownsFixture>
{
    public const string Name = "demo towns";
}

/// <summary>
/// The index command's tests, on demo towns of their own: each works on a copy of acme, so they need not wait for the
/// tests that read the shared towns, and these minutes of processes run beside them (the demo is built twice, in seconds).
/// </summary>
[CollectionDefinition(Name)]
public sealed class IndexDemoTownsCollection : ICollectionFixture<DemoTownsFixture>
{
    public const string Name = "index demo towns";
}
