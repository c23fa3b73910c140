namespace GasTown.Federation.Uri.Tests.References;

public sealed class WorkReferenceTests
{
    private static readonly EntityId Alice = EntityId.Parse("alice@example.com");

    private static string? Routes(string id) => id.StartsWith("gt-", StringComparison.Ordinal) ? "gastown"
        : id.StartsWith("bd-", StringComparison.Ordinal) ? "beads"
        : null;

    private static readonly WorkReferenceContext Context = new(Alice, "town", currentRig: "gastown", rigForWorkId: Routes);

    [Theory]
    [InlineData("gt-xyz", WorkReferenceKind.Prefixed, null, "gt-xyz", "gt://alice@example.com/town/gastown/gt-xyz")]
    [InlineData("bd-a3f8.1", WorkReferenceKind.Prefixed, null, "bd-a3f8.1", "gt://alice@example.com/town/beads/bd-a3f8.1")]
    [InlineData("hq-mayor", WorkReferenceKind.Prefixed, null, "hq-mayor", "gt://alice@example.com/town/hq-mayor")]
    [InlineData("gastown/gt-xyz", WorkReferenceKind.RigQualified, "gastown", "gt-xyz", "gt://alice@example.com/town/gastown/gt-xyz")]
    [InlineData("beads/gt-xyz", WorkReferenceKind.RigQualified, "beads", "gt-xyz", "gt://alice@example.com/town/beads/gt-xyz")]
    [InlineData("./gt-abc", WorkReferenceKind.CurrentRig, null, "gt-abc", "gt://alice@example.com/town/gastown/gt-abc")]
    [InlineData("./bd-abc", WorkReferenceKind.CurrentRig, null, "bd-abc", "gt://alice@example.com/town/gastown/bd-abc")]
    [InlineData("external:beads:bd-3roq", WorkReferenceKind.External, "beads", "bd-3roq", "gt://alice@example.com/town/beads/bd-3roq")]
    [InlineData("external:beads:bd-hj0s", WorkReferenceKind.External, "beads", "bd-hj0s", "gt://alice@example.com/town/beads/bd-hj0s")]
    [InlineData("external:beads:ephemeral-rename", WorkReferenceKind.External, "beads", "ephemeral-rename", "gt://alice@example.com/town/beads/ephemeral-rename")]
    [InlineData("gt://acme.com/eng/ac-123", WorkReferenceKind.Absolute, null, "ac-123", "gt://acme.com/eng/ac-123")]
    [InlineData("hop://Bob@Example.com/t/r/gt-1", WorkReferenceKind.Absolute, "r", "gt-1", "gt://bob@example.com/t/r/gt-1")]
    public void Short_forms_parse_and_resolve(string text, WorkReferenceKind kind, string? rig, string workId, string resolved)
    {
        var reference = WorkReference.Parse(text);
        reference.Kind.ShouldBe(kind);
        reference.Rig.ShouldBe(rig);
        reference.WorkId.ShouldBe(workId);
        reference.Resolve(Context).ToString().ShouldBe(resolved);
        reference.TryResolve(Context, out var uri, out var error).ShouldBeTrue();
        error.ShouldBeNull();
        uri.ToString().ShouldBe(resolved);
        WorkReference.Parse(reference.ToString()).ShouldBe(reference);
    }

    [Fact]
    public void An_absolute_reference_resolves_to_itself_in_any_context()
    {
        var uri = GtUri.Parse("gt://steve@example.com/main-town/gastown/gt-xyz");
        var reference = WorkReference.Parse(uri.ToString());
        reference.Uri.ShouldBe(uri);
        reference.Resolve(Context).ShouldBe(uri);
        reference.Resolve(new WorkReferenceContext(EntityId.Parse("other.org"), "x")).ShouldBe(uri);
        WorkReference.FromUri(uri).ShouldBe(reference);
    }

    [Fact]
    public void Without_a_router_a_prefixed_id_is_routed_by_prefix()
    {
        var bare = new WorkReferenceContext(Alice, "town");
        var uri = WorkReference.Parse("gt-xyz").Resolve(bare);
        uri.ToString().ShouldBe("gt://alice@example.com/town/gt-xyz");
        uri.Kind.ShouldBe(GtUriKind.WorkUnit);
        uri.HasRig.ShouldBeFalse();
    }

