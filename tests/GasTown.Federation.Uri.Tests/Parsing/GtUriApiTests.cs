namespace GasTown.Federation.Uri.Tests.Parsing;

public sealed class GtUriApiTests
{
    [Fact]
    public void Accessors_of_a_four_segment_uri()
    {
        var uri = GtUri.Parse("HOP://Steve@Example.com/main-town/gastown/gt-xyz");
        uri.ToString().ShouldBe("gt://steve@example.com/main-town/gastown/gt-xyz");
        uri.Kind.ShouldBe(GtUriKind.WorkUnit);
        uri.Entity.ShouldBe(EntityId.Parse("steve@example.com"));
        uri.Entity.Kind.ShouldBe(EntityKind.Person);
        uri.Entity.LocalPart.ShouldBe("steve");
        uri.EntitySpan.ToString().ShouldBe("steve@example.com");
        uri.Chain.ShouldBe("main-town");
        uri.ChainSpan.ToString().ShouldBe("main-town");
        uri.Rig.ShouldBe("gastown");
        uri.RigSpan.ToString().ShouldBe("gastown");
        uri.HasRig.ShouldBeTrue();
        uri.WorkId.ShouldBe("gt-xyz");
        uri.WorkIdSpan.ToString().ShouldBe("gt-xyz");
        uri.ChainUri.ToString().ShouldBe("gt://steve@example.com/main-town");
        uri.ChainUri.Kind.ShouldBe(GtUriKind.Chain);
        uri.ChainUri.Entity.ShouldBe(uri.Entity);
        uri.EntityUri.ToString().ShouldBe("gt://steve@example.com");
        uri.EntityUri.Entity.Kind.ShouldBe(EntityKind.Person);
        uri.Length.ShouldBe(uri.ToString().Length);
    }

    [Fact]
    public void Accessors_of_shorter_uris()
    {
        var routed = GtUri.Parse("gt://acme.com/projects/proj-123");
        routed.Kind.ShouldBe(GtUriKind.WorkUnit);
        routed.Rig.ShouldBeNull();
        routed.RigSpan.IsEmpty.ShouldBeTrue();
        routed.HasRig.ShouldBeFalse();
        routed.WorkId.ShouldBe("proj-123");
        routed.Chain.ShouldBe("projects");

        var chain = GtUri.Parse("gt://acme.com/engineering");
        chain.Kind.ShouldBe(GtUriKind.Chain);
        chain.Chain.ShouldBe("engineering");
        chain.WorkId.ShouldBeNull();
        chain.Rig.ShouldBeNull();
        chain.ChainUri.ShouldBe(chain);
        chain.Entity.Kind.ShouldBe(EntityKind.Organization);

        var entity = GtUri.Parse("gt://acme.com");
        entity.Kind.ShouldBe(GtUriKind.Entity);
        entity.Chain.ShouldBeNull();
        entity.ChainSpan.IsEmpty.ShouldBeTrue();
        entity.WorkId.ShouldBeNull();
        entity.EntityUri.ShouldBe(entity);
        Should.Throw<InvalidOperationException>(() => entity.ChainUri);
    }

    [Fact]
    public void Default_is_empty()
    {
        var uri = default(GtUri);
        uri.IsDefault.ShouldBeTrue();
        uri.ToString().ShouldBe(string.Empty);
        uri.Entity.IsDefault.ShouldBeTrue();
        uri.Chain.ShouldBeNull();
        uri.WorkId.ShouldBeNull();
        (uri == default).ShouldBeTrue();
        (uri < GtUri.Parse("gt://a")).ShouldBeTrue();
        uri.TryFormat(Span<char>.Empty, out var written).ShouldBeTrue();
        written.ShouldBe(0);
        Should.Throw<InvalidOperationException>(() => uri.ChainUri);
    }

