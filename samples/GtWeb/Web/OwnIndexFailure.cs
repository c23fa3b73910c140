using GasTown.Federation;
using GasTown.Federation.Index;

namespace GtWeb;

/// <summary>
/// A failure of this server's own federation index: its file cannot be read or written (the SDK says
/// <see cref="FederationErrorKind.RemoteFailure"/>), or another program holds it (<see cref="FederationErrorKind.Conflict"/>).
/// Read by those kinds alone it was "a remote chain could not be read" (502), which sent a reader after a remote that is
/// fine. It is the server's: 503, said as the server's, with what a reader of the page can do about it. gtfed's advice
/// ("gtfed index --rebuild") is for whoever runs the command; a web reader cannot run it, and GtWeb cannot be told to
/// rebuild its index, so the advice names the server's operator.
/// </summary>
internal static class OwnIndexFailure
{
    /// <summary>The problem's title, and what the pages' error box says first.</summary>
    public const string Title = "The federation index on this server could not be used";

    /// <summary>Whether <paramref name="exception"/> is the index's own failure (not bad input or an unknown remote, which keep their statuses).</summary>
    public static bool Is(FederationException exception)
        => exception is FederationIndexException { ErrorKind: FederationErrorKind.RemoteFailure or FederationErrorKind.Conflict };

    /// <summary>What a reader of the page can do: the SDK's message names what is wrong, on the server.</summary>
    public static string Advice(FederationException exception) => exception.ErrorKind == FederationErrorKind.Conflict
        ? "This is the federation index on this server, not a remote: another program holds it. Try again shortly; if it goes on, tell the server's operator, who can end what the message names."
        : "This is the federation index on this server, not a remote: the server's operator must fix what the message names, then rebuild the index ('gtfed index --rebuild' in the town GtWeb serves); nothing a reader does here can.";
}
