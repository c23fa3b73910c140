using System.Text;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.Model.Tests.Towns;

public sealed class TownMetadataTests
{
    // What gt's SaveTownConfig writes: json.MarshalIndent(cfg, "", "  "), struct key order, no trailing newline.
    private const string GoWritten =
        "{\n" +
        "  \"type\": \"town\",\n" +
        "  \"version\": 2,\n" +
        "  \"name\": \"main-town\",\n" +
        "  \"owner\": \"steve@example.com\",\n" +
        "  \"public_name\": \"Steve's Town\",\n" +
        "  \"created_at\": \"2025-12-30T10:00:00.123456789-08:00\"\n" +
        "}";

    [Fact]
    public void Writes_byte_for_byte_what_gt_writes()
    {
        var metadata = new TownMetadata("main-town", "steve@example.com", "Steve's Town", BeadsTimestamp.Parse("2025-12-30T10:00:00.123456789-08:00"));
        Encoding.UTF8.GetString(metadata.ToUtf8Bytes()).ShouldBe(GoWritten);
    }

    [Fact]
    public void Round_trips_a_gt_written_file_byte_for_byte_with_nine_fraction_digits()
    {
        var bytes = Encoding.UTF8.GetBytes(GoWritten);
        var metadata = TownMetadata.Parse(bytes);
        metadata.Name.ShouldBe("main-town");
        metadata.Owner.ShouldBe("steve@example.com");
        metadata.PublicName.ShouldBe("Steve's Town");
        metadata.Version.ShouldBe(2);
        metadata.CreatedAt.Text.ShouldBe("2025-12-30T10:00:00.123456789-08:00");
        metadata.ToUtf8Bytes().ShouldBe(bytes);
    }

    [Fact]
    public void Leaves_out_empty_owner_and_public_name_as_gos_omitempty_does()
    {
        var metadata = new TownMetadata("gt", null, "", BeadsTimestamp.Parse("2025-12-30T18:02:04Z"));
        Encoding.UTF8.GetString(metadata.ToUtf8Bytes()).ShouldBe(
            "{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"gt\",\n  \"created_at\": \"2025-12-30T18:02:04Z\"\n}");
    }

    [Fact]
    public void Escapes_strings_as_go_does()
    {
        var metadata = new TownMetadata("t", "a@b.com", "<Tom & \"Jerry\">\u2028é🚀\t", BeadsTimestamp.Parse("2025-12-30T18:02:04Z"));
        Encoding.UTF8.GetString(metadata.ToUtf8Bytes()).ShouldContain(
            "\"public_name\": \"\\u003cTom \\u0026 \\\"Jerry\\\"\\u003e\\u2028é🚀\\t\"");
    }

    [Fact]
    public void Keeps_unknown_keys_and_writes_them_after_the_known_ones_indented_as_go_would()
    {
        var input = "{\"future\":{\"list\":[1,\"x\"],\"empty\":{}},\"type\":\"town\",\"name\":\"t\",\"version\":2,\"created_at\":\"2025-12-30T18:02:04Z\",\"flag\":true}";
        var metadata = TownMetadata.Parse(Encoding.UTF8.GetBytes(input));
        metadata.UnknownFields.Select(f => f.Name).ShouldBe(["future", "flag"]);
        metadata.UnknownFields[1].RawText.ShouldBe("true");
        Encoding.UTF8.GetString(metadata.ToUtf8Bytes()).ShouldBe(
            "{\n" +
            "  \"type\": \"town\",\n" +
            "  \"version\": 2,\n" +
            "  \"name\": \"t\",\n" +
            "  \"created_at\": \"2025-12-30T18:02:04Z\",\n" +
            "  \"future\": {\n" +
            "    \"list\": [\n" +
            "      1,\n" +
            "      \"x\"\n" +
            "    ],\n" +
            "    \"empty\": {}\n" +
            "  },\n" +
            "  \"flag\": true\n" +
            "}");
    }

