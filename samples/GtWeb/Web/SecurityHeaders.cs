namespace GtWeb;

/// <summary>
/// The headers every GtWeb response carries, a second line behind the HTML encoding of remote text: a Content Security
/// Policy that lets only GtWeb's own scripts run (no inline script, no eval, nothing from another origin), no framing (a
/// page that shows other people's work and a "fetch now" button must not be clickjacked), and no content sniffing.
/// </summary>
/// <remarks>
/// Inline styles stay allowed: the pages set widths and colours in <c>style</c> attributes (a progress bar, the graph's
/// legend) and the graph library adds one stylesheet; styles cannot run code. Links to other towns leave no referrer.
/// </remarks>
internal static class SecurityHeaders
{
    /// <summary>The policy: GtWeb's origin only, for everything but styles.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response, error pages and static files included.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
        => app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
