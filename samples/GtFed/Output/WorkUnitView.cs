using System.Text.Json;
using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.Hosting;

namespace GtFed;

/// <summary>
/// Builds the JSON object gtfed prints for a work unit (DESIGN §9): its beads fields as read, plus
/// <c>uri</c>, <c>chain</c> and, on each dependency, the resolved <c>target_uri</c> and, where
/// reachable, the target's <c>status</c> and <c>title</c>.
/// </summary>
internal static class WorkUnitView
{
    /// <summary>The beads fields of the work unit behind <paramref name="summary"/>, loaded through the chain provider (a cache hit after the query).</summary>
    public static async Task<JsonObject> BuildAsync(Town town, WorkUnitSummary summary, IReadOnlyList<ResolvedDependency>? dependencies, CancellationToken cancellationToken)
    {
        var uri = GtUri.Parse(summary.Uri.ToString());
        var chain = await town.Chains.GetChainAsync(uri.ChainUri, cancellationToken).ConfigureAwait(false);
        JsonObject view;
        if (chain.Chain is not null && chain.Chain.TryGetWorkUnit(uri, out var unit))
        {
            view = JsonNode.Parse(WorkUnitJson.ToUtf8Bytes(unit.Unit))!.AsObject();
        }
        else
        {
            // The query answered from data the provider no longer has (it was refreshed in between): fall back to the summary's fields.
            view = new JsonObject
            {
                ["id"] = summary.Id,
                ["title"] = summary.Title,
                ["status"] = summary.Status.ToString(),
                ["priority"] = summary.Priority,
                ["issue_type"] = summary.IssueType.ToString(),
            };
        }

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

                if (resolved.TargetUri is not null)
                {
                    edge["target_uri"] = resolved.TargetUri.ToString();
                }

                if (resolved.Status is not null)
                {
                    edge["status"] = resolved.Status.ToString();
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
