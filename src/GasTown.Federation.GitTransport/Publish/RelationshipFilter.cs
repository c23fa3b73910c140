using System.Text.Json;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Keeps the lines of <c>federation/relationships.jsonl</c> that reveal nothing private: a line
/// survives only if every <c>gt://</c> (or <c>hop://</c>) URI in it that points into this town's own
/// chain names a public rig, or town-level beads that are published. Lines about other chains and
/// lines without URIs (employment) stay, byte for byte.
/// </summary>
/// <remarks>
/// Default deny: a line that is not valid JSON, or holds a URI that does not parse, is withheld,
/// because nothing can prove it harmless. A URI counts as "this town's" by its chain name alone
/// (the entity may be written as the owner or as the organisation), so a same-named chain of
/// another entity is withheld rather than risking a leak.
/// </remarks>
internal sealed class RelationshipFilter(IReadOnlyCollection<string> ownChainNames, IReadOnlyList<RouteLine> routes, ISet<string> publicRigs, bool townBeads)
{
    /// <summary>The kept lines of <paramref name="content"/>, each ending in a newline.</summary>
    public byte[] Filter(ReadOnlyMemory<byte> content)
    {
        using var buffer = new MemoryStream();
        var rest = content;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (IsPublishable(line))
            {
                buffer.Write(line.Span);
                buffer.WriteByte((byte)'\n');
            }
        }

        return buffer.ToArray();
    }

    private bool IsPublishable(ReadOnlyMemory<byte> line)
    {
        if (line.Span.Trim(" \t\r"u8).IsEmpty)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            return IsPublishable(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool IsPublishable(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().All(p => IsPublishable(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(IsPublishable),
        JsonValueKind.String => IsPublishableString(element.GetString() ?? ""),
        _ => true,
    };

    private bool IsPublishableString(string value)
    {
        if (!value.StartsWith("gt://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("hop://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!GtUri.TryParse(value, out var uri))
        {
            return false;
        }

        if (uri.Chain is not { } chain || !ownChainNames.Contains(chain))
        {
            // An entity, or another town's chain: nothing of ours.
            return true;
        }

        if (uri.WorkId is not { } workId)
        {
            // The chain itself is public knowledge (town.json is published).
            return true;
        }

        // Routed by prefix, as readers route it: the longest matching prefix decides.
        var route = routes.Where(r => workId.StartsWith(r.Prefix, StringComparison.Ordinal))
            .OrderByDescending(r => r.Prefix.Length).FirstOrDefault();
        var routed = route.Prefix is not null && (route.IsTown ? townBeads : route.IsRig && publicRigs.Contains(route.Rig));
        if (uri.Rig is { } rig)
        {
            // A public rig name does not make a private id public: gastown/sc-1 still names sc-1.
            return publicRigs.Contains(rig) && (route.Prefix is null || routed);
        }

        return routed;
    }
}
