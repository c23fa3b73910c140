using System.Text.Json;
using System.Text.Json.Nodes;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// The JSON documents a host prints or serves for the federated queries, one shape for every host (a CLI's
/// <c>--json</c>, a web API): a work unit is its beads object as upstream wrote it plus <c>uri</c>, <c>chain</c> and
/// <c>rig</c> (when it has one; and, on each dependency, the resolved <c>target_uri</c>, <c>status</c>, <c>title</c> or <c>unreachable</c>);
/// a list is the query's facts, <c>count</c>, <c>items</c>, <c>unreachable</c>, <c>unverified_claims</c>, and the
/// <c>chains</c> read (with their trust state) and <c>truncations</c> that cut the query short.
/// Keys are snake_case and timestamps are written as <see cref="QueryJsonContext"/> writes them.
/// </summary>
/// <remarks>The documents are built as <see cref="JsonNode"/> trees (no reflection), so a host can page or
/// extend them before writing; write one with <see cref="JsonNode.WriteTo(Utf8JsonWriter, JsonSerializerOptions?)"/>.</remarks>
public static class QueryDocuments
{
    /// <summary>A work unit: its beads fields as read, <c>uri</c>, <c>chain</c>, <c>rig</c> (when it has one), and what each dependency resolved to.</summary>
    /// <param name="summary">The work unit.</param>
    /// <param name="dependencies">Its resolved dependencies (as a show query returns them), or null to leave the edges as read.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject WorkUnit(WorkUnitSummary summary, IReadOnlyList<ResolvedDependency>? dependencies = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
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
        if (summary.Rig is { } rig)
        {
            // The rig it was read from, as WorkUnitSummaryJsonConverter writes it (a URI names no rig for a town-level unit).
            view["rig"] = rig;
        }

