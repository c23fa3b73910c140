namespace GasTown.Federation.Provenance;

/// <summary>
/// Who is acting (the agent, an <see cref="ActorId"/>) and on whose behalf (the owner, an email), with where each
/// came from. Produced by an <see cref="IActorResolver"/>.
/// </summary>
public sealed class ActorContext
{
    /// <summary>Creates a context.</summary>
    public ActorContext(ActorId? actor, ActorSource actorSource, string? owner, OwnerSource ownerSource)
    {
        Actor = actor;
        ActorSource = actor is null ? ActorSource.None : actorSource;
        Owner = owner;
        OwnerSource = owner is null ? OwnerSource.None : ownerSource;
    }

    /// <summary>The acting agent, or <see langword="null"/> when none is configured.</summary>
    public ActorId? Actor { get; }

    /// <summary>Where <see cref="Actor"/> came from.</summary>
    public ActorSource ActorSource { get; }

    /// <summary>The owner's email, or <see langword="null"/> when none is known.</summary>
    public string? Owner { get; }

    /// <summary>Where <see cref="Owner"/> came from.</summary>
    public OwnerSource OwnerSource { get; }

    /// <summary>The actor; attribution is never silently dropped, so a missing actor throws.</summary>
    /// <exception cref="MissingActorException">No actor is configured; the message says how to set one.</exception>
    public ActorId RequireActor() => Actor ?? throw new MissingActorException();

    /// <summary>The owner's email.</summary>
    /// <exception cref="MissingOwnerException">No owner is configured; the message says how to set one.</exception>
    public string RequireOwner() => Owner ?? throw new MissingOwnerException();
}
