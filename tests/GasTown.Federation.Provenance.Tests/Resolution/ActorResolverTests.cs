using GasTown.Federation.Provenance;

namespace GasTown.Federation.Provenance.Tests.Resolution;

public sealed class ActorResolverTests
{
    private static DictionaryEnvironmentVariables Env(params (string Name, string Value)[] variables) =>
        new(variables.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));

    [Fact]
    public void Explicit_option_wins_over_both_variables()
    {
        var resolver = new ActorResolver(new ProvenanceOptions { Actor = "mayor" }, Env(("BEADS_ACTOR", "gastown/crew/joe"), ("BD_ACTOR", "deacon")));

        var context = resolver.Resolve();

        context.Actor.ShouldBe(ActorId.Mayor);
        context.ActorSource.ShouldBe(ActorSource.Configuration);
    }

    [Fact]
    public void BEADS_ACTOR_wins_over_BD_ACTOR()
    {
        var context = new ActorResolver(null, Env(("BEADS_ACTOR", "gastown/crew/joe"), ("BD_ACTOR", "deacon"))).Resolve();

        context.Actor!.Value.Path.ShouldBe("gastown/crew/joe");
        context.ActorSource.ShouldBe(ActorSource.BeadsActorVariable);
    }

    [Fact]
    public void BD_ACTOR_is_used_when_alone()
    {
        var context = new ActorResolver(null, Env(("BD_ACTOR", "gastown/polecats/nux"))).Resolve();

        context.Actor!.Value.Role.ShouldBe(ActorRole.Polecat);
        context.ActorSource.ShouldBe(ActorSource.BdActorVariable);
    }

    [Fact]
    public void Empty_and_blank_values_count_as_unset_and_values_are_trimmed()
    {
        var context = new ActorResolver(new ProvenanceOptions { Actor = "  " }, Env(("BEADS_ACTOR", ""), ("BD_ACTOR", "gastown/witness\n"))).Resolve();

        context.Actor!.Value.Path.ShouldBe("gastown/witness");
        context.ActorSource.ShouldBe(ActorSource.BdActorVariable);
    }

    [Fact]
    public void No_actor_anywhere_gives_a_context_without_actor_and_RequireActor_says_how_to_set_one()
    {
        var context = new ActorResolver(null, Env()).Resolve();

        context.Actor.ShouldBeNull();
        context.ActorSource.ShouldBe(ActorSource.None);
        var ex = Should.Throw<MissingActorException>(() => context.RequireActor());
        ex.Message.ShouldContain("BEADS_ACTOR");
        ex.Message.ShouldContain("BD_ACTOR");
        ex.Message.ShouldContain("ProvenanceOptions.Actor");
        ex.Message.ShouldContain("git config user.name");
        ex.Message.ShouldNotContain("services.");
        ex.Message.ShouldNotContain("AddGasTownFederationProvenance");
    }

    [Fact]
    public void An_invalid_configured_actor_is_an_error_naming_its_source()
    {
        var resolver = new ActorResolver(null, Env(("BEADS_ACTOR", "gastown/crew/\u0001joe")));

        var ex = Should.Throw<InvalidActorConfigurationException>(() => resolver.Resolve());

        ex.ConfigurationSource.ShouldBe("the BEADS_ACTOR environment variable");
        ex.Message.ShouldContain("control character");
        ex.Message.ShouldContain("'gastown/crew/<U+0001>joe'"); // shown as every message shows it (MessageText)
    }

    [Fact]
    public void Owner_explicit_then_GIT_AUTHOR_EMAIL_then_town_owner()
    {
        var all = Env(("GIT_AUTHOR_EMAIL", "git@example.com"));
        new ActorResolver(new ProvenanceOptions { Owner = "explicit@example.com", TownOwner = "town@example.com" }, all).Resolve()
            .ShouldSatisfyAllConditions(
                c => c.Owner.ShouldBe("explicit@example.com"),
                c => c.OwnerSource.ShouldBe(OwnerSource.Configuration));
        new ActorResolver(new ProvenanceOptions { TownOwner = "town@example.com" }, all).Resolve()
            .ShouldSatisfyAllConditions(
                c => c.Owner.ShouldBe("git@example.com"),
                c => c.OwnerSource.ShouldBe(OwnerSource.GitAuthorEmailVariable));
        new ActorResolver(new ProvenanceOptions { TownOwner = "town@example.com" }, Env()).Resolve()
            .ShouldSatisfyAllConditions(
                c => c.Owner.ShouldBe("town@example.com"),
                c => c.OwnerSource.ShouldBe(OwnerSource.TownOwner));
        var none = new ActorResolver(null, Env()).Resolve();
        none.Owner.ShouldBeNull();
        Should.Throw<MissingOwnerException>(() => none.RequireOwner()).Message.ShouldContain("GIT_AUTHOR_EMAIL");
    }

    [Fact]
    public void Process_environment_and_git_are_read_by_default_in_bd_order()
    {
        // Whatever this machine holds: BEADS_ACTOR, BD_ACTOR, git config user.name (as git itself answers here), USER.
        static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var git = new System.Diagnostics.ProcessStartInfo("git", "config --get user.name") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(git)!;
        var gitName = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var expected = Clean(Environment.GetEnvironmentVariable("BEADS_ACTOR")) ?? Clean(Environment.GetEnvironmentVariable("BD_ACTOR"))
            ?? (process.ExitCode == 0 ? Clean(gitName) : null) ?? Clean(Environment.GetEnvironmentVariable("USER"));

        var context = new ActorResolver().Resolve();

        context.Actor?.Path.ShouldBe(expected);
        if (expected is null)
        {
            context.Actor.ShouldBeNull();
        }
    }
}