    [Fact]
    public void Current_rig_without_a_current_rig_says_so()
    {
        var bare = new WorkReferenceContext(GtUri.Parse("gt://alice@example.com/town"));
        var reference = WorkReference.Parse("./gt-xyz");
        var thrown = Should.Throw<WorkReferenceResolutionException>(() => reference.Resolve(bare));
        thrown.Message.ShouldContain("current rig");
        thrown.Message.ShouldContain("./gt-xyz");
        thrown.Reference.ShouldBe(reference);
        reference.TryResolve(bare, out var uri, out var error).ShouldBeFalse();
        uri.IsDefault.ShouldBeTrue();
        error.ShouldNotBeNull().ShouldContain("currentRig");
    }

    [Fact]
    public void A_router_that_returns_an_invalid_rig_is_reported()
    {
        var context = new WorkReferenceContext(Alice, "town", rigForWorkId: _ => ".");
        var thrown = Should.Throw<WorkReferenceResolutionException>(() => WorkReference.Parse("hq-1").Resolve(context));
        thrown.Message.ShouldContain("Return null for a town-level work unit");
    }

    [Theory]
    [InlineData("", GtUriError.Empty, 0)]
    [InlineData("gt", GtUriError.InvalidWorkId, 0)]
    [InlineData("-xyz", GtUriError.InvalidWorkId, 0)]
    [InlineData("gt-xyz ", GtUriError.Whitespace, 6)]
    [InlineData("a/b/gt-1", GtUriError.InvalidReference, 3)]
    [InlineData("../gt-1", GtUriError.DotSegment, 0)]
    [InlineData("./", GtUriError.EmptySegment, 2)]
    [InlineData(".//gt-1", GtUriError.InvalidCharacter, 2)]
    [InlineData("gastown/", GtUriError.EmptySegment, 8)]
    [InlineData("/gt-1", GtUriError.EmptySegment, 0)]
    [InlineData("external:", GtUriError.InvalidReference, 9)]
    [InlineData("external:beads", GtUriError.InvalidReference, 9)]
    [InlineData("external::bd-1", GtUriError.InvalidReference, 9)]
    [InlineData("external:beads:", GtUriError.InvalidReference, 15)]
    [InlineData("external:beads:capability", GtUriError.InvalidWorkId, 15)]
    [InlineData("external:be ads:bd-1", GtUriError.Whitespace, 11)]
    [InlineData("external:beads:bd-1:x", GtUriError.InvalidCharacter, 19)]
    [InlineData("gt://acme.com/eng", GtUriError.NotAWorkUnit, 0)]
    [InlineData("gt://acme.com", GtUriError.NotAWorkUnit, 0)]
    [InlineData("gt://acme.com/eng/", GtUriError.TrailingSlash, 17)]
    [InlineData("http://acme.com/eng/gt-1", GtUriError.UnsupportedScheme, 0)]
    [InlineData("gt-x%2F1", GtUriError.PercentEncodingNotAllowed, 4)]
    public void Malformed_references_report_kind_and_position(string text, GtUriError kind, int position)
    {
        WorkReference.TryParse(text, out _).ShouldBeFalse();
        WorkReference.TryParse(text.AsSpan(), out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(kind, error.Message);
        error.Position.ShouldBe(position, error.Message);
        Should.Throw<GtUriFormatException>(() => WorkReference.Parse(text)).Error.ShouldBe(kind);
    }

    [Fact]
    public void Context_validates_its_parts()
    {
        Should.Throw<ArgumentException>(() => new WorkReferenceContext(default(EntityId), "town")).ParamName.ShouldBe("entity");
        Should.Throw<ArgumentException>(() => new WorkReferenceContext(Alice, "to/wn")).ParamName.ShouldBe("chain");
        Should.Throw<ArgumentException>(() => new WorkReferenceContext(Alice, "town", "..")).ParamName.ShouldBe("currentRig");
        Should.Throw<ArgumentException>(() => new WorkReferenceContext(GtUri.Parse("gt://acme.com"))).ParamName.ShouldBe("chain");
        var context = new WorkReferenceContext(GtUri.Parse("gt://acme.com/eng/r/gt-1").ChainUri, "r");
        context.ChainUri.ToString().ShouldBe("gt://acme.com/eng");
        context.CurrentRig.ShouldBe("r");
    }

    [Fact]
    public void Default_reference_does_not_resolve()
    {
        default(WorkReference).IsDefault.ShouldBeTrue();
        default(WorkReference).TryResolve(Context, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull();
    }
}
