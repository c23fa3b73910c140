namespace GasTown.Federation.Model;

/// <summary>How far a chain's identity (its <c>gt://entity/chain</c>) is proven by its own files.</summary>
public enum ChainIdentityStatus
{
    /// <summary>Its town.json names an owner and a name that match the URI it was expected to have.</summary>
    Verified = 1,

    /// <summary>Its town.json has no owner (a version-1 town): only the caller vouches for the URI. Its claims cannot be verified.</summary>
    NoOwner = 2,

    /// <summary>A one-rig repository (no town.json at all): only the caller vouches for the URI. Its claims cannot be verified.</summary>
    SingleRig = 3,
}
