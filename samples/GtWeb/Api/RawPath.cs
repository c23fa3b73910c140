using Microsoft.AspNetCore.Http.Features;

namespace GtWeb.Api;

/// <summary>
/// The path of a request as the client wrote it, still percent-encoded: before the server decodes it (all but <c>%2F</c>)
/// and resolves its <c>.</c> and <c>..</c> segments, which <see cref="HttpRequest.Path"/> has already done.
/// </summary>
internal static class RawPath
{
    /// <summary>The request target's path, without its query; the decoded path when the server kept no raw target.</summary>
    public static string Of(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = context.Request.Path.Value ?? string.Empty;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        // An absolute-form target (http://host/api/units/..., as a client sends it through a proxy; servers must accept
        // it, and Kestrel routes it by its path) holds that path after its scheme and host.
        var scheme = raw.StartsWith('/') ? -1 : raw.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var path = raw.IndexOf('/', scheme + 3);
            raw = path < 0 ? string.Empty : raw[path..];
        }

        return raw;
    }
}
