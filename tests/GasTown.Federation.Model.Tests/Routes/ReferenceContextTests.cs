using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Routes;

/// <summary>The one WorkReferenceContext factory (issue 10: it was built three ways, in Model, Query and the CLI).</summary>
public sealed class ReferenceContextTests
{
    private static readonly GtUri Chain = GtUri.Parse("gt://alice@example.com/main-town");

    private static readonly RouteTable Routes = new([new Route("gt-", "gastown/mayor/rig"), new Route("hq-", "."), new Route("xx-", "bad rig/mayor/rig")]);

    [Theory]
    [InlineData("gt-abc", "gt://alice@example.com/main-town/gastown/gt-abc")]
    [InlineData("hq-1", "gt://alice@example.com/main-town/hq-1")]        // town level: no rig
    [InlineData("xx-1", "gt://alice@example.com/main-town/xx-1")]        // a rig no URI can carry: routed by prefix
    [InlineData("zz-1", "gt://alice@example.com/main-town/zz-1")]        // unknown prefix
    [InlineData("external:beads:bd-1", "gt://alice@example.com/main-town/beads/bd-1")]
    [InlineData("./gt-abc", "gt://alice@example.com/main-town/gastown/gt-abc")]
    public void Short_forms_resolve_through_the_routes(string text, string expected)
    {
        var context = Routes.CreateReferenceContext(Chain, currentRig: "gastown");

        WorkReference.Parse(text).TryResolve(context, out var uri, out var error).ShouldBeTrue(error);
        uri.ToString().ShouldBe(expected);
    }

    [Fact]
    public void A_unit_the_chain_holds_is_found_in_its_rig_before_its_prefix_is_routed()
    {
        var context = Routes.CreateReferenceContext(Chain, rigOfWorkUnit: id => id switch { "gt-moved" => "beads", "gt-top" => Route.TownLevelRigName, _ => null });

        WorkReference.Parse("gt-moved").Resolve(context).ToString().ShouldBe("gt://alice@example.com/main-town/beads/gt-moved");
        WorkReference.Parse("gt-top").Resolve(context).ToString().ShouldBe("gt://alice@example.com/main-town/gt-top");
        WorkReference.Parse("gt-other").Resolve(context).ToString().ShouldBe("gt://alice@example.com/main-town/gastown/gt-other");
    }

    [Fact]
    public void A_current_rig_that_no_URI_can_carry_is_ignored_not_thrown()
        => Routes.CreateReferenceContext(Chain, currentRig: "bad rig").CurrentRig.ShouldBeNull();

    // The loader built its context with the rig's name as the current rig: a rig whose name no gt:// URI can carry
    // made WorkReferenceContext throw ArgumentException out of LoadAsync as soon as one of its units had a
    // cross-chain dependency.
    [Fact]
    public async Task A_chain_with_a_rig_named_outside_the_URI_grammar_still_loads_its_cross_references()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path)
            .Named("main-town").OwnedBy("alice@example.com")
            .WithRig("bad rig", "xx-", rig => rig.WithIssue("xx-1", "Needs beads", i => i.DependsOn("external:beads:bd-xyz")))
            .WithRig("beads", "bd-", rig => rig.WithIssue("bd-xyz", "Beads side"))
            .Build();

        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, TestContext.Current.CancellationToken);

        chain.Relationships.Select(c => c.Relationship).OfType<CrossReferenceRelationship>().ShouldHaveSingleItem()
            .References.ShouldHaveSingleItem().Target.ToString().ShouldBe("gt://alice@example.com/main-town/beads/bd-xyz");
    }
}
