namespace GasTown.Federation.Provenance;

/// <summary>Finds the actor and the owner for an operation.</summary>
public interface IActorResolver
{
    /// <summary>
    /// Resolves the current <see cref="ActorContext"/>. A missing actor or owner is not an error here; callers that
    /// must attribute call <see cref="ActorContext.RequireActor"/>.
    /// </summary>
    /// <exception cref="InvalidActorConfigurationException">A configured actor is not a valid actor path.</exception>
    ActorContext Resolve();
}
