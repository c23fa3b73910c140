namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when the town cannot be published as asked: a rig named for publication that the
/// town's routes do not know, a route path that escapes the town, a missing <c>mayor/town.json</c>,
/// or no actor/owner to attribute the commit to. Nothing was written to the published branch.
/// </summary>
public sealed class PublishException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public PublishException()
        : base(FederationErrorKind.Refused, "The town could not be published.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public PublishException(string message)
        : base(FederationErrorKind.Refused, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public PublishException(string message, Exception? innerException)
        : base(FederationErrorKind.Refused, message, innerException)
    {
    }
}