    [Theory]
    [InlineData("{\"type\":\"rig\",\"version\":1,\"name\":\"t\"}", "invalid config type: expected type 'town', got 'rig'")]
    [InlineData("{\"type\":\"town\",\"version\":3,\"name\":\"t\"}", "unsupported config version: got 3, max supported 2")]
    [InlineData("{\"type\":\"town\",\"version\":2}", "missing required field: name")]
    [InlineData("{\"type\":\"town\",\"version\":2,\"name\":\"\"}", "missing required field: name")]
    [InlineData("{\"type\":\"town\",\"version\":\"2\",\"name\":\"t\"}", "\"version\" must be an integer")]
    [InlineData("{\"type\":\"town\",\"version\":2,\"name\":7}", "\"name\" must be a string")]
    [InlineData("{\"type\":\"town\",\"version\":2,\"name\":\"t\",\"created_at\":\"yesterday\"}", "\"created_at\" must be an RFC 3339 timestamp")]
    [InlineData("[]", "one JSON object")]
    [InlineData("{\"type\":", "invalid JSON")]
    public void Refuses_what_gt_refuses_with_gts_message(string json, string expected)
    {
        var exception = Should.Throw<TownMetadataException>(() => TownMetadata.Parse(Encoding.UTF8.GetBytes(json), "/town/mayor/town.json"));
        exception.Problem.ShouldContain(expected);
        exception.FilePath.ShouldBe("/town/mayor/town.json");
        exception.Message.ShouldStartWith("/town/mayor/town.json: ");
        TownMetadata.TryParse(Encoding.UTF8.GetBytes(json), out _, out var problem).ShouldBeFalse();
        problem.ShouldBe(exception.Problem);
    }

    [Fact]
    public async Task A_broken_or_missing_town_json_says_what_writes_one_in_one_sentence_each()
    {
        var broken = Should.Throw<TownMetadataException>(() => TownMetadata.Parse("{\"type\":"u8, "/town/mayor/town.json"));
        // Where, counted from one as an editor counts, without System.Text.Json's own notation ("LineNumber: 0 | BytePositionInLine: 8").
        broken.Problem.ShouldStartWith("invalid JSON at line 1, byte 9: ");
        broken.Problem.ShouldNotContain("BytePositionInLine");
        broken.Message.ShouldNotContain(".. Fix");
        Should.Throw<TownMetadataException>(() => TownMetadata.Parse("{\n  \"type\": \"town\",\n  \"name\": \"t\" \"owner\": \"x\"\n}"u8, "/town/mayor/town.json"))
            .Problem.ShouldStartWith("invalid JSON at line 3, byte 15: ");
        broken.Message.ShouldContain("TownMetadata.CreateNew(...).SaveAsync(townRoot)");

        using var temp = new TempDirectory();
        var missing = await Should.ThrowAsync<TownMetadataException>(async () => await TownMetadata.LoadAsync(temp.Path, TestContext.Current.CancellationToken));
        missing.Message.ShouldContain("no mayor/town.json");
        missing.Message.ShouldContain("TownMetadata.CreateNew(...).SaveAsync(townRoot) writes a valid mayor/town.json, as upstream's gt install does.");
        missing.Message.ShouldNotContain("gt install writes");
        missing.Message.ShouldNotContain(".. Fix");
    }

    [Fact]
    public void Accepts_an_empty_type_and_older_versions_as_gt_does_and_keeps_them()
    {
        var metadata = TownMetadata.Parse("{\"type\":\"\",\"version\":1,\"name\":\"old\",\"created_at\":\"2025-12-01T00:00:00Z\"}"u8);
        metadata.Type.ShouldBe(string.Empty);
        metadata.Version.ShouldBe(1);
        Encoding.UTF8.GetString(metadata.ToUtf8Bytes()).ShouldStartWith("{\n  \"type\": \"\",\n  \"version\": 1,");
    }

    [Fact]
    public void A_missing_created_at_is_gos_zero_time()
        => TownMetadata.Parse("{\"type\":\"town\",\"version\":2,\"name\":\"t\"}"u8).CreatedAt.Text.ShouldBe("0001-01-01T00:00:00Z");

