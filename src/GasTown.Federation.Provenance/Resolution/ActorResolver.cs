namespace GasTown.Federation.Provenance;

/// <summary>
/// Resolves the actor and the owner the way Gas Town does, with explicit configuration first.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Actor: <see cref="ProvenanceOptions.Actor"/> &gt; <c>BEADS_ACTOR</c> &gt; <c>BD_ACTOR</c> (beads' order at
/// HEAD, where <c>BEADS_ACTOR</c> replaced the older <c>BD_ACTOR</c> that gastown still sets).</item>
/// <item>Owner: <see cref="ProvenanceOptions.Owner"/> &gt; <c>GIT_AUTHOR_EMAIL</c> &gt;
/// <see cref="ProvenanceOptions.TownOwner"/>.</item>
/// </list>
/// <para>
/// Unlike <c>bd</c>, there is no fallback to <c>git config user.name</c>, <c>$USER</c> or <c>"unknown"</c>: those name
/// the human at the keyboard, not the agent, and would attribute an agent's work to the wrong actor. An unset actor
/// stays unset and <see cref="ActorContext.RequireActor"/> says so. Values are trimmed (a value captured from a shell
/// command often ends in a newline); an empty or white-space value counts as unset.
/// </para>
/// </remarks>
public sealed class ActorResolver : IActorResolver
{
    /// <summary>beads' current actor variable.</summary>
    public const string BeadsActorVariable = "BEADS_ACTOR";

    /// <summary>gastown's actor variable (deprecated by beads, still set by <c>gt</c> for every agent).</summary>
    public const string BdActorVariable = "BD_ACTOR";

    /// <summary>The owner email variable.</summary>
    public const string GitAuthorEmailVariable = "GIT_AUTHOR_EMAIL";

    private readonly ProvenanceOptions _options;
    private readonly IEnvironmentVariables _environment;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">Explicit actor, owner and town owner; <see langword="null"/> for none.</param>
    /// <param name="environment">The environment to read; <see langword="null"/> for the current process's.</param>
    public ActorResolver(ProvenanceOptions? options = null, IEnvironmentVariables? environment = null)
    {
        _options = options ?? new ProvenanceOptions();
        _environment = environment ?? ProcessEnvironmentVariables.Instance;
    }

    /// <inheritdoc />
    public ActorContext Resolve()
    {
        ActorId? actor = null;
        var actorSource = ActorSource.None;
        if (Clean(_options.Actor) is { } configured)
        {
            actor = ParseFrom(configured, "ProvenanceOptions.Actor");
            actorSource = ActorSource.Configuration;
        }
        else if (Clean(_environment.Get(BeadsActorVariable)) is { } beadsActor)
        {
            actor = ParseFrom(beadsActor, $"the {BeadsActorVariable} environment variable");
            actorSource = ActorSource.BeadsActorVariable;
        }
        else if (Clean(_environment.Get(BdActorVariable)) is { } bdActor)
        {
            actor = ParseFrom(bdActor, $"the {BdActorVariable} environment variable");
            actorSource = ActorSource.BdActorVariable;
        }

        string? owner = null;
        var ownerSource = OwnerSource.None;
        if (Clean(_options.Owner) is { } explicitOwner)
        {
            owner = explicitOwner;
            ownerSource = OwnerSource.Configuration;
        }
        else if (Clean(_environment.Get(GitAuthorEmailVariable)) is { } gitEmail)
        {
            owner = gitEmail;
            ownerSource = OwnerSource.GitAuthorEmailVariable;
        }
        else if (Clean(_options.TownOwner) is { } townOwner)
        {
            owner = townOwner;
            ownerSource = OwnerSource.TownOwner;
        }

        return new ActorContext(actor, actorSource, owner, ownerSource);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ActorId ParseFrom(string value, string source) =>
        ActorId.TryParse(value, out var actor, out var error)
            ? actor
            : throw new InvalidActorConfigurationException(source, error);
}
