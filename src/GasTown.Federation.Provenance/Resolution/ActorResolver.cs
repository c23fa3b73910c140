namespace GasTown.Federation.Provenance;

/// <summary>
/// Resolves the actor and the owner the way <c>bd</c> 1.x does (beads <c>cmd/bd/main.go</c> <c>getActorWithGit</c> and
/// <c>getOwner</c>), with explicit configuration first.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Actor: <see cref="ProvenanceOptions.Actor"/> (a CLI's <c>--actor</c>) &gt; <c>BEADS_ACTOR</c> &gt;
/// <c>BD_ACTOR</c> (deprecated by beads, still the one gastown sets) &gt; <c>git config user.name</c> &gt;
/// <c>USER</c>.</item>
/// <item>Owner: <see cref="ProvenanceOptions.Owner"/> &gt; <c>GIT_AUTHOR_EMAIL</c> &gt; <c>git config user.email</c> &gt;
/// <see cref="ProvenanceOptions.TownOwner"/>.</item>
/// </list>
/// <para>
/// One deliberate difference from <c>bd</c>: where bd ends the actor chain with the literal <c>"unknown"</c>, this SDK
/// leaves the actor unset and <see cref="ActorContext.RequireActor"/> refuses the operation. Work attributed to
/// "unknown" cannot be audited, and a federation passes attributions on to other towns.
/// </para>
/// <para>
/// Values are trimmed (a value captured from a shell command often ends in a newline); an empty or white-space value
/// counts as unset. A set value must be one of <see cref="ActorNameRule"/>'s shapes, or resolution fails with
/// <see cref="InvalidActorConfigurationException"/> naming where the value came from.
/// </para>
/// <para>
/// The git fallbacks run <c>git config</c> (see <see cref="GitCommandConfig"/>) only when the resolver reads the process
/// environment: a resolver given its own <see cref="IEnvironmentVariables"/> (for an agent a host spawns, or a test)
/// reads git configuration only from the <see cref="IGitConfig"/> it is given.
/// </para>
/// </remarks>
public sealed class ActorResolver : IActorResolver
{
    /// <summary>beads' current actor variable.</summary>
    public const string BeadsActorVariable = "BEADS_ACTOR";

    /// <summary>gastown's actor variable (deprecated by beads, still set by <c>gt</c> for every agent).</summary>
    public const string BdActorVariable = "BD_ACTOR";

    /// <summary>The login name variable, bd's last actor fallback.</summary>
    public const string UserVariable = "USER";

    /// <summary>The owner email variable.</summary>
    public const string GitAuthorEmailVariable = "GIT_AUTHOR_EMAIL";

    private readonly ProvenanceOptions _options;
    private readonly IEnvironmentVariables _environment;
    private readonly IGitConfig? _git;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">Explicit actor, owner and town owner; <see langword="null"/> for none.</param>
    /// <param name="environment">The environment to read; <see langword="null"/> for the current process's.</param>
    /// <param name="gitConfig">
    /// Where <c>user.name</c> and <c>user.email</c> come from; <see langword="null"/> for <c>git config</c> run in
    /// <see cref="ProvenanceOptions.GitConfigDirectory"/> when <paramref name="environment"/> is the process's, and for
    /// no git fallback when it is not.
    /// </param>
    public ActorResolver(ProvenanceOptions? options = null, IEnvironmentVariables? environment = null, IGitConfig? gitConfig = null)
    {
        _options = options ?? new ProvenanceOptions();
        _environment = environment ?? ProcessEnvironmentVariables.Instance;
        _git = gitConfig ?? (environment is null or ProcessEnvironmentVariables ? new GitCommandConfig(_options.GitConfigDirectory) : null);
    }

    /// <inheritdoc />
    public ActorContext Resolve() => Resolve(CancellationToken.None);

    /// <inheritdoc />
    public ValueTask<ActorContext> ResolveAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Resolve(cancellationToken));
    }

    private ActorContext Resolve(CancellationToken cancellationToken)
    {
        var (actor, actorSource) = ResolveActor(cancellationToken);
        var (owner, ownerSource) = ResolveOwner(cancellationToken);
        return new ActorContext(actor, actorSource, owner, ownerSource);
    }

    private (ActorId? Actor, ActorSource Source) ResolveActor(CancellationToken cancellationToken)
    {
        if (Clean(_options.Actor) is { } configured)
        {
            return (ParseFrom(configured, "the explicit actor (ProvenanceOptions.Actor)"), ActorSource.Configuration);
        }

        if (Clean(_environment.Get(BeadsActorVariable)) is { } beadsActor)
        {
            return (ParseFrom(beadsActor, $"the {BeadsActorVariable} environment variable"), ActorSource.BeadsActorVariable);
        }

        if (Clean(_environment.Get(BdActorVariable)) is { } bdActor)
        {
            return (ParseFrom(bdActor, $"the {BdActorVariable} environment variable"), ActorSource.BdActorVariable);
        }

        if (Clean(_git?.Get("user.name", cancellationToken)) is { } gitUser)
        {
            return (ParseFrom(gitUser, "git config user.name"), ActorSource.GitUserName);
        }

        if (Clean(_environment.Get(UserVariable)) is { } user)
        {
            return (ParseFrom(user, $"the {UserVariable} environment variable"), ActorSource.UserVariable);
        }

        // bd would answer "unknown" here; the SDK never attributes work to nobody (see the remarks).
        return (null, ActorSource.None);
    }

    private (string? Owner, OwnerSource Source) ResolveOwner(CancellationToken cancellationToken)
    {
        if (Clean(_options.Owner) is { } explicitOwner)
        {
            return (explicitOwner, OwnerSource.Configuration);
        }

        if (Clean(_environment.Get(GitAuthorEmailVariable)) is { } gitEmail)
        {
            return (gitEmail, OwnerSource.GitAuthorEmailVariable);
        }

        if (Clean(_git?.Get("user.email", cancellationToken)) is { } userEmail)
        {
            return (userEmail, OwnerSource.GitUserEmail);
        }

        if (Clean(_options.TownOwner) is { } townOwner)
        {
            return (townOwner, OwnerSource.TownOwner);
        }

        return (null, OwnerSource.None);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ActorId ParseFrom(string value, string source)
    {
        if (!ActorNameRule.TryValidate(value, out var shapeError))
        {
            throw new InvalidActorConfigurationException(source, shapeError);
        }

        return ActorId.TryParse(value, out var actor, out var error)
            ? actor
            : throw new InvalidActorConfigurationException(source, error);
    }
}