    [Fact]
    public async Task Reads_mayor_town_json_and_falls_back_to_the_seeds_dot_town_json()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var mayor = TownBuilder.At(temp.Combine("a")).Named("a-town").OwnedBy("a@example.com").Build();
        var seed = TownBuilder.At(temp.Combine("b")).Named("b-town").OwnedBy("b@example.com").WithSeedTownJson().Build();

        (await TownMetadata.LoadAsync(mayor.Root, ct)).Name.ShouldBe("a-town");
        (await TownMetadata.LoadAsync(seed.Root, ct)).Name.ShouldBe("b-town");
        var missing = await Should.ThrowAsync<TownMetadataException>(async () => await TownMetadata.LoadAsync(temp.Combine("nowhere"), ct));
        missing.Message.ShouldContain("no mayor/town.json");
    }

    [Fact]
    public async Task Saves_atomically_to_mayor_town_json_what_the_town_builder_would_write()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var builder = TownBuilder.At(temp.Combine("t")).Named("t").OwnedBy("o@example.com").WithPublicName("T").CreatedAt("2025-12-30T10:00:00-08:00");
        var metadata = new TownMetadata("t", "o@example.com", "T", BeadsTimestamp.Parse("2025-12-30T10:00:00-08:00"));

        await metadata.SaveAsync(temp.Combine("t"), ct);

        (await File.ReadAllTextAsync(temp.Combine("t", "mayor", "town.json"), ct)).ShouldBe(builder.TownJson());
        Directory.GetFiles(temp.Combine("t", "mayor")).Length.ShouldBe(1);
        (await TownMetadata.LoadAsync(temp.Combine("t"), ct)).ToUtf8Bytes().ShouldBe(metadata.ToUtf8Bytes());
    }

    [Fact]
    public void A_new_town_is_stamped_with_the_local_time_and_offset_of_the_clock_as_gt_install_does()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 30, 18, 0, 0, 500, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("PST-like", TimeSpan.FromHours(-8), "PST-like", "PST-like"));

        var metadata = TownMetadata.CreateNew("gt", "steve@example.com", null, clock);

        metadata.CreatedAt.Text.ShouldBe("2025-12-30T10:00:00.5-08:00");
        Encoding.UTF8.GetString(metadata.ToUtf8Bytes()).ShouldEndWith("\"created_at\": \"2025-12-30T10:00:00.5-08:00\"\n}");
    }

    [Fact]
    public void The_owner_is_the_chain_entity_when_it_is_an_email_or_a_domain()
    {
        var person = new TownMetadata("t", "Steve@Example.com", null, default);
        person.TryGetOwnerEntity(out var entity).ShouldBeTrue();
        entity.Value.ShouldBe("steve@example.com");
        new TownMetadata("t", "not an entity", null, default).TryGetOwnerEntity(out _).ShouldBeFalse();
        new TownMetadata("t", null, null, default).TryGetOwnerEntity(out _).ShouldBeFalse();
    }

    [Fact]
    public void The_chain_is_owner_and_name_or_which_field_keeps_the_town_from_having_one()
    {
        new TownMetadata("main-town", "Steve@Example.com", null, default).TryGetChain(out var chain, out var none).ShouldBeTrue();
        (chain.ToString(), none).ShouldBe(("gt://steve@example.com/main-town", (string?)null));

        // A name that is no chain name was reported as a bad owner, or as a character at a position of nothing named.
        new TownMetadata("../x", "steve@example.com", null, default).TryGetChain(out _, out var name).ShouldBeFalse();
        name.ShouldStartWith("its \"name\" ('../x') is not a chain name");
        new TownMetadata("t", "not an entity", null, default).TryGetChain(out _, out var owner).ShouldBeFalse();
        owner.ShouldStartWith("its \"owner\" ('not an entity') is missing or not an email");
        new TownMetadata("a\u001Bb", "steve@example.com", null, default).TryGetChain(out _, out var control).ShouldBeFalse();
        control.ShouldStartWith("its \"name\" ('a<U+001B>b')");
    }
}
