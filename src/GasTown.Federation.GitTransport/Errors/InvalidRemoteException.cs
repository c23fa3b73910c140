namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when a remote cannot be registered because one of its values is not acceptable
/// (a bad name, an empty URL, a gt:// URI that does not name a chain...). <see cref="Field"/>
/// names the offending value and the message says what is accepted.
/// </summary>
public sealed class InvalidRemoteException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidRemoteException()
        : base(FederationErrorKind.InvalidInput, "The remote definition is not valid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and what is accepted.</param>
    public InvalidRemoteException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and what is accepted.</param>
    /// <param name="innerException">The underlying failure.</param>
    public InvalidRemoteException(string message, Exception? innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates the exception for one offending field.</summary>
    /// <param name="field">The field that is wrong: <c>name</c>, <c>url</c>, <c>chain</c>, <c>rig</c> or <c>branch</c>.</param>
    /// <param name="message">What is wrong and what is accepted.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public InvalidRemoteException(string field, string message, Exception? innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
        Field = field;
    }

    /// <summary>The field that is wrong: <c>name</c>, <c>url</c>, <c>chain</c>, <c>rig</c> or <c>branch</c>.</summary>
    public string? Field { get; }
}
