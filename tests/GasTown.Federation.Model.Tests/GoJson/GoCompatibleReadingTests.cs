using System.Text;

namespace GasTown.Federation.Model.Tests.GoJson;

/// <summary>
/// town.json, routes.jsonl and relationships.jsonl are read as Go's encoding/json reads them (issue 11): keys matched
/// exactly or case-folded (decode.go, fold.go), every matching key decoded in order so the last wins, null leaving a
/// field as it was, invalid UTF-8 inside strings read as U+FFFD, a leading BOM skipped. No byte makes a reader throw.
/// </summary>
public sealed class GoCompatibleReadingTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Theory]
    [InlineData("""{"name":"t","owner":"acme.com","Owner":"evil.com"}""", "evil.com")]
    [InlineData("""{"name":"t","Owner":"evil.com","owner":"acme.com"}""", "acme.com")]
    [InlineData("""{"name":"t","owner":"acme.com","OWNER":"evil.com"}""", "evil.com")]
    [InlineData("""{"name":"t","owner":"acme.com","\u006Fwner":"evil.com"}""", "evil.com")]
    [InlineData("""{"name":"t","owner":"acme.com","Owner":null}""", "acme.com")]
    [InlineData("""{"name":"t","owner":"acme.com","owner":"evil.com"}""", "evil.com")]
    [InlineData("""{"name":"t","owner":"acme.com","owner ":"evil.com"}""", "acme.com")]
    public void Town_json_keys_match_as_Go_matches_them_and_the_last_wins(string json, string owner)
    {
        var metadata = TownMetadata.Parse(Encoding.UTF8.GetBytes(json));

        metadata.Owner.ShouldBe(owner);
        metadata.UnknownFields.Select(f => f.Name).ShouldNotContain("Owner");
    }

    [Fact]
    public void The_Kelvin_sign_and_long_s_fold_into_ASCII_keys_as_in_Go()
    {
        // Go's foldName maps U+017F to S: "verſion" is the version field, and version 3 is refused as gt refuses it.
        TownMetadata.TryParse(Encoding.UTF8.GetBytes("{\"name\":\"t\",\"ver\u017Fion\":3}"), out _, out var problem).ShouldBeFalse();
        problem.ShouldContain("unsupported config version");

        // U+212A KELVIN SIGN folds to K; no town.json key has a k, but the prefix key of a route shows nothing else folds.
        var routes = RouteTable.Parse(Encoding.UTF8.GetBytes("{\"prefix\":\"gt-\",\"PATH\":\"gastown\"}\n{\"prefix\":\"bd-\",\"p\u00E1th\":\"beads\"}\n"));
        routes.Routes.Select(r => r.Path).ShouldBe(["gastown"]);
    }

    [Fact]
    public void A_wrong_kind_of_value_under_any_casing_fails_the_file_as_Go_fails_it()
    {
        TownMetadata.TryParse("""{"name":"t","owner":"acme.com","Owner":5}"""u8, out _, out var problem).ShouldBeFalse();
        problem.ShouldContain("\"owner\" must be a string");
    }

    [Fact]
    public void Route_keys_match_as_Go_matches_them()
    {
        var table = RouteTable.Parse("""{"prefix":"gt-","Prefix":"bd-","path":"gastown","PATH":"beads"}"""u8);

        table.Routes.ShouldHaveSingleItem().ShouldBe(new Route("bd-", "beads"));
    }

    [Fact]
    public void Relationship_keys_match_as_Go_matches_them()
    {
        var document = RelationshipDocument.Parse(Encoding.UTF8.GetBytes(
            """{"type":"employment","entity":"alice@example.com","Entity":"mallory@evil.com","organization":"acme.com"}""" + "\n" +
            """{"type":"employment","Type":"delegation","parent":"gt://acme.com/p/p-1","Child":"gt://a.com/c/x-1","TERMS":{"Portion":"api","portion":"ui"}}"""));

        document.Diagnostics.ShouldBeEmpty();
        var employment = document.Relationships[0].ShouldBeOfType<EmploymentRelationship>();
        employment.Entity.Value.ShouldBe("mallory@evil.com");
        employment.UnknownFields.ShouldBeEmpty();
        var delegation = document.Relationships[1].ShouldBeOfType<DelegationRelationship>();
        delegation.Child.ToString().ShouldBe("gt://a.com/c/x-1");
        delegation.Terms!.Portion.ShouldBe("ui");
    }

    [Fact]
    public void Invalid_UTF8_in_town_json_reads_as_the_replacement_character_and_never_throws()
    {
        // issue 11: one 0xFF made TryParse throw "Cannot transcode invalid UTF-8" and broke every query.
        byte[] json = [.. "{\"name\":\"t\",\"owner\":\"acme.com\",\"public_name\":\"a"u8, 0xFF, 0xC0, 0x80, .. "b\"}"u8];

        TownMetadata.TryParse(json, out var metadata, out var problem).ShouldBeTrue(problem);

        // Go decodes each invalid byte on its own (utf8.DecodeRune gives RuneError, 1): three bytes, three U+FFFD.
        metadata.PublicName.ShouldBe("a\uFFFD\uFFFD\uFFFDb");
        metadata.Owner.ShouldBe("acme.com");
    }

    [Fact]
    public void An_invalid_byte_in_a_key_or_outside_strings_is_handled_without_throwing()
    {
        byte[] inKey = [.. "{\"name\":\"t\",\"own"u8, 0xFF, .. "er\":\"evil.com\"}"u8];
        TownMetadata.Parse(inKey).Owner.ShouldBeNull();

        byte[] outside = [.. "{\"name\":\"t\","u8, 0xFF, .. "}"u8];
        TownMetadata.TryParse(outside, out _, out var problem).ShouldBeFalse();
        problem.ShouldStartWith("invalid JSON");
        Should.Throw<TownMetadataException>(() => TownMetadata.Parse(outside));
    }

    [Fact]
    public void An_escaped_lone_surrogate_reads_as_the_replacement_character_as_in_Go()
    {
        var metadata = TownMetadata.Parse("""{"name":"t\ud800","public_name":"\udc00x\ud83d\ude00"}"""u8);

        metadata.Name.ShouldBe("t\uFFFD");
        metadata.PublicName.ShouldBe("\uFFFDx😀");
    }

    [Fact]
    public void Invalid_UTF8_in_routes_and_relationships_never_throws()
    {
        byte[] routes = [.. "{\"prefix\":\"gt-\",\"path\":\"gas"u8, 0xFF, .. "town\"}\n{\"prefix\":\"bd-\",\"path\":\"beads\"}\n"u8];
        RouteTable.Parse(routes).Routes.Select(r => r.Path).ShouldBe(["gas\uFFFDtown", "beads"]);

        byte[] relationships = [.. "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\",\"note\":\"x"u8, 0xFF, .. "\"}\n"u8, 0xFF, .. "\n"u8];
        var document = RelationshipDocument.Parse(relationships);
        document.Relationships.ShouldHaveSingleItem().UnknownFields.ShouldHaveSingleItem().RawText.ShouldBe("\"x\uFFFD\"");
        document.Diagnostics.ShouldHaveSingleItem().LineNumber.ShouldBe(2);

        // The bytes are kept as they were, so an append writes the hostile line back untouched.
        document.ToUtf8Bytes().ToArray().ShouldBe(relationships);
    }

    [Fact]
    public void A_BOM_is_skipped_by_every_reader()
    {
        // issue 11: a BOM in routes.jsonl silently dropped its first route.
        var routes = RouteTable.Parse([.. Bom, .. "{\"prefix\":\"gt-\",\"path\":\"gastown\"}\n"u8]);
        routes.Routes.ShouldHaveSingleItem().Prefix.ShouldBe("gt-");
        routes.Diagnostics.ShouldHaveSingleItem().Severity.ShouldBe(ChainDiagnosticSeverity.Warning);
        routes.Diagnostics[0].Message.ShouldContain("byte order mark");

        TownMetadata.Parse([.. Bom, .. "{\"name\":\"t\"}"u8]).Name.ShouldBe("t");

        byte[] relationships = [.. Bom, .. "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\"}\n"u8];
        var document = RelationshipDocument.Parse(relationships);
        document.Relationships.ShouldHaveSingleItem();
        document.Diagnostics.ShouldBeEmpty();
        document.ToUtf8Bytes().ToArray().ShouldBe(relationships);
    }
}
