using System.Text.Json;
using System.Text.Json.Serialization;

namespace GasTown.Federation.Uri.Tests.Serialization;

public sealed record Delegation(GtUri Parent, GtUri Child, EntityId Owner, GtUri Optional);

[JsonSerializable(typeof(Delegation))]
[JsonSerializable(typeof(Dictionary<GtUri, int>))]
[JsonSerializable(typeof(Dictionary<EntityId, string>))]
[JsonSerializable(typeof(GtUri[]))]
internal sealed partial class UriJsonContext : JsonSerializerContext;

public sealed class JsonConverterTests
{
    [Fact]
    public void Round_trips_in_a_source_generated_context()
    {
        var value = new Delegation(
            GtUri.Parse("gt://acme.com/projects/proj-123"),
            GtUri.Parse("gt://alice@example.com/town/gastown/gt-xyz"),
            EntityId.Parse("Alice@Example.com"),
            default);
        var json = JsonSerializer.Serialize(value, UriJsonContext.Default.Delegation);
        json.ShouldBe("""{"Parent":"gt://acme.com/projects/proj-123","Child":"gt://alice@example.com/town/gastown/gt-xyz","Owner":"alice@example.com","Optional":null}""");
        JsonSerializer.Deserialize(json, UriJsonContext.Default.Delegation).ShouldBe(value);
    }

    [Fact]
    public void Reads_hop_and_upper_case_escaped_and_plain()
    {
        var json = """["hop://ACME.com/eng","gt:\/\/acme.com\/eng","gt://acme.com/eng"]""";
        var uris = JsonSerializer.Deserialize(json, UriJsonContext.Default.GtUriArray)!;
        uris.ShouldAllBe(u => u == GtUri.Parse("gt://acme.com/eng"));
    }

    [Fact]
    public void Round_trips_as_dictionary_key()
    {
        var map = new Dictionary<GtUri, int>
        {
            [GtUri.Parse("gt://acme.com/eng")] = 1,
            [GtUri.Parse("gt://alice@example.com/town/gastown/gt-xyz")] = 2,
        };
        var json = JsonSerializer.Serialize(map, UriJsonContext.Default.DictionaryGtUriInt32);
        json.ShouldBe("""{"gt://acme.com/eng":1,"gt://alice@example.com/town/gastown/gt-xyz":2}""");
        JsonSerializer.Deserialize(json, UriJsonContext.Default.DictionaryGtUriInt32).ShouldBe(map);

        var owners = new Dictionary<EntityId, string> { [EntityId.Parse("acme.com")] = "org" };
        var ownersJson = JsonSerializer.Serialize(owners, UriJsonContext.Default.DictionaryEntityIdString);
        ownersJson.ShouldBe("""{"acme.com":"org"}""");
        JsonSerializer.Deserialize(ownersJson, UriJsonContext.Default.DictionaryEntityIdString).ShouldBe(owners);
    }

    [Theory]
    [InlineData("""["gt://acme.com/"]""", "Trailing")]
    [InlineData("""["gt://acme.com/a%2Fb"]""", "Percent-encoding")]
    [InlineData("""[42]""", "Expected a gt:// URI")]
    [InlineData("""["gt://\u0430cme.com"]""", "punycode")]
    public void Invalid_json_values_throw_JsonException_with_the_reason(string json, string fragment)
    {
        var thrown = Should.Throw<JsonException>(() => JsonSerializer.Deserialize(json, UriJsonContext.Default.GtUriArray));
        thrown.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Invalid_dictionary_key_throws_JsonException()
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize("""{"acme.com/x":1}""", UriJsonContext.Default.DictionaryGtUriInt32));
        Should.Throw<JsonException>(() => JsonSerializer.Serialize(new Dictionary<GtUri, int> { [default] = 1 }, UriJsonContext.Default.DictionaryGtUriInt32));
    }
}
