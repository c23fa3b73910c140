using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Turns the text of a beads <c>depends_on_id</c> (or a user's reference) into a canonical work-unit
/// URI in the context of the chain that wrote it: <c>gt://</c>/<c>hop://</c> URIs as is,
/// <c>external:&lt;project&gt;:&lt;id&gt;</c> as the project's rig in the same chain, and bare ids
/// routed through the chain (the rig that holds the id, else the route of its prefix).
/// </summary>
internal static class ReferenceResolver
{
    public static WorkReferenceContext ContextFor(Chain chain, string? currentRig = null)
    {
        return chain.Routes.CreateReferenceContext(chain.Uri, currentRig, id => chain.TryGetWorkUnit(id, out var unit) ? unit.Rig : null);
    }

    public static bool TryResolve(WorkReferenceContext context, string text, out GtUri uri, out string? error)
    {
        uri = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The reference is empty.";
            return false;
        }

        if (!WorkReference.TryParse(text, out var reference))
        {
            error = $"'{text}' is neither a gt:// URI, an external:<project>:<id> reference nor a work id.";
            return false;
        }

        if (reference.Kind == WorkReferenceKind.Absolute)
        {
            uri = reference.Uri;
            if (uri.Kind != GtUriKind.WorkUnit)
            {
                error = $"'{text}' names a {uri.Kind.ToString().ToLowerInvariant()}, not a work unit.";
                return false;
            }

            error = null;
            return true;
        }

        return reference.TryResolve(context, out uri, out error);
    }
}
