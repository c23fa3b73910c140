namespace Packaging.Tests;

/// <summary>
/// Every test that packs, one at a time (each pack builds projects in Release into the repository's own bin and obj
/// folders), sharing the packs of <see cref="PackedFeeds"/>.
/// </summary>
[CollectionDefinition(PackageFeed.Collection)]
public sealed class PackingCollection : ICollectionFixture<PackedFeeds>;
