namespace GasTown.Federation.Uri.Tests.Entities;

public sealed class EntityIdTests
{
    [Theory]
    [InlineData("alice@example.com", "alice@example.com", EntityKind.Person, "alice", "example.com")]
    [InlineData("Alice@Example.COM", "alice@example.com", EntityKind.Person, "alice", "example.com")]
    [InlineData("acme.com", "acme.com", EntityKind.Organization, null, "acme.com")]
    [InlineData("ACME.com", "acme.com", EntityKind.Organization, null, "acme.com")]
    [InlineData("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk", EntityKind.Person, "first.last+tag", "sub.example.co.uk")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example", EntityKind.Organization, null, "xn--bcher-kva.example")]
    public void Parses_people_and_organisations(string text, string value, EntityKind kind, string? local, string domain)
    {
        var id = EntityId.Parse(text);
        id.Value.ShouldBe(value);
        id.ToString().ShouldBe(value);
        id.Kind.ShouldBe(kind);
        id.LocalPart.ShouldBe(local);
        id.Domain.ShouldBe(domain);
        id.DomainSpan.ToString().ShouldBe(domain);
        id.DomainEntity.ShouldBe(EntityId.Parse(domain));
        id.ShouldBe(EntityId.Parse(text.ToUpperInvariant()));
        GtUri.ForEntity(id).Entity.ShouldBe(id);
    }

    [Theory]
    [InlineData("", GtUriError.Empty, 0)]
    [InlineData("gt://acme.com", GtUriError.PortNotAllowed, 2)]
    [InlineData("acme.com/eng", GtUriError.InvalidCharacter, 8)]
    [InlineData("a@b@c.com", GtUriError.UserInfoNotAllowed, 3)]
    [InlineData("аcme.com", GtUriError.NonAsciiCharacter, 0)]
    [InlineData("acme..com", GtUriError.InvalidEntity, 5)]
    [InlineData("@acme.com", GtUriError.InvalidEntity, 0)]
    public void Rejects_malformed_entities(string text, GtUriError kind, int position)
    {
        EntityId.TryParse(text, out _).ShouldBeFalse();
        EntityId.TryParse(text.AsSpan(), out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(kind, error.Message);
        error.Position.ShouldBe(position);
        Should.Throw<GtUriFormatException>(() => EntityId.Parse(text)).Error.ShouldBe(kind);
    }

    [Fact]
    public void The_non_ascii_message_asks_for_punycode()
    {
        EntityId.TryParse("bücher.example", out _, out var error).ShouldBeFalse();
        error.Message.ShouldContain("punycode");
        error.Message.ShouldContain("U+00FC");
    }

    [Fact]
    public void Default_is_empty_and_sorts_first()
    {
        default(EntityId).IsDefault.ShouldBeTrue();
        default(EntityId).Value.ShouldBe(string.Empty);
        ((int)default(EntityId).Kind).ShouldBe(0);
        (default(EntityId) < EntityId.Parse("a.com")).ShouldBeTrue();
        Should.Throw<ArgumentException>(() => GtUri.ForEntity(default)).ParamName.ShouldBe("entity");
    }

    [Fact]
    public void Formats_to_spans()
    {
        var id = EntityId.Parse("Alice@Example.com");
        Span<char> chars = stackalloc char[64];
        id.TryFormat(chars, out var written, default, null).ShouldBeTrue();
        chars[..written].ToString().ShouldBe("alice@example.com");
        Span<byte> bytes = stackalloc byte[64];
        id.TryFormat(bytes, out var bytesWritten, default, null).ShouldBeTrue();
        System.Text.Encoding.ASCII.GetString(bytes[..bytesWritten]).ShouldBe("alice@example.com");
        id.TryFormat(stackalloc char[3], out written, default, null).ShouldBeFalse();
        written.ShouldBe(0);
        EntityId.TryParse("Alice@Example.com"u8, out var fromUtf8).ShouldBeTrue();
        fromUtf8.ShouldBe(id);
    }

    [Fact]
    public void A_space_in_an_entity_is_said_of_an_entity_not_of_a_uri()
    {
        var error = Should.Throw<GtUriFormatException>(() => EntityId.Parse("not an entity"));

        error.Error.ShouldBe(GtUriError.Whitespace);
        error.Position.ShouldBe(3);
        error.Message.ShouldBe("White space (U+0020) at position 3. Remove it; an entity is one email (alice@example.com) or domain (acme.com), with no spaces.");
        EntityId.TryParse("not an entity", out _, out var parse).ShouldBeFalse();
        parse.Message.ShouldBe(error.Message);

        // In a URI it is still the URI's rule.
        GtUri.TryParse("gt://acme.com/e ng", out _, out var inUri).ShouldBeFalse();
        inUri.Message.ShouldContain("gt:// URIs contain no spaces");
    }
}
