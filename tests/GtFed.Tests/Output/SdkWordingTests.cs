namespace GtFed.Tests.Output;

/// <summary>Issue 13: no message gtfed prints names an SDK type, call or option; the rest of the message is kept.</summary>
public sealed class SdkWordingTests
{
    [Theory]
    [InlineData(
        "Fetching remote 'acme' from ssh://h/x.git (ChainFetcher.FetchAsync) did not finish within 00:00:02, the transport's fetch timeout; it was stopped. Check that the host answers.",
        "Fetching remote 'acme' from ssh://h/x.git did not finish within 00:00:02, the transport's fetch timeout; it was stopped. Check that the host answers.")]
    [InlineData(
        "The walk from gt://a.com/t/p-1 stopped at depth 64 (QueryOptions.MaxDepth) after 65 work units; deeper work units were reachable and are left out. Raise QueryOptions.MaxDepth to see them.",
        "The walk from gt://a.com/t/p-1 stopped at depth 64 after 65 work units; deeper work units were reachable and are left out.")]
    [InlineData(
        "No owner to attribute the publication to: set PublishOptions.Owner or GIT_AUTHOR_EMAIL, or give the town an owner in /t/mayor/town.json.",
        "No owner to attribute the publication to: set PublishOptions.Owner or GIT_AUTHOR_EMAIL, or give the town an owner in /t/mayor/town.json.")]
    [InlineData("A plain message (with an aside).", "A plain message (with an aside).")]
    public void Sdk_calls_and_option_advice_are_dropped_and_the_rest_is_kept(string sdk, string person)
        => SdkWording.ForPerson(sdk).ShouldBe(person);
}
