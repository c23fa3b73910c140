namespace GasTown.Federation.Provenance;

/// <summary>Where the owner of an <see cref="ActorContext"/> came from.</summary>
public enum OwnerSource
{
    /// <summary>No owner was found.</summary>
    None = 0,

    /// <summary><see cref="ProvenanceOptions.Owner"/> (explicit configuration).</summary>
    Configuration,

    /// <summary>The <c>GIT_AUTHOR_EMAIL</c> environment variable.</summary>
    GitAuthorEmailVariable,

    /// <summary>The town's owner (<c>mayor/town.json</c> <c>owner</c>), given as <see cref="ProvenanceOptions.TownOwner"/>.</summary>
    TownOwner,

    /// <summary><c>git config user.email</c> (bd's fallback after <c>GIT_AUTHOR_EMAIL</c>; consulted before the town owner, listed last to keep the values stable).</summary>
    GitUserEmail,
}
