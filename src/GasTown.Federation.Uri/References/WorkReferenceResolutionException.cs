using GasTown.Federation.Parsing;

namespace GasTown.Federation;

/// <summary>
/// Thrown by <see cref="WorkReference.Resolve"/> when a reference cannot be made absolute in the given
/// context, for example <c>./gt-xyz</c> with no current rig.
/// </summary>
public sealed class WorkReferenceResolutionException : FederationException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public WorkReferenceResolutionException()
        : base(FederationErrorKind.InvalidInput, GtUriMessages.GenericResolution)
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public WorkReferenceResolutionException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public WorkReferenceResolutionException(string message, Exception innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates an exception for a given reference.</summary>
    /// <param name="reference">The reference that could not be resolved.</param>
    /// <param name="message">What went wrong and what to do.</param>
    public WorkReferenceResolutionException(WorkReference reference, string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
        Reference = reference;
    }

    /// <summary>The reference that could not be resolved, when known.</summary>
    public WorkReference Reference { get; }
}
