using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(GtFed.Tests.LongCollectionsFirst))]

namespace GtFed.Tests;

/// <summary>
/// Starts the collections whose tests run one after another for minutes (the index command's, then the demo towns')
/// before the rest, which keep xunit's own random order. Collections run in parallel but start in this order: left to
/// that random order, one could start last and run alone at the end, minutes after every other test had finished. (The
/// packs, the longest of all, are a test module of their own: tests/Packaging.Tests.)
/// </summary>
public sealed class LongCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [IndexDemoTownsCollection.Name, DemoTownsCollection.Name];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection
    {
        var ordered = DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections);
        return [.. ordered.OrderBy(c => Array.IndexOf(First, c.TestCollectionDisplayName) is var rank and >= 0 ? rank : First.Length)];
    }
}
