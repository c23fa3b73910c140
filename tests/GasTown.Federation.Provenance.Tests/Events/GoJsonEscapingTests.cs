using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;

namespace GasTown.Federation.Provenance.Tests.Events;

/// <summary>Go's encoding/json string escaping, character by character (encode.go, Go 1.22+).</summary>
public sealed class GoJsonEscapingTests
{
    public static TheoryData<int, string> ControlCharacters()
    {
        var data = new TheoryData<int, string>();
        for (var c = 0; c < 0x20; c++)
        {
            var expected = c switch
            {
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => $"\\u00{c:x2}",
            };
            data.Add(c, expected);
        }

        data.Add(0x7f, "\u007f"); // DEL is written raw by Go
        data.Add('<', "\\u003c");
        data.Add('>', "\\u003e");
        data.Add('&', "\\u0026");
        data.Add(0x2028, "\\u2028");
        data.Add(0x2029, "\\u2029");
        data.Add(0xe9, "é");
        data.Add(0xd800, "\\ufffd"); // a lone surrogate is invalid Unicode: Go writes the replacement escape
        return data;
    }

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public void Strings_are_escaped_as_Go_escapes_them(int character, string expected)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        GasTown.Federation.Model.GoJsonWriter.WriteString(buffer, $"a{(char)character}b");

        System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan).ShouldBe($"\"a{expected}b\"");
    }

    [Fact]
    public async Task A_payload_string_with_an_escaped_lone_surrogate_is_refused_not_crashed()
    {
        using var town = new TestTown();

        var ex = await Should.ThrowAsync<ArgumentException>(async () =>
            await town.Writer.AppendAsync(town.Root, "x", TestTown.Json("""{"bad":"\ud800"}"""), cancellationToken: TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("not valid Unicode");
        File.Exists(town.EventsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task An_event_line_escapes_as_every_other_file_the_SDK_writes()
    {
        using var town = new TestTown();

        await town.Writer.AppendAsync(town.Root, "x", TestTown.Json("{\"text\":\"a\\bb<\\u2028\",\"Text\":1}"), cancellationToken: TestContext.Current.CancellationToken);

        // Keys sorted by bytes as Go sorts a map's ("T" < "t"), strings escaped by GoJsonWriter.
        File.ReadAllText(town.EventsFile).ShouldContain("\"payload\":{\"Text\":1,\"text\":\"a\\bb\\u003c\\u2028\"}");
    }
}