        return view;
    }

    /// <summary>
    /// One entry of a list document's <c>items</c>: the work unit (<see cref="WorkUnit"/>) and, when it made any, the
    /// <c>delegations</c> of <paramref name="delegations"/> whose parent it is. A host that writes a list as its pages come
    /// (<see cref="FederationQueries.WalkByProjectAsync"/>) writes each item with this, so the document is the one the
    /// list methods here build from the whole result.
    /// </summary>
    /// <param name="item">The work unit.</param>
    /// <param name="delegations">The listing's delegated portions (a project listing's), or empty.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject ListItem(WorkUnitSummary item, IReadOnlyList<DelegatedPortion> delegations)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(delegations);
        var view = WorkUnit(item);
        var portions = delegations.Where(d => d.Parent == item.Uri).ToList();
        if (portions.Count > 0)
        {
            view["delegations"] = JsonSerializer.SerializeToNode(portions, QueryJsonContext.Default.IReadOnlyListDelegatedPortion);
        }

        return view;
    }

    /// <summary>What a show query answers: the work unit with its dependencies resolved, and the <c>chains</c> it read.</summary>
    /// <param name="result">The show result.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject Show(ShowResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var view = WorkUnit(result.WorkUnit, result.Dependencies);
        view["chains"] = Chains(result.Chains);
        return view;
    }

    /// <summary>Every work unit of one registered remote: <c>query</c>, <c>remote</c>, <c>chain</c>, <c>fetched_at</c>, then the list.</summary>
    /// <param name="result">The list result.</param>
    /// <param name="remoteName">The remote's registered name, as asked.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject RemoteList(WorkListResult result, string remoteName)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new JsonObject
        {
            ["query"] = "remote",
            ["remote"] = remoteName,
            ["chain"] = result.Chain.ToString(),
        };
        if (result.DataAsOf is { } fetched)
        {
            document["fetched_at"] = JsonTimestamps.Format(fetched);
        }

        return AddList(document, result.Items, [], result.Unreachable, [], result.Chains, []);
    }

    /// <summary>The work of an organisation's verified members: <c>query</c>, <c>organization</c>, <c>verified_members</c>, then the list.</summary>
    /// <param name="result">The organisation result.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject OrganizationList(OrganizationWorkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var members = new JsonArray();
        foreach (var member in result.Members)
        {
            members.Add((JsonNode)member.Entity.ToString());
        }

        var document = new JsonObject
        {
            ["query"] = "org",
            ["organization"] = result.Organization.ToString(),
            ["verified_members"] = members,
        };
        return AddList(document, [.. result.Items.Select(i => i.WorkUnit)], [], result.Unreachable, result.UnverifiedClaims, result.Chains, result.Truncations);
    }

    /// <summary>A project and its descendants: <c>query</c>, <c>project</c>, <c>include_delegated</c>, <c>delegated_portions</c>, then the list, each item with the <c>delegations</c> it made.</summary>
    /// <param name="result">The project result.</param>
    /// <param name="includeDelegated">Whether delegated work was asked for (echoed in the document).</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject ProjectList(ProjectWorkResult result, bool includeDelegated)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new JsonObject
        {
            ["query"] = "project",
            ["project"] = result.Project.ToString(),
            ["include_delegated"] = includeDelegated,
            ["delegated_portions"] = result.Delegations.Count,
        };
        return AddList(document, result.Items, result.Delegations, result.Unreachable, result.UnverifiedClaims, result.Chains, result.Truncations);
    }

    /// <summary>
    /// Ready work across the federation: <c>query</c>, <c>blocked</c> (how many are not ready), then the list; when the
    /// answer left unreachable items out (<see cref="ReadyWorkResult.OmittedUnreachable"/>), <c>unreachable_omitted</c>
    /// follows <c>unreachable</c>: <c>[{chain, count}]</c>, the items left out per referring chain (absent when none).
    /// </summary>
    /// <param name="result">The ready-work result.</param>
    /// <param name="status">Only ready work units with this status, or null for all.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject ReadyList(ReadyWorkResult result, WorkStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var items = status is not { } wanted ? result.Ready : [.. result.Ready.Where(r => r.Status == wanted)];
        var document = new JsonObject
        {
            ["query"] = "ready",
            ["blocked"] = result.Blocked.Count,
        };
        return AddList(document, items, [], result.Unreachable, [], result.Chains, result.Truncations, result.OmittedUnreachable);
    }

    /// <summary>
    /// A page of ready work (<see cref="FederationQueries.GetReadyWorkPageAsync"/>): <see cref="ReadyList"/>'s shape with the
    /// page's items (and <c>unreachable_omitted</c> as there), without <c>blocked</c> (a page's own count, <see cref="ReadyWorkPage.Blocked"/>, is part of a walk's
    /// total, not the list's; the document keeps the shape it had), and <c>next</c>, the token of the
    /// next page, absent on the last.
    /// </summary>
    /// <param name="page">The page.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject ReadyPage(ReadyWorkPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var document = AddList(new JsonObject { ["query"] = "ready" }, page.Items, [], page.Unreachable, [], page.Chains, page.Truncations, page.OmittedUnreachable);
        if (page.Next is not null)
        {
            document["next"] = page.Next;
        }

        return document;
    }

    /// <summary>
    /// An actor's history: <c>query</c>, <c>actor</c>, <c>since</c>, <c>count</c>, and the entries newest first as
    /// <c>items</c> (<c>{ts, source, type, actor, summary, uri?}</c> each), then what could not be read.
    /// </summary>
    /// <param name="result">The audit result.</param>
    /// <param name="since">The lower bound the audit was asked for, or null.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject Audit(AuditResult result, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new JsonObject
        {
            ["query"] = "audit",
            ["actor"] = result.Pattern,
        };
        if (since is { } from)
        {
            document["since"] = JsonTimestamps.Format(from);
        }

        document["count"] = result.Entries.Count;
        var items = new JsonArray();
        foreach (var entry in result.Entries)
        {
            items.Add((JsonNode)AuditItem(entry));
        }

        document["items"] = items;
        document["unreachable"] = Unreachable(result.Unreachable);
        document["chains"] = Chains(result.Chains);
        document["truncations"] = Truncations(result.Truncations);
        return document;
    }

    /// <summary>
    /// One entry of an audit's <c>items</c>, as <see cref="Audit"/> writes it: a host that writes an audit page by page
    /// (<see cref="FederationQueries.WalkAuditAsync"/>) writes each entry with this, into <see cref="Audit"/>'s document
    /// built with no entries (whose <c>count</c>, 0 then, it sets to the entries written).
    /// </summary>
    /// <param name="entry">The audit entry.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject AuditItem(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return JsonSerializer.SerializeToNode(entry, QueryJsonContext.Default.AuditEntry)!.AsObject();
    }

    /// <summary>
    /// Who depends on a work unit: <c>query</c>, <c>target</c>, <c>count</c>, and as <c>items</c> each dependent work unit
    /// (<see cref="WorkUnit"/>) with the <c>dependency</c> that names the target (<c>{type, depends_on_id}</c>), then what
    /// could not be read, and, when the target itself was not reached, <c>target_unreachable</c> (an unreachable item:
    /// <c>UnknownId</c> when its chain holds no such unit).
    /// </summary>
    /// <param name="result">The dependents result.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject Dependents(DependentsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var items = new JsonArray();
        foreach (var dependent in result.Dependents)
        {
            items.Add((JsonNode)DependentItem(dependent));
        }

        var document = new JsonObject
        {
            ["query"] = "dependents",
            ["target"] = result.Target.ToString(),
            ["count"] = result.Dependents.Count,
            ["items"] = items,
            ["unreachable"] = Unreachable(result.Unreachable),
            ["chains"] = Chains(result.Chains),
            ["truncations"] = Truncations(result.Truncations),
        };
        if (result.TargetUnreachable is { } target)
        {
            document["target_unreachable"] = Unreachable(target);
        }

        return document;
    }

    /// <summary>
    /// One entry of <see cref="Dependents"/>' <c>items</c>: the work unit that depends (<see cref="WorkUnit"/>) with the
    /// <c>dependency</c> that names the target. A host that writes the answer as its pages come
    /// (<see cref="FederationQueries.WalkDependentsAsync"/>) writes each item with this.
    /// </summary>
    /// <param name="dependent">One edge of the answer.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject DependentItem(DependentWorkUnit dependent)
    {
        ArgumentNullException.ThrowIfNull(dependent);
        var item = WorkUnit(dependent.WorkUnit);
        item["dependency"] = new JsonObject { ["type"] = dependent.Type.Value, ["depends_on_id"] = dependent.DependsOnId };
        return item;
    }

    /// <summary>
    /// A page of a unit's dependents (<see cref="FederationQueries.GetDependentsPageAsync"/>): <see cref="Dependents"/>'s
    /// shape with the page's edges (<c>count</c> counts them), plus <c>dependent_count</c>, how many work units depend on the
    /// target in all, and <c>next</c>, the token of the next page, absent on the last.
    /// </summary>
    /// <param name="page">The page.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject DependentsPage(DependentsPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var document = Dependents(page.Result);
        document["dependent_count"] = page.DependentCount;
        if (page.Next is not null)
        {
            document["next"] = page.Next;
        }

        return document;
    }

    /// <summary>The chains a query read, each with its trust state, data age and notes.</summary>
    /// <param name="chains">The chain states.</param>
    /// <returns>A new JSON array.</returns>
    public static JsonArray Chains(IReadOnlyList<ChainState> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);

        // Written here exactly as QueryJsonContext writes a ChainState (a test holds the two equal), not through it: the
        // context's metadata is built at run time from System.Text.Json's generics over this package's types, which
        // ReadyToRun cannot compile ahead, and a fresh `show --json` spent about 400 JIT compilations on it.
        var array = new JsonArray();
        foreach (var state in chains)
        {
            var view = new JsonObject
            {
                ["chain"] = state.Chain.ToString(),
                ["trust"] = state.Trust.ToString(),
            };
            if (state.DataAsOf is { } at)
            {
                view["data_as_of"] = JsonTimestamps.Format(at);
            }

            view["is_stale"] = state.IsStale;
            view["dropped_lines"] = state.DroppedLines;
            var notes = new JsonArray();
            foreach (var note in state.Notes)
            {
                notes.Add((JsonNode)JsonValue.Create(note));
            }

            view["notes"] = notes;
            if (state.Unreachable is { } unreachable)
            {
                view["unreachable"] = unreachable.ToString();
            }

            if (state.Proof is { } proof)
            {
                view["proof"] = proof.ToString();
            }

            array.Add((JsonNode)view);
        }

        return array;
    }

    /// <summary>The bounds that cut a query short, with their limits and what was reached.</summary>
    /// <param name="truncations">The truncations.</param>
    /// <returns>A new JSON array.</returns>
    public static JsonArray Truncations(IReadOnlyList<Truncation> truncations)
    {
        ArgumentNullException.ThrowIfNull(truncations);

        // By hand, as QueryJsonContext writes it, for the reason Chains gives.
        var array = new JsonArray();
        foreach (var truncation in truncations)
        {
            var view = new JsonObject
            {
                ["bound"] = truncation.Bound.ToString(),
                ["limit"] = truncation.Limit,
                ["reached"] = truncation.Reached,
            };
            if (truncation.Message is { } message)
            {
                view["message"] = message;
            }

            array.Add((JsonNode)view);
        }

        return array;
    }

    /// <summary>What a query could not reach: <c>{target, reason, message, referenced_from?}</c> each.</summary>
    /// <param name="unreachable">The unreachable items.</param>
    /// <returns>A new JSON array.</returns>
    public static JsonArray Unreachable(IReadOnlyList<UnreachableItem> unreachable)
    {
        ArgumentNullException.ThrowIfNull(unreachable);
        var array = new JsonArray();
        foreach (var item in unreachable)
        {
            array.Add((JsonNode)Unreachable(item));
        }

        return array;
    }

    /// <summary>Unreachable items a ready answer left out of its list: <c>{chain, count}</c> per referring chain.</summary>
    /// <param name="omitted">The omissions (<see cref="ReadyWorkResult.OmittedUnreachable"/>).</param>
    /// <returns>A new JSON array.</returns>
    public static JsonArray UnreachableOmitted(IReadOnlyList<UnreachableOmission> omitted)
    {
        ArgumentNullException.ThrowIfNull(omitted);
        var array = new JsonArray();
        foreach (var omission in omitted)
        {
            array.Add((JsonNode)new JsonObject { ["chain"] = omission.Chain.ToString(), ["count"] = omission.Count });
        }

        return array;
    }

    private static JsonObject Unreachable(UnreachableItem item)
    {
        var node = new JsonObject
        {
            ["target"] = item.Target,
            ["reason"] = item.Reason.ToString(),
            ["message"] = item.Message,
        };
        if (item.ReferencedFrom is not null)
        {
            node["referenced_from"] = item.ReferencedFrom.ToString();
        }

        return node;
    }

    /// <summary>Claims no chain with the authority asserts: <c>{type, subject, object, asserted_by, reason}</c> each.</summary>
    /// <param name="claims">The unverified claims.</param>
    /// <returns>A new JSON array.</returns>
    public static JsonArray UnverifiedClaims(IReadOnlyList<UnverifiedClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var array = new JsonArray();
        foreach (var claim in claims)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["type"] = claim.Type,
                ["subject"] = claim.Subject,
                ["object"] = claim.Object,
                ["asserted_by"] = claim.AssertedBy.ToString(),
                ["reason"] = claim.Reason,
            });
        }

        return array;
    }

    private static JsonObject AddList(
        JsonObject document,
        IReadOnlyList<WorkUnitSummary> items,
        IReadOnlyList<DelegatedPortion> delegations,
        IReadOnlyList<UnreachableItem> unreachable,
        IReadOnlyList<UnverifiedClaim> unverified,
        IReadOnlyList<ChainState> chains,
        IReadOnlyList<Truncation> truncations,
        IReadOnlyList<UnreachableOmission>? omitted = null)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add((JsonNode)ListItem(item, delegations));
        }

        document["count"] = array.Count;
        document["items"] = array;
        document["unreachable"] = Unreachable(unreachable);
        if (omitted is { Count: > 0 })
        {
            document["unreachable_omitted"] = UnreachableOmitted(omitted);
        }

        document["unverified_claims"] = UnverifiedClaims(unverified);
        document["chains"] = Chains(chains);
        document["truncations"] = Truncations(truncations);
        return document;
    }
}
