using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GtFed;

/// <summary>
/// Writes a list's <c>--json</c> document from its skeleton (the document QueryDocuments builds with no items: every
/// other field as the whole result has it) and the spooled items: <c>count</c> and <c>items</c> are written in their
/// places, everything else as the skeleton says, indented as <c>GtFedContext.WriteJsonAsync</c> writes it, in chunks, so
/// the text is never held whole.
/// </summary>
internal static class StreamedListJson
{
    // Bytes written before a chunk goes out (the default encoder escapes every non-ASCII character, so any cut is safe).
    private const int ChunkBytes = 1 << 16;

    public static async Task WriteAsync(TextWriter output, JsonObject skeleton, ListItemSpool items, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in skeleton)
            {
                writer.WritePropertyName(key);
                switch (key)
                {
                    case "count":
                        writer.WriteNumberValue(items.Count);
                        break;
                    case "items":
                        writer.WriteStartArray();
                        foreach (var item in items.Read())
                        {
                            item.WriteTo(writer);
                            if (writer.BytesPending + buffer.Length >= ChunkBytes)
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                                await output.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).ConfigureAwait(false);
                                buffer.SetLength(0);
                            }
                        }

                        writer.WriteEndArray();
                        break;
                    default:
                        if (value is null)
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            value.WriteTo(writer);
                        }

                        break;
                }
            }

            writer.WriteEndObject();
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).ConfigureAwait(false);
    }
}
