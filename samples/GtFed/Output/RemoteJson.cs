using System.Text.Json;
using GasTown.Federation.GitTransport;

namespace GtFed;

/// <summary>How a registered remote appears in gtfed's JSON output.</summary>
internal static class RemoteJson
{
    public static void Write(Utf8JsonWriter writer, RegisteredRemote remote)
    {
        writer.WriteStartObject();
        writer.WriteString("name", remote.Name);
        writer.WriteString("uri", remote.Chain.ToString());
        writer.WriteString("url", remote.Url);
        if (remote.Rig is not null)
        {
            writer.WriteString("rig", remote.Rig);
        }

        if (remote.LastFetchedAt is { } fetched)
        {
            writer.WriteString("fetched_at", Timestamps.Format(fetched));
        }

        writer.WriteEndObject();
    }
}
