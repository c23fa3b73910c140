using GasTown.Federation;

namespace GtWeb.Api;

/// <summary>
/// Refuses an API request whose path holds a <c>.</c> or <c>..</c> segment, as written or percent-encoded
/// (<c>%2e%2e</c>). The server decodes the path and resolves such segments before routing, so
/// <c>/api/remotes/%2e%2e/units</c> reached the work unit endpoint as <c>/api/units</c>, which found no reference in what
/// the client wrote and answered "the work reference is empty", and <c>/api/units/%2e%2e</c> a bare 404. No remote,
/// organisation or work reference is <c>.</c> or <c>..</c>, so the request is refused saying which segment it was.
/// </summary>
internal static class DotSegments
{
    /// <summary>Adds the refusal; a refused request is the API's <see cref="FederationErrorKind.InvalidInput"/> problem (400).</summary>
    public static IApplicationBuilder RefuseDotSegments(this IApplicationBuilder app)
        => app.Use((context, next) =>
        {
            var path = RawPath.Of(context);
            if (Find(path) is { } segment)
            {
                throw new FederationException(
                    FederationErrorKind.InvalidInput,
                    $"The path {Inputs.Quote(path)} has the segment {Inputs.Quote(segment)}, which is '{Uri.UnescapeDataString(segment)}' once decoded: "
                    + $"the server resolves '.' and '..' in a path before reading it, so this one would ask for {Inputs.Quote(context.Request.Path.Value ?? "/")} instead. "
                    + "No remote, organisation or work reference is '.' or '..': name the one you mean, and percent-encode a gt:// URI whole (gt%3A%2F%2F…).");
            }

            return next(context);
        });

    /// <summary>The first segment of <paramref name="rawPath"/>, as written, that is <c>.</c> or <c>..</c> once decoded; null when none is.</summary>
    public static string? Find(string rawPath) =>
        // Split on the slashes as written: an encoded one (%2F) stays inside its segment, as the server keeps it there.
        rawPath.Split('/').FirstOrDefault(s => Uri.UnescapeDataString(s) is "." or "..");
}
