using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A page's failure that the page does not catch is GtWeb's error page (HTML, with its error box), never the API's JSON
/// problem, which the exception handler wrote for every request: a browser showed a bare JSON 500.
/// </summary>
public sealed partial class ErrorPageTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-error-page");

    [Fact]
    public async Task An_unexpected_exception_on_a_page_is_the_html_error_page_with_500()
    {
        // Not the SDK's: a clock that fails (the town page reads it for fetch ages).
        using var factory = new GtWebFactory(Town().Root).WithWebHostBuilder(b => b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FailingClock())));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError, html);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        ErrorAlert().IsMatch(html).ShouldBeTrue($"no error box:\n{html}");
        // The exception's own message is for the server's log, not the reader.
        html.ShouldNotContain(FailingClock.Message);
    }

    [Fact]
    public async Task The_error_page_asked_for_directly_is_not_found()
    {
        using var factory = new GtWebFactory(Town().Root);
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/error", UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_page_status_without_a_body_is_the_html_error_page_saying_what_to_do_and_the_api_s_stays_a_problem()
    {
        // No such page was a problem+json (or "Status Code: 404; Not Found" as text), and a form whose antiforgery token
        // failed (a tab restored after a browser restart) a raw JSON 400 with no advice.
        using var factory = new GtWebFactory(Town().Root);
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var missing = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative), ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        WebUtility.HtmlDecode(ErrorAlert().Match(await missing.Content.ReadAsStringAsync(ct)).Value).ShouldContain("There is no such page here.");

        using var form = await client.PostAsync(new Uri("/?handler=Fetch", UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", "stale")]), ct);
        form.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        form.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        WebUtility.HtmlDecode(ErrorAlert().Match(await form.Content.ReadAsStringAsync(ct)).Value).ShouldContain("its security token is missing or expired");

        using var api = await client.GetAsync(new Uri("/api/no-such-endpoint", UriKind.Relative), ct);
        api.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        api.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    public void Dispose() => _temp.Dispose();

    private BuiltTown Town() => TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("owner@example.com")
        .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Fix the login"))
        .Build();

    /// <summary>A clock that fails, as an unexpected exception anywhere in a page would.</summary>
    private sealed class FailingClock : TimeProvider
    {
        public const string Message = "The clock failed (a test's).";

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Message);
    }

    [GeneratedRegex("<div class=\"error\" role=\"alert\">.+?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorAlert();
}
