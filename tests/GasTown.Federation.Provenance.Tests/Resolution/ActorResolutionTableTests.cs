using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Provenance.Tests.Resolution;

/// <summary>
/// bd 1.x's actor order, row by row, with <c>git config user.name</c> set by the real git CLI in a temporary
/// repository (beads <c>cmd/bd/main.go</c> <c>getActorWithGit</c>, read at beads fbcee6c6).
/// </summary>
public sealed class ActorResolutionTableTests : IDisposable
{
    // The git process sees only the temp repository's own config: nothing from this machine's ~/.gitconfig.
    private static readonly Dictionary<string, string?> IsolatedGit = new()
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    private readonly TempDirectory _temp = new("gtfed-actor");

    public static TheoryData<string?, string?, string?, string?, string?, string?, ActorSource> Rows => new()
    {
        // --actor,          BEADS_ACTOR,        BD_ACTOR,          git user.name,   USER,    expected actor,     source
        { "gastown/witness", "gastown/crew/joe", "deacon",          "Ada Lovelace",  "ada",   "gastown/witness",  ActorSource.Configuration },
        { null,              "gastown/crew/joe", "deacon",          "Ada Lovelace",  "ada",   "gastown/crew/joe", ActorSource.BeadsActorVariable },
        { null,              null,               "deacon",          "Ada Lovelace",  "ada",   "deacon",           ActorSource.BdActorVariable },
        { null,              "  ",               "",                "Ada Lovelace",  "ada",   "Ada Lovelace",     ActorSource.GitUserName },
        { null,              null,               null,              "Jörg O'Brien",  "ada",   "Jörg O'Brien",     ActorSource.GitUserName },
        { null,              null,               null,              null,            "ada",   "ada",              ActorSource.UserVariable },
        // bd answers "unknown" here; the SDK leaves the actor unset (and RequireActor refuses).
        { null,              null,               null,              null,            null,    null,               ActorSource.None },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Actor_comes_from_the_first_source_set_in_bd_order(
        string? explicitActor, string? beadsActor, string? bdActor, string? gitUserName, string? user, string? expected, ActorSource source)
    {
        var repository = NewRepository(gitUserName);
        var environment = new Dictionary<string, string>();
        Add(environment, "BEADS_ACTOR", beadsActor);
        Add(environment, "BD_ACTOR", bdActor);
        Add(environment, "USER", user);
        var resolver = new ActorResolver(
            new ProvenanceOptions { Actor = explicitActor },
            new DictionaryEnvironmentVariables(environment),
            new GitCommandConfig(repository, IsolatedGit));

        var context = await resolver.ResolveAsync(TestContext.Current.CancellationToken);

        context.ActorSource.ShouldBe(source);
        context.Actor?.Path.ShouldBe(expected);
        if (expected is null)
        {
            context.Actor.ShouldBeNull();
            Should.Throw<MissingActorException>(() => context.RequireActor()).Message.ShouldContain("never records work as 'unknown'");
        }
        else
        {
            context.RequireActor().Path.ShouldBe(expected);
        }
    }

    [Fact]
    public void Git_user_email_is_the_owner_after_GIT_AUTHOR_EMAIL_and_before_the_town_owner()
    {
        var repository = NewRepository("Ada Lovelace");
        GitCli.Run(repository, "config", "user.email", "ada@example.com");
        var git = new GitCommandConfig(repository, IsolatedGit);
        var options = new ProvenanceOptions { TownOwner = "town@example.com" };

        var fromGit = new ActorResolver(options, new DictionaryEnvironmentVariables([]), git).Resolve();
        var fromVariable = new ActorResolver(options, new DictionaryEnvironmentVariables([new("GIT_AUTHOR_EMAIL", "author@example.com")]), git).Resolve();
        var fromTown = new ActorResolver(options, new DictionaryEnvironmentVariables([]), new GitCommandConfig(NewRepository(null), IsolatedGit)).Resolve();

        (fromGit.Owner, fromGit.OwnerSource).ShouldBe(("ada@example.com", OwnerSource.GitUserEmail));
        (fromVariable.Owner, fromVariable.OwnerSource).ShouldBe(("author@example.com", OwnerSource.GitAuthorEmailVariable));
        (fromTown.Owner, fromTown.OwnerSource).ShouldBe(("town@example.com", OwnerSource.TownOwner));
    }

    [Theory]
    [InlineData("not a valid actor!!", "'!'")]
    [InlineData("gastown//joe", "empty path segment")]
    [InlineData("gastown/crew/", "empty path segment")]
    [InlineData("two  spaces", "doubled space")]
    [InlineData("a@b@c", "second '@'")]
    [InlineData("<script>", "'<'")]
    public void An_actor_outside_the_accepted_shapes_is_refused_naming_the_source_and_the_shapes(string actor, string problem)
    {
        var fromOption = Should.Throw<InvalidActorConfigurationException>(
            () => new ActorResolver(new ProvenanceOptions { Actor = actor }, new DictionaryEnvironmentVariables([])).Resolve());
        var fromGit = Should.Throw<InvalidActorConfigurationException>(
            () => new ActorResolver(null, new DictionaryEnvironmentVariables([]), new GitCommandConfig(NewRepository(actor), IsolatedGit)).Resolve());

        fromOption.Message.ShouldContain(problem);
        fromOption.Message.ShouldContain("an agent path such as 'mayor' or 'gastown/crew/joe'");
        fromOption.Message.ShouldContain("a person's name");
        fromOption.Message.ShouldContain("an email");
        fromOption.ConfigurationSource.ShouldBe("the explicit actor (ProvenanceOptions.Actor)");
        fromGit.ConfigurationSource.ShouldBe("git config user.name");
    }

    [Theory]
    [InlineData("mayor")]
    [InlineData("deacon-boot")]
    [InlineData("gastown/crew/joe")]
    [InlineData("gastown-witness")]
    [InlineData("Ada Lovelace")]
    [InlineData("J. R. R. Tolkien")]
    [InlineData("ada+gt@example.com")]
    [InlineData("李小龍")]
    public void Agent_paths_person_names_and_emails_are_accepted(string actor)
    {
        ActorNameRule.TryValidate(actor, out var error).ShouldBeTrue(error);
        new ActorResolver(new ProvenanceOptions { Actor = actor }, new DictionaryEnvironmentVariables([])).Resolve().Actor!.Value.Path.ShouldBe(actor);
    }

    [Fact]
    public void Git_config_lookup_is_cancelled_with_its_token()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() => new GitCommandConfig(NewRepository("Ada"), IsolatedGit).Get("user.name", cancelled.Token));
    }

    private string NewRepository(string? userName)
    {
        var folder = _temp.Combine(Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        GitCli.Run(folder, "init", "-q");
        if (userName is not null)
        {
            GitCli.Run(folder, "config", "user.name", userName);
        }

        return folder;
    }

    private static void Add(Dictionary<string, string> environment, string name, string? value)
    {
        if (value is not null)
        {
            environment[name] = value;
        }
    }

    public void Dispose() => _temp.Dispose();
}
