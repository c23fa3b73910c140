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

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DemoTownsCollection : ICollectionFixture<DemoTownsFixture>
{
    public const string Name = "demo towns";
}
