using GasTown.Federation;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GtWeb.Api;

/// <summary>
/// Answers the API's failures as RFC 9457 problem details, mapped once by the SDK's <see cref="FederationErrorKind"/>:
/// bad input 400, not found 404, refused 403, conflict 409, a remote that cannot be read 502 (with the unreachable
/// reason), and this server's own federation index that cannot be used 503 (<see cref="OwnIndexFailure"/>). The pages
/// show their errors themselves, with the same status; anything else falls through to the default handler.
/// </summary>
internal sealed class FederationProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsApi(httpContext) || ToProblem(exception) is not { } problem)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }

    /// <summary>Whether the request is the JSON API's, whose failures are problems (the pages' are HTML, Program.cs).</summary>
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);

    /// <summary>The problem for an SDK failure, or null when the exception is not the SDK's.</summary>
    public static ProblemDetails? ToProblem(Exception exception)
    {
        if (exception is not FederationException federation)
        {
            return null;
        }

        var status = StatusOf(federation);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = federation.Message,
        };
        problem.Extensions["kind"] = federation.ErrorKind.ToString();
        if (federation is FederationQueryException query)
        {
            if (query.Reason is { } reason)
            {
                problem.Extensions["reason"] = reason.ToString();
            }

            if (query.Target is not null)
            {
                problem.Extensions["target"] = query.Target;
            }
        }

        return problem;
    }

    /// <summary>The HTTP status of an SDK failure: the API's problems and the pages' failures (<see cref="PageFailure"/>) both answer it.</summary>
    public static int StatusOf(FederationException exception) => exception switch
    {
        // A chain nobody registered is unknown here (as gtfed says), not a failing remote.
        FederationQueryException { Reason: UnreachableReason.NotRegistered } => StatusCodes.Status404NotFound,
        // The server's own index, not a remote nor the request: the server cannot answer until its operator mends it.
        _ when OwnIndexFailure.Is(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => exception.ErrorKind switch
        {
            FederationErrorKind.NotFound => StatusCodes.Status404NotFound,
            FederationErrorKind.InvalidInput => StatusCodes.Status400BadRequest,
            FederationErrorKind.Refused => StatusCodes.Status403Forbidden,
            FederationErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status502BadGateway,
        },
    };

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status400BadRequest => "Invalid input",
        StatusCodes.Status403Forbidden => "Refused",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status503ServiceUnavailable => OwnIndexFailure.Title,
        _ => "A remote chain could not be read",
    };
}
