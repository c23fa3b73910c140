namespace GasTown.Federation.GitTransport;

/// <summary>How the keys kept for an entity (<see cref="EntityKeys"/>) came to be trusted.</summary>
public enum KeySource
{
    /// <summary>The entity publishes them in its well-known document, read over HTTPS from its domain.</summary>
    Published = 1,

    /// <summary>Taken on first use (the key the first signed snapshot was signed with) or accepted by the user, as ssh's known_hosts.</summary>
    Pinned = 2,
}
