using GasTown.Federation.Index.Tests.Federations;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>A list's priority filter takes bd's priorities (0 to 4, as the town writer does); another is refused, not an empty page.</summary>
public sealed class PriorityFilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_priority_filter_outside_bds_range_is_bad_input_not_an_empty_page()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();

        foreach (var priority in new[] { -5, -1, 5 })
        {
            var error = await Should.ThrowAsync<FederationIndexException>(async () => await town.Index.ListAsync(new IndexQuery { Priority = priority }, Ct));
            error.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
            error.Message.ShouldBe($"The priority filter must be between 0 (highest) and 4; it is {priority}.");
        }

        foreach (var priority in new[] { 0, 4 })
        {
            await town.Index.ListAsync(new IndexQuery { Priority = priority }, Ct); // in range: answered (maybe empty), not refused
        }
    }
}
