using GasTown.Federation;
using GtWeb.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb;

/// <summary>
/// A page whose query failed still draws itself with the failure in its error box, but answers the status the API gives
/// the same failure (<see cref="FederationProblemHandler.StatusOf"/>, the one mapping from the SDK's error kinds): 404 for
/// no such unit or remote, 400 for bad input, 502 for a remote that cannot be read, 503 for this server's own federation
/// index (its box then says so and what a reader can do, <see cref="OwnIndexFailure"/>). A 200 would tell a script, a
/// monitor or a crawler that the page answered.
/// </summary>
internal static class PageFailure
{
    /// <summary>Sets the page's status for <paramref name="failure"/> and returns what its error box says.</summary>
    public static string Fail(this PageModel page, FederationException failure)
    {
        page.Response.StatusCode = FederationProblemHandler.StatusOf(failure);
        return OwnIndexFailure.Is(failure) ? $"{OwnIndexFailure.Title}: {failure.Message} {OwnIndexFailure.Advice(failure)}" : failure.Message;
    }
}
