namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>What a person printing the index's answers sees: the notes and chains themselves, not a list type's name.</summary>
public sealed class IndexResultTextTests
{
    [Fact]
    public void A_chain_prints_its_notes_and_a_refresh_its_chains()
    {
        var uri = GtUri.Parse("gt://acme.com/engineering");
        var chain = new IndexedChain(uri, "acme", false, "abc123", 2, 100, 0, null, null, null, null, null) { Notes = ["key pinned", "older snapshot"] };
        var refresh = new IndexRefreshResult([new ChainRefresh(uri, true, 2, 2, null, null)]);

        chain.ToString().ShouldContain("Notes = [key pinned, older snapshot]");
        refresh.ToString().ShouldBe(
            "IndexRefreshResult { Chains = [ChainRefresh { Chain = gt://acme.com/engineering, Updated = True, LinesParsed = 2, Units = 2, Unavailable = , Message =  }], LinesParsed = 2, Replaced =  }");
    }
}
