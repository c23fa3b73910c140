using GasTown.Federation.Model;
using static GasTown.Federation.Query.Tests.Federation.AcmeFederation;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>What a query's failure says and which kind it has: the parser's reason kept, the kind a host maps, the caller's text shown safely.</summary>
public sealed class QueryErrorTests : IDisposable
{
    private readonly AcmeFederation federation = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("gt://acme.com/eng?x=1", "Query ('?') at position 17", 17)]
    [InlineData("gt://acme.com:80/projects/proj-1", "':' at position 13", 13)]
    [InlineData("gt://\u0430cme.com/projects/proj-1", "Non-ASCII character U+0430 at position 5", 5)]
    public async Task A_malformed_reference_keeps_the_parsers_reason_and_position(string reference, string reason, int position)
    {
        var error = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries().ShowAsync(reference, Ct).AsTask());

        error.Error.ShouldBe(FederationQueryError.BadInput);
        error.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        error.Message.ShouldContain(reason);
        error.Message.ShouldContain("is not a work reference");
        var inner = error.InnerException.ShouldBeOfType<GtUriFormatException>();
        inner.Position.ShouldBe(position);
        inner.Message.ShouldBe(GtUri.TryParse(reference, out _, out var parse) ? "" : parse.Message);
    }

    [Fact]
    public async Task A_malformed_reference_offers_the_current_rig_s_form_only_to_a_host_that_gives_a_current_rig()
    {
        // A web host gives no current rig: "./ID" cannot resolve there, so it is not offered; a CLI in a rig's folder can.
        var web = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries().ShowAsync("pl 1", Ct).AsTask());
        web.Message.ShouldEndWith("Use gt://ENTITY/CHAIN[/RIG]/ID, RIG/ID, ID or external:RIG:ID.");
        var cli = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries(new QueryOptions { CurrentRig = "projects" }).ShowAsync("pl 1", Ct).AsTask());
        cli.Message.ShouldEndWith("Use gt://ENTITY/CHAIN[/RIG]/ID, RIG/ID, ./ID, ID or external:RIG:ID.");

        // And ./ID itself, where there is no current rig, says so in the reader's terms (not the resolver's, for a developer).
        var current = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries().ShowAsync("./proj-1", Ct).AsTask());
        current.Error.ShouldBe(FederationQueryError.BadInput);
        current.Message.ShouldBe("'./proj-1' refers to the current rig, and there is none here; write RIG/proj-1 or the unit's gt:// URI.");
    }

    [Fact]
    public async Task A_chain_nobody_registered_is_not_found_not_a_remote_failure()
    {
        var error = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries().ShowAsync("gt://nobody@nowhere.com/t/r/x-1", Ct).AsTask());

        error.Reason.ShouldBe(UnreachableReason.NotRegistered);
        error.Error.ShouldBe(FederationQueryError.Unavailable);
        error.ErrorKind.ShouldBe(FederationErrorKind.NotFound);
    }

    [Fact]
    public async Task A_chain_refused_for_its_identity_is_refused_not_a_remote_failure()
    {
        // bob's folder registered under carol's URI: town.json names bob, so the chain is refused.
        var spoofed = new NamedChainProvider(
            new FolderChainProvider(new ChainLoader(), GtUri.Parse(Acme)).Add(GtUri.Parse(Acme), federation.AcmeTown.Root).Add(GtUri.Parse(Carol), federation.BobTown.Root),
            new Dictionary<GtUri, string> { [GtUri.Parse(Carol)] = "carol" });

        var error = await Should.ThrowAsync<FederationQueryException>(() => new FederationQueries(spoofed).ShowAsync(Carol + "/web/bb-1", Ct).AsTask());

        error.Reason.ShouldBe(UnreachableReason.IdentityMismatch);
        error.ErrorKind.ShouldBe(FederationErrorKind.Refused);
    }

    [Theory]
    [InlineData(UnreachableReason.NotRegistered, FederationErrorKind.NotFound)]
    [InlineData(UnreachableReason.UnknownId, FederationErrorKind.NotFound)]
    [InlineData(UnreachableReason.IdentityMismatch, FederationErrorKind.Refused)]
    [InlineData(UnreachableReason.SignatureRefused, FederationErrorKind.Refused)]
    [InlineData(UnreachableReason.LimitExceeded, FederationErrorKind.Refused)]
    [InlineData(UnreachableReason.ChainLimit, FederationErrorKind.Refused)]
    [InlineData(UnreachableReason.InvalidReference, FederationErrorKind.InvalidInput)]
    [InlineData(UnreachableReason.FetchFailed, FederationErrorKind.RemoteFailure)]
    [InlineData(UnreachableReason.NeverFetched, FederationErrorKind.RemoteFailure)]
    [InlineData(UnreachableReason.InvalidChain, FederationErrorKind.RemoteFailure)]
    [InlineData(UnreachableReason.LoadFailed, FederationErrorKind.RemoteFailure)]
    public void An_unavailable_chains_reason_decides_the_kind(UnreachableReason reason, FederationErrorKind kind)
    {
        new FederationQueryException(FederationQueryError.Unavailable, "unavailable") { Reason = reason }.ErrorKind.ShouldBe(kind);

        // Only an unavailable chain's reason decides it: a bad input stays bad input.
        new FederationQueryException(FederationQueryError.BadInput, "bad") { Reason = reason }.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
    }

    [Fact]
    public async Task A_huge_continuation_token_is_cut_in_the_message()
    {
        var token = new string('A', 100_000);

        var error = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries().GetReadyWorkPageAsync(10, token, cancellationToken: Ct).AsTask());

        error.Error.ShouldBe(FederationQueryError.BadInput);
        error.Message.Length.ShouldBeLessThan(400);
        error.Message.ShouldContain("…(100000 chars)");
    }

    [Fact]
    public async Task Control_and_bidi_characters_of_a_reference_are_shown_by_code_point()
    {
        var error = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries().ShowAsync("gt://x\u001b[31mred\u202e/y", Ct).AsTask());

        ShouldBeSafe(error.Message);
        error.Message.ShouldContain("'gt://x<U+001B>[31mred<U+202E>/y'");
    }

    [Fact]
    public async Task Control_characters_of_a_remote_name_are_shown_by_code_point()
    {
        var error = await Should.ThrowAsync<FederationQueryException>(() => federation.Queries().ListByRemoteAsync("x\u001b[31m\nforged line\u202e", cancellationToken: Ct).AsTask());

        error.Error.ShouldBe(FederationQueryError.NotFound);
        ShouldBeSafe(error.Message);
        error.Message.ShouldContain("'x<U+001B>[31m<U+000A>forged line<U+202E>'");
    }

    [Fact]
    public async Task A_page_size_out_of_range_names_the_argument_the_caller_gave()
    {
        var queries = federation.Queries();

        Should.Throw<FederationQueryException>(() => queries.WalkReadyWorkAsync(pageSize: 0, cancellationToken: Ct))
            .Message.ShouldBe("pageSize must be between 1 and 10000; it is 0.");
        Should.Throw<FederationQueryException>(() => queries.WalkByOrganizationAsync(EntityId.Parse("acme.com"), pageSize: 10_001, cancellationToken: Ct))
            .Message.ShouldBe("pageSize must be between 1 and 10000; it is 10001.");
        (await Should.ThrowAsync<FederationQueryException>(() => queries.GetReadyWorkPageAsync(0, cancellationToken: Ct).AsTask()))
            .Message.ShouldBe("limit must be between 1 and 10000; it is 0.");
    }

    public void Dispose() => federation.Dispose();

    private static void ShouldBeSafe(string message) =>
        message.EnumerateRunes().Where(r => UnsafeCharacters.ShouldShowAsCodePoint(r.Value)).ShouldBeEmpty();
}
