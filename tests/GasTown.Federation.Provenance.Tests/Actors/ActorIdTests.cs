using GasTown.Federation.Provenance;

namespace GasTown.Federation.Provenance.Tests.Actors;

public sealed class ActorIdTests
{
    public static TheoryData<string, ActorRole, string?, string?, string, bool> Forms => new()
    {
        // path, role, rig, name, canonical path, is canonical
        { "mayor", ActorRole.Mayor, null, null, "mayor", true },
        { "deacon", ActorRole.Deacon, null, null, "deacon", true },
        { "gastown/witness", ActorRole.Witness, "gastown", null, "gastown/witness", true },
        { "gastown/refinery", ActorRole.Refinery, "gastown", null, "gastown/refinery", true },
        { "gastown/crew/joe", ActorRole.Crew, "gastown", "joe", "gastown/crew/joe", true },
        { "beads/crew/emma", ActorRole.Crew, "beads", "emma", "beads/crew/emma", true },
        { "gastown/polecats/rictus", ActorRole.Polecat, "gastown", "rictus", "gastown/polecats/rictus", true },
        { "deacon-boot", ActorRole.Boot, null, "boot", "deacon-boot", true },
        { "deacon/boot", ActorRole.Boot, null, "boot", "deacon-boot", false },
        { "deacon/dogs/rex", ActorRole.Dog, null, "rex", "deacon/dogs/rex", true },
        { "gastown-witness", ActorRole.Witness, "gastown", null, "gastown/witness", false },
        { "my-rig-witness", ActorRole.Witness, "my-rig", null, "my-rig/witness", false },
        { "gastown-refinery", ActorRole.Refinery, "gastown", null, "gastown/refinery", false },
        { "gastown-crew-max", ActorRole.Crew, "gastown", "max", "gastown/crew/max", false },
        { "gastown-polecat-nux", ActorRole.Polecat, "gastown", "nux", "gastown/polecats/nux", false },
        { "gastown/nux", ActorRole.Polecat, "gastown", "nux", "gastown/polecats/nux", false },
        { "max", ActorRole.NamedAgent, null, "max", "max", true },
        { "emma", ActorRole.NamedAgent, null, "emma", "emma", true },
        { "rictus", ActorRole.NamedAgent, null, "rictus", "rictus", true },
        { "Steve Yegge", ActorRole.Unknown, null, null, "Steve Yegge", true },
        { "steve@example.com", ActorRole.Unknown, null, null, "steve@example.com", true },
        { "gt", ActorRole.NamedAgent, null, "gt", "gt", true },
        { "witness", ActorRole.Unknown, null, null, "witness", true },
        { "gastown/crew", ActorRole.Unknown, null, null, "gastown/crew", true },
        { "gastown//witness", ActorRole.Unknown, null, null, "gastown//witness", true },
        { "gastown/witness/", ActorRole.Unknown, null, null, "gastown/witness/", true },
        { "gastown/crew/joe/extra", ActorRole.Unknown, null, null, "gastown/crew/joe/extra", true },
        { "gastown/mayor/rig", ActorRole.Unknown, null, null, "gastown/mayor/rig", true },
        { "deacon/other", ActorRole.Unknown, null, null, "deacon/other", true },
        { "Mayor", ActorRole.NamedAgent, null, "Mayor", "Mayor", true },
        { "ünïcode/crew/jöe", ActorRole.Crew, "ünïcode", "jöe", "ünïcode/crew/jöe", true },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Parse_recognises_every_form(string path, ActorRole role, string? rig, string? name, string canonical, bool isCanonical)
    {
        var actor = ActorId.Parse(path);

        actor.Path.ShouldBe(path);
        actor.Role.ShouldBe(role);
        actor.Rig.ShouldBe(rig);
        actor.Name.ShouldBe(name);
        actor.CanonicalPath.ShouldBe(canonical);
        actor.IsCanonical.ShouldBe(isCanonical);
        actor.ToString().ShouldBe(path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Parse_rejects_empty_and_blank(string path)
    {
        var ex = Should.Throw<ActorFormatException>(() => ActorId.Parse(path));
        ex.Message.ShouldContain("empty");
        ActorId.TryParse(path, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("gastown/crew/joe\n", 16)]
    [InlineData("may\u0000or", 3)]
    [InlineData("a\u007fb", 1)]
    public void Parse_rejects_control_characters_and_names_the_position(string path, int position)
    {
        var ex = Should.Throw<ActorFormatException>(() => ActorId.Parse(path));
        ex.Position.ShouldBe(position);
        ex.Message.ShouldContain($"position {position}");
    }

    [Fact]
    public void Parse_null_throws_ArgumentNullException_and_TryParse_returns_false()
    {
        Should.Throw<ArgumentNullException>(() => ActorId.Parse(null!));
        ActorId.TryParse(null, out var actor).ShouldBeFalse();
        actor.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void Factories_build_the_canonical_forms_and_parse_back_equal()
    {
        ActorId.Mayor.Path.ShouldBe("mayor");
        ActorId.Deacon.Path.ShouldBe("deacon");
        ActorId.Boot.Path.ShouldBe("deacon-boot");
        ActorId.Witness("gastown").Path.ShouldBe("gastown/witness");
        ActorId.Refinery("gastown").Path.ShouldBe("gastown/refinery");
        ActorId.Crew("gastown", "joe").Path.ShouldBe("gastown/crew/joe");
        ActorId.Polecat("gastown", "nux").Path.ShouldBe("gastown/polecats/nux");
        ActorId.Dog("rex").Path.ShouldBe("deacon/dogs/rex");
        foreach (var actor in new[] { ActorId.Mayor, ActorId.Boot, ActorId.Crew("a", "b"), ActorId.Polecat("a", "b"), ActorId.Dog("d") })
        {
            var parsed = ActorId.Parse(actor.Path);
            parsed.ShouldBe(actor);
            parsed.Role.ShouldBe(actor.Role);
            parsed.Rig.ShouldBe(actor.Rig);
            parsed.Name.ShouldBe(actor.Name);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("x\n")]
    public void Factories_refuse_segments_that_are_not_one_segment(string bad)
    {
        Should.Throw<ArgumentException>(() => ActorId.Crew("gastown", bad));
        Should.Throw<ArgumentException>(() => ActorId.Witness(bad));
    }

    [Theory]
    [InlineData("gastown/crew/max", "max")]
    [InlineData("gastown/polecats/rictus", "rictus")]
    [InlineData("deacon/dogs/rex", "rex")]
    [InlineData("deacon-boot", "boot")]
    [InlineData("beads/refinery", "beads/refinery")]
    [InlineData("mayor", "mayor")]
    [InlineData("gastown-witness", "gastown/witness")]
    public void UpstreamGitAuthorName_is_what_gt_sets(string path, string expected) =>
        ActorId.Parse(path).UpstreamGitAuthorName.ShouldBe(expected);

    [Fact]
    public void Equality_is_ordinal_on_the_path()
    {
        ActorId.Parse("gastown/crew/joe").ShouldBe(ActorId.Crew("gastown", "joe"));
        (ActorId.Parse("gastown/crew/joe") == ActorId.Parse("Gastown/crew/joe")).ShouldBeFalse();
        (ActorId.Parse("gastown-witness") != ActorId.Witness("gastown")).ShouldBeTrue();
        default(ActorId).Path.ShouldBe(string.Empty);
    }
}
