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

    [Theory]
    [InlineData(
        "Answered from an older snapshot of remote 'acme' (450fdc8) because the newest (e137032) was refused (its signature is not trusted): KEY CHANGED: its tip e137032 is signed by SHA256:zNv, not by the key pinned for acme.com (SHA256:eAk). Someone may be publishing as acme.com; if acme.com really changed its key, accept the new one (TrustedKeyStore.AcceptSigner) after checking it with them.",
        "Answered from an older snapshot of remote 'acme' (450fdc8) because the newest (e137032) was refused (its signature is not trusted): KEY CHANGED: its tip e137032 is signed by SHA256:zNv, not by the key pinned for acme.com (SHA256:eAk). Someone may be publishing as acme.com; if acme.com really changed its key, accept the new one (gtfed key accept acme) after checking it with them.")]
    [InlineData(
        "KEY CHANGED: its tip e137032 is signed by SHA256:zNv, not by the key pinned for acme.com (SHA256:eAk). Someone may be publishing as acme.com; if acme.com really changed its key, accept the new one (TrustedKeyStore.AcceptSigner) after checking it with them.",
        "KEY CHANGED: its tip e137032 is signed by SHA256:zNv, not by the key pinned for acme.com (SHA256:eAk). Someone may be publishing as acme.com; if acme.com really changed its key, accept the new one (gtfed key accept REMOTE, the remote 'gtfed remote list' shows for the chain) after checking it with them.")]
    public void An_sdk_call_gtfed_has_a_command_for_is_said_as_that_command(string sdk, string person)
        => SdkWording.ForPerson(sdk).ShouldBe(person); // the KEY CHANGED note of list, changes and search named TrustedKeyStore.AcceptSigner
}
