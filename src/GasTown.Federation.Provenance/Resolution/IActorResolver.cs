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

    /// <summary>
    /// Resolves the current <see cref="ActorContext"/>; a lookup that runs a process (<c>git config</c>) is ended when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The context.</returns>
    /// <exception cref="InvalidActorConfigurationException">A configured actor is not one of the accepted shapes.</exception>
    ValueTask<ActorContext> ResolveAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Resolve());
    }
}
