using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>The one rule that decides what is public, on its own.</summary>
public sealed class PublicationPlanTests
{
    private const string Identity = "0123456789abcdef0123456789abcdef";
    private const string OtherIdentity = "fedcba9876543210fedcba9876543210";

    private static PublicationState State(bool townBeads = false, params PublishedRig[] rigs) => new(rigs, townBeads, false, []);

    [Fact]
    public void Town_level_beads_are_public_only_when_the_owner_publishes_them()
    {
        var town = new Route("hq-", ".");

        PublicationPlan.IsPublic(town, null, State()).ShouldBeFalse();
        PublicationPlan.IsPublic(town, null, State(townBeads: true)).ShouldBeTrue();
        PublicationPlan.IsPublic(new Route("tw-", "./"), null, State(townBeads: false)).ShouldBeFalse();
    }

    [Fact]
    public void A_rig_route_is_public_only_when_its_identity_and_prefix_were_recorded_together()
    {
        var route = new Route("pb-", "pub/mayor/rig");
        var recorded = State(false, new PublishedRig(Identity, "pub", ["pb-"]));

        PublicationPlan.IsPublic(route, Identity, recorded).ShouldBeTrue();
        PublicationPlan.IsPublic(route, null, recorded).ShouldBeFalse();
        PublicationPlan.IsPublic(route, OtherIdentity, recorded).ShouldBeFalse();
        PublicationPlan.IsPublic(new Route("cp-", "pub/mayor/rig"), Identity, recorded).ShouldBeFalse();
        PublicationPlan.IsPublic(route, Identity, State()).ShouldBeFalse();
    }

    [Theory]
    [InlineData("./secret")]
    [InlineData("secret/")]
    [InlineData("secret//mayor/./rig")]
    public void Unnormalised_routes_are_judged_by_the_readers_normalisation(string path)
    {
        var routes = RouteTable.Parse(System.Text.Encoding.UTF8.GetBytes($"{{\"prefix\":\"sc-\",\"path\":\"{path}\"}}\n{{\"prefix\":\"gt-\",\"path\":\"gastown\"}}\n"));
        var town = new TownMetadata("main-town", "alice@example.com", null, default);
        var plan = new PublicationPlan(town, routes, new Dictionary<string, string?> { ["secret"] = null, ["gastown"] = Identity }, State(false, new PublishedRig(Identity, "gastown", ["gt-"])));

        plan.PublicRigNames.ShouldBe(["gastown"]);
        plan.IsPrivateRigName("secret").ShouldBeTrue();
        plan.IsPrivateRigName("SECRET").ShouldBeTrue();
        plan.RoutesToPrivate("sc-1").ShouldBeTrue();
        plan.RoutesToPrivate("Sc-1").ShouldBeTrue();
        plan.RoutesToPrivate("gt-1").ShouldBeFalse();
        plan.IsOwnChain("MAIN-TOWN").ShouldBeTrue();
    }
}
