using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Keeps the lines of <c>federation/relationships.jsonl</c> that reveal nothing private. The lines are read with
/// Model's own reader (<see cref="RelationshipDocument"/>): a line it skips is withheld. A line it reads is kept,
/// byte for byte, only when no key and no string value in it points into a private rig (see
/// <see cref="PrivateReferenceScanner"/>: URIs of this chain in any case and anywhere in the text, bare ids and
/// <c>external:rig:id</c> references routed to a private prefix, private rig names).
/// </summary>
internal sealed class RelationshipFilter(PrivateReferenceScanner scanner)
{
    /// <summary>The kept lines of <paramref name="content"/>, each ending in a newline.</summary>
    public byte[] Filter(ReadOnlyMemory<byte> content)
    {
        var document = RelationshipDocument.Parse(content);
        var readLines = new HashSet<int>(document.LineNumbers);
        using var buffer = new MemoryStream();
        var lineNumber = 0;
        foreach (var range in content.Span.Split((byte)'\n'))
        {
            lineNumber++;
            var line = content.Span[range];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (readLines.Contains(lineNumber) && scanner.FindPrivateReferenceInJson(line) is null)
            {
                buffer.Write(line);
                buffer.WriteByte((byte)'\n');
            }
        }

        return buffer.ToArray();
    }
}
