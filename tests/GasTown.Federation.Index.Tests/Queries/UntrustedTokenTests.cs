using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A token that is none of the index's echoes in the message as the caller's text quoted safely: cut to a bounded length
/// with the whole length said, and control and bidi characters shown by code point, never put in the message as they are.
/// </summary>
public sealed class UntrustedTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_huge_or_hostile_token_is_quoted_safely_in_the_message()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        var huge = new string('A', 100_000);
        const string Hostile = "x\u001b[31m\nforged\u202e";

        foreach (var (what, read) in new (string, Func<Task>)[]
        {
            ("a list's huge token", async () => await town.Index.ListAsync(new IndexQuery { After = huge }, Ct)),
            ("a list's hostile token", async () => await town.Index.ListAsync(new IndexQuery { After = Hostile }, Ct)),
            ("a search's hostile token", async () => await town.Index.SearchAsync("launch", new IndexQuery { After = Hostile }, Ct)),
            ("a hostile change token", async () => await town.Index.GetChangesAsync(Hostile, cancellationToken: Ct)),
            ("a hostile remote", async () => await town.Index.ListAsync(new IndexQuery { Remote = Hostile }, Ct)),
        })
        {
            var error = await Should.ThrowAsync<FederationIndexException>(read, what);
            error.Message.Length.ShouldBeLessThan(400, what);
            error.Message.EnumerateRunes().Where(r => UnsafeCharacters.ShouldShowAsCodePoint(r.Value)).ShouldBeEmpty(what);
            error.Message.ShouldContain(what.Contains("huge", StringComparison.Ordinal) ? "…(100000 chars)" : "'x<U+001B>[31m<U+000A>forged<U+202E>'", Case.Sensitive, what);
        }
    }
}
