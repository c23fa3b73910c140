using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// A chain's town.json does not match the <c>gt://</c> URI it was expected to have (a remote registered as
/// <c>gt://alice@example.com/main-town</c> whose town.json says another owner or name): refused as possible
/// spoofing. Also thrown when a chain cannot be named at all (no valid owner and no expected URI).
/// </summary>
public sealed class ChainIdentityException : ChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, naming the expected and the found identity and what to do.</param>
    /// <param name="expectedChain">The URI the chain was expected to have, or null.</param>
    /// <param name="foundOwner">The owner in the chain's town.json, or null.</param>
    /// <param name="foundName">The name in the chain's town.json, or null.</param>
    public ChainIdentityException(string message, GtUri? expectedChain, string? foundOwner, string? foundName)
        : base(FederationErrorKind.Refused, message)
    {
        ExpectedChain = expectedChain;
        FoundOwner = foundOwner;
        FoundName = foundName;
    }

    /// <summary>The URI the chain was expected to have, or null.</summary>
    public GtUri? ExpectedChain { get; }

    /// <summary>The <c>owner</c> the chain's town.json declares, or null.</summary>
    public string? FoundOwner { get; }

    /// <summary>The <c>name</c> the chain's town.json declares, or null.</summary>
    public string? FoundName { get; }
}
