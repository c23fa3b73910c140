using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// Thrown by <see cref="GtUri.Parse(string)"/>, <see cref="EntityId.Parse(string)"/> and
/// <see cref="WorkReference.Parse(string)"/> when the input is not valid.
/// </summary>
public sealed class GtUriFormatException : FederationException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public GtUriFormatException()
        : base(FederationErrorKind.InvalidInput, GtUriMessages.GenericFormat)
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public GtUriFormatException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates an exception with the given message and inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public GtUriFormatException(string message, Exception innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates an exception from a parse error.</summary>
    /// <param name="error">The error reported by the parser.</param>
    public GtUriFormatException(GtUriParseError error)
        : base(FederationErrorKind.InvalidInput, error.Message)
    {
        Position = error.Position;
        Error = error.Kind;
    }

    /// <summary>Zero-based index in the input where the problem is.</summary>
    public int Position { get; }

    /// <summary>The kind of problem.</summary>
    public GtUriError Error { get; }

    /// <summary>The error as a value, as the <c>TryParse</c> overloads report it.</summary>
    public GtUriParseError ToParseError() => new(Position, Error, Message);
}