    [Fact]
    public void Builders_validate_each_part_and_name_it()
    {
        var alice = EntityId.Parse("alice@example.com");
        GtUri.ForWorkUnit(alice, "town", "gastown", "gt-xyz").ToString().ShouldBe("gt://alice@example.com/town/gastown/gt-xyz");
        GtUri.ForWorkUnit(alice, "town", null, "gt-xyz").ToString().ShouldBe("gt://alice@example.com/town/gt-xyz");
        GtUri.ForChain(alice, "town").ToString().ShouldBe("gt://alice@example.com/town");
        GtUri.ForEntity(alice).ToString().ShouldBe("gt://alice@example.com");

        Should.Throw<ArgumentException>(() => GtUri.ForChain(alice, "a/b")).ParamName.ShouldBe("chain");
        Should.Throw<ArgumentException>(() => GtUri.ForChain(alice, "..")).ParamName.ShouldBe("chain");
        Should.Throw<ArgumentException>(() => GtUri.ForChain(alice, "")).ParamName.ShouldBe("chain");
        Should.Throw<ArgumentNullException>(() => GtUri.ForChain(alice, null!)).ParamName.ShouldBe("chain");
        Should.Throw<ArgumentException>(() => GtUri.ForWorkUnit(alice, "town", "ga stown", "gt-1")).ParamName.ShouldBe("rig");
        Should.Throw<ArgumentException>(() => GtUri.ForWorkUnit(alice, "town", null, "gtxyz")).ParamName.ShouldBe("workId");
        Should.Throw<ArgumentException>(() => GtUri.ForWorkUnit(alice, "town", null, "gt-1%2F")).ParamName.ShouldBe("workId");
        Should.Throw<ArgumentException>(() => GtUri.ForWorkUnit(default, "town", null, "gt-1")).ParamName.ShouldBe("entity");

        var longEntity = EntityId.Parse($"{new string('a', 64)}@{new string('b', 63)}.{new string('c', 63)}.{new string('d', 63)}.{new string('e', 61)}");
        var tooLong = Should.Throw<ArgumentException>(() => GtUri.ForWorkUnit(longEntity, new string('t', 64), new string('r', 64), "gt-" + new string('x', 125)));
        tooLong.Message.ShouldContain("512");
    }

    [Fact]
    public void WithRig_names_or_drops_the_rig()
    {
        var routed = GtUri.Parse("gt://acme.com/eng/ac-123");
        var named = routed.WithRig("backend");
        named.ToString().ShouldBe("gt://acme.com/eng/backend/ac-123");
        named.WithRig(null).ShouldBe(routed);
        named.WithRig("backend").ShouldBe(named);
        Should.Throw<InvalidOperationException>(() => GtUri.Parse("gt://acme.com/eng").WithRig("x"));
        Should.Throw<ArgumentException>(() => routed.WithRig("../x")).ParamName.ShouldBe("rig");
    }

    [Fact]
    public void Formats_into_spans_and_reports_too_small_ones()
    {
        var uri = GtUri.Parse("gt://acme.com/eng/ac-123");
        Span<char> chars = stackalloc char[uri.Length];
        uri.TryFormat(chars, out var written).ShouldBeTrue();
        written.ShouldBe(uri.Length);
        chars.ToString().ShouldBe(uri.ToString());
        uri.TryFormat(chars[..^1], out written).ShouldBeFalse();
        written.ShouldBe(0);

        Span<byte> bytes = stackalloc byte[uri.Length];
        uri.TryFormat(bytes, out written).ShouldBeTrue();
        System.Text.Encoding.ASCII.GetString(bytes).ShouldBe(uri.ToString());
        uri.TryFormat(bytes[..^1], out written).ShouldBeFalse();

        $"{uri}".ShouldBe(uri.ToString());
        uri.ToString("G", null).ShouldBe(uri.ToString());
        Should.Throw<FormatException>(() => uri.ToString("X", null));
    }

    [Fact]
    public void Generic_math_interfaces_work()
    {
        static T ParseVia<T>(string s) where T : ISpanParsable<T> => T.Parse(s.AsSpan(), null);
        static T ParseUtf8Via<T>(byte[] s) where T : IUtf8SpanParsable<T> => T.Parse(s, null);

        ParseVia<GtUri>("hop://acme.com").ToString().ShouldBe("gt://acme.com");
        ParseUtf8Via<GtUri>("gt://acme.com/eng"u8.ToArray()).ToString().ShouldBe("gt://acme.com/eng");
        ParseVia<EntityId>("ACME.com").Value.ShouldBe("acme.com");
    }

    [Fact]
    public void Parse_rejects_null_and_TryParse_does_not_throw_on_it()
    {
        Should.Throw<ArgumentNullException>(() => GtUri.Parse((string)null!));
        GtUri.TryParse((string?)null, out _).ShouldBeFalse();
        GtUri.TryParse((string?)null, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(GtUriError.Empty);
    }

    [Fact]
    public void Non_ascii_messages_name_the_whole_code_point()
    {
        GtUri.TryParse("gt://acme.com/eng/\uD83D\uDE00", out _, out var utf16).ShouldBeFalse();
        utf16.Message.ShouldContain("U+1F600");
        GtUri.TryParse(System.Text.Encoding.UTF8.GetBytes("gt://acme.com/eng/\uD83D\uDE00"), out _, out var utf8).ShouldBeFalse();
        utf8.Message.ShouldContain("U+1F600");
        GtUri.TryParse("gt://аcme.com", out _, out var lookalike).ShouldBeFalse();
        lookalike.Message.ShouldContain("U+0430");
        lookalike.Message.ShouldContain("punycode");
    }
}
