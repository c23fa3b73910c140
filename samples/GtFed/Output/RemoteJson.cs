using System.Text.Json;
using GasTown.Federation.GitTransport;

namespace GtFed;

/// <summary>How a registered remote appears in gtfed's JSON output.</summary>
internal static class RemoteJson
{
    public static void Write(Utf8JsonWriter writer, RegisteredRemote remote, string? trust = null, RemoteSnapshots? snapshots = null)
    {
        writer.WriteStartObject();
        writer.WriteString("name", remote.Name);
        writer.WriteString("uri", remote.Chain.ToString());
        writer.WriteString("url", remote.DisplayUrl);
        if (remote.Rig is not null)
        {
            writer.WriteString("rig", remote.Rig);
        }

        if (remote.Branch is not null)
        {
            writer.WriteString("branch", remote.Branch);
        }

        if (trust is not null)
        {
            writer.WriteString("trust", trust);
        }

        if (remote.LastFetchedAt is { } fetched)
        {
            writer.WriteString("fetched_at", Timestamps.Format(fetched));
        }

        if (snapshots is { IsNewestRefused: true })
        {
            // The newest snapshot fetched was not accepted: the older one queries answer from, or null for none.
            writer.WriteString("refused_snapshot", snapshots.Tip);
            writer.WriteString("answered_from", snapshots.Verified);
        }

        writer.WriteEndObject();
    }
}
