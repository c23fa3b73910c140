using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model.Tests.GoJson;

/// <summary>
/// The bytes Go's encoding/json writes (appendString in encode.go, Go 1.22 and later, with HTML escaping on as
/// json.Marshal has it), pinned character by character, and the same bytes in every file the SDK writes.
/// </summary>
public sealed class GoJsonWriterTests
{
    public static TheoryData<int, string> Characters()
    {
        var data = new TheoryData<int, string>();
        for (var c = 0; c < 0x20; c++)
        {
            // Go 1.22 gave \b and \f their short escapes (before, \u0008 and \u000c).
            data.Add(c, c switch
            {
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => $"\\u00{c:x2}",
            });
        }

        data.Add('"', "\\\"");
        data.Add('\\', "\\\\");
        data.Add('/', "/");
        data.Add(0x7f, "\u007f");
        data.Add('<', "\\u003c");
        data.Add('>', "\\u003e");
        data.Add('&', "\\u0026");
        data.Add(0x2028, "\\u2028");
        data.Add(0x2029, "\\u2029");
        data.Add(0xe9, "é");
        data.Add(0xfeff, "\ufeff");
        data.Add(0xfffd, "\ufffd");
        data.Add(0xd800, "\\ufffd"); // a lone surrogate is Go's invalid UTF-8: the escaped replacement character
        data.Add(0xdc00, "\\ufffd");
        return data;
    }

    [Theory]
    [MemberData(nameof(Characters))]
    public void Strings_are_escaped_as_Go_escapes_them(int character, string expected)
        => Quote($"a{(char)character}b").ShouldBe($"\"a{expected}b\"");

    [Fact]
    public void Surrogate_pairs_are_raw_UTF8_and_lone_ones_are_replaced_wherever_they_fall()
    {
        Quote("x😀y").ShouldBe("\"x😀y\"");
        Quote("\ud83d").ShouldBe("\"\\ufffd\"");
        Quote("\ude00\ud83d").ShouldBe("\"\\ufffd\\ufffd\"");
        Quote("<\ud83d>").ShouldBe("\"\\u003c\\ufffd\\u003e\"");

        // Long text is transcoded in slices: a pair cut by a slice boundary must stay one character.
        for (var at = 4090; at < 4100; at++)
        {
            var text = new string('a', at) + "😀" + new string('b', 5000) + "\ud800";
            var bytes = GoJsonWriter.ToQuotedUtf8(text);
            Encoding.UTF8.GetString(bytes).ShouldBe($"\"{text[..^1]}\\ufffd\"");
        }
    }

    [Fact]
    public void Values_are_written_as_Go_marshals_a_map_keys_sorted_by_UTF8_bytes_last_duplicate_winning()
    {
        using var document = JsonDocument.Parse("""{"b":[1,{"z":true,"a":null}],"a":"<x>","😀":1.50,"\uFFFD":2,"a":"last"}""");
        var buffer = new ArrayBufferWriter<byte>();

        GoJsonWriter.WriteValue(buffer, document.RootElement);

        // U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80) by bytes, though not by UTF-16 units.
        Encoding.UTF8.GetString(buffer.WrittenSpan).ShouldBe("""{"a":"last","b":[1,{"a":null,"z":true}],"�":2,"😀":1.50}""");
        GoJsonWriter.CompareKeys("\uFFFD", "😀").ShouldBeLessThan(0);
        string.CompareOrdinal("\uFFFD", "😀").ShouldBeGreaterThan(0);
    }

    [Fact]
    public void WriteObject_sorts_and_deduplicates_members_given_in_any_order()
    {
        using var one = JsonDocument.Parse("1");
        using var two = JsonDocument.Parse("\"a&b\"");
        var buffer = new ArrayBufferWriter<byte>();

        GoJsonWriter.WriteObject(buffer, [new("rig", one.RootElement), new("Rig", two.RootElement), new("rig", two.RootElement)]);

        Encoding.UTF8.GetString(buffer.WrittenSpan).ShouldBe("""{"Rig":"a\u0026b","rig":"a\u0026b"}""");
    }

    // issue 10: the text a<BS>b was written a\bb in issues.jsonl and a\u0008b in relationships.jsonl. Every file the
    // SDK writes now goes through GoJsonWriter, so the same string has the same bytes in each.
    [Fact]
    public void Every_file_the_SDK_writes_escapes_a_string_the_same_way()
    {
        const string Text = "a\bb\f<&>\u2028\u0001";
        const string Go = "a\\bb\\f\\u003c\\u0026\\u003e\\u2028\\u0001";

        var issue = WorkUnitJson.ToJsonString(new WorkUnit { Id = "gt-1", Title = Text });
        var relationship = Encoding.UTF8.GetString(RelationshipDocument.Serialize(new DelegationRelationship(
            GtUri.Parse("gt://acme.com/projects/proj-1"), GtUri.Parse("gt://alice@example.com/town/gastown/gt-1"), new DelegationTerms(Text))));
        var town = Encoding.UTF8.GetString(new TownMetadata("town", "alice@example.com", Text, BeadsTimestamp.Parse("2026-01-02T03:04:05Z")).ToUtf8Bytes());
        var routes = Encoding.UTF8.GetString(new RouteTable([new Route(Text + "-", "gastown/mayor/rig")]).ToUtf8Bytes());

        issue.ShouldContain($"\"title\":\"{Go}\"");
        relationship.ShouldContain($"\"portion\":\"{Go}\"");
        town.ShouldContain($"\"public_name\": \"{Go}\"");
        routes.ShouldContain($"\"prefix\":\"{Go}-\"");
    }

    [Fact]
    public void A_lone_surrogate_is_the_same_escape_in_issues_as_everywhere_else()
    {
        // The beads buffer transcoded runs leniently and wrote a raw U+FFFD where the other writers wrote \ufffd.
        WorkUnitJson.ToJsonString(new WorkUnit { Id = "gt-1", Title = "x\ud800y" }).ShouldContain("\"title\":\"x\\ufffdy\"");
    }

    private static string Quote(string value) => Encoding.UTF8.GetString(GoJsonWriter.ToQuotedUtf8(value));
}
