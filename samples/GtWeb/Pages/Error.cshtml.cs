using GasTown.Federation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>
/// A page's failure that the page itself did not catch (a bug, or a failure the SDK did not type), drawn as GtWeb's own
/// page with its error box, as every other failure of a page is: the exception handler's default is the API's JSON
/// problem, which a browser shows as raw text. An SDK failure that reaches here still answers its status and message
/// through the one mapping (<see cref="PageFailure"/>); anything else is a 500 that says only that the server failed (its
/// message is for the server's log, where the exception handler writes it, not for whoever reads the page). A page's
/// status with no body (no such page, a failed antiforgery check) is re-executed here too and said in words. Reached
/// only through those two (Program.cs): asked for directly, there is no failure to show.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>What the error box says.</summary>
    public string? Error { get; private set; }

    public IActionResult OnGet() => Show();

    /// <summary>A form's post that failed is re-executed here as a post.</summary>
    public IActionResult OnPost() => Show();

    private IActionResult Show()
    {
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } status)
        {
            Response.StatusCode = status.OriginalStatusCode;
            Error = ForStatus(status.OriginalStatusCode, status.OriginalPath);
            return Page();
        }

        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not { } failed)
        {
            return NotFound();
        }

        if (failed.Error is FederationException federation)
        {
            Error = this.Fail(federation);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status500InternalServerError;
            Error = "GtWeb failed while answering this page, in a way it cannot describe here; the server's log says what failed. Try again; if it goes on, tell the server's operator.";
        }

        return Page();
    }

    // What a bodiless status means to whoever reads the page, and what to do about it.
    private string ForStatus(int status, string path) => status switch
    {
        StatusCodes.Status404NotFound => "There is no such page here. The town page links to every list GtWeb shows.",
        StatusCodes.Status400BadRequest when HttpMethods.IsPost(Request.Method) =>
            "The form could not be checked: its security token is missing or expired (a page restored after the browser restarted, or cookies blocked for this site). Reload the page and try again.",
        StatusCodes.Status405MethodNotAllowed => $"{path} is read with GET only (a link, not a form).",
        _ => $"GtWeb could not answer this request (HTTP {status}).",
    };
}
