using System.Text.Json;
using System.Text.Json.Nodes;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GtFed;

/// <summary>
/// Builds the JSON object gtfed prints for a work unit (DESIGN §9): its beads fields as read, plus
/// <c>uri</c>, <c>chain</c> and, on each dependency, the resolved <c>target_uri</c> and, where
/// reachable, the target's <c>status</c> and <c>title</c>.
/// </summary>
internal static class WorkUnitView
{
    /// <summary>The beads fields of the work unit the query returned (no reload: the result holds the work unit itself).</summary>
    public static JsonObject Build(WorkUnitSummary summary, IReadOnlyList<ResolvedDependency>? dependencies)
    {
        var view = JsonNode.Parse(WorkUnitJson.ToUtf8Bytes(summary.WorkUnit))!.AsObject();
        if (dependencies is not null && view["dependencies"] is JsonArray edges)
        {
            foreach (var edge in edges.OfType<JsonObject>())
            {
                var target = edge["depends_on_id"]?.GetValue<string>();
                var resolved = dependencies.FirstOrDefault(d => d.DependsOnId == target);
                if (resolved is null)
                {
                    continue;
                }

                if (resolved.TargetUri is { } targetUri)
                {
                    edge["target_uri"] = targetUri.ToString();
                }

                if (resolved.Status is { } status)
                {
                    edge["status"] = status.Value;
                }

                if (resolved.Title is not null)
                {
                    edge["title"] = resolved.Title;
                }

                if (resolved.Unreachable is { } reason)
                {
                    edge["unreachable"] = reason.ToString();
                }
            }
        }

        view["uri"] = summary.Uri.ToString();
        view["chain"] = summary.Chain.ToString();
        return view;
    }

    public static void Write(Utf8JsonWriter writer, JsonNode node) => node.WriteTo(writer);
}
