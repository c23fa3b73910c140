using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// Turns beads dependencies that point outside their rig's file into cross-references (DESIGN §5): a
/// <c>depends_on_id</c> that is a <c>gt://</c>/<c>hop://</c> URI, or upstream's <c>external:&lt;project&gt;:&lt;id&gt;</c>
/// (project = a rig of the same chain, as <c>bd dep add</c> writes it).
/// </summary>
internal static class DependencyCrossReferences
{
    public static bool IsCrossReference(string dependsOnId)
        => dependsOnId.StartsWith("gt://", StringComparison.OrdinalIgnoreCase)
           || dependsOnId.StartsWith("hop://", StringComparison.OrdinalIgnoreCase)
           || dependsOnId.StartsWith("external:", StringComparison.Ordinal);

    /// <summary>One relationship per work unit that has such dependencies, each reference typed by its dependency type.</summary>
    public static List<CrossReferenceRelationship> Extract(Chain chainWithoutRelationships, List<ChainDiagnostic> diagnostics)
    {
        var result = new List<CrossReferenceRelationship>();
        var routes = chainWithoutRelationships.Routes;
        var contexts = new Dictionary<string, WorkReferenceContext>(StringComparer.Ordinal);
        foreach (var rig in chainWithoutRelationships.Rigs)
        {
            List<(ChainWorkUnit Unit, List<CrossReferenceTarget> Targets)>? found = null;
            var repeated = rig.Document.HasRepeatedIds;
            foreach (var unit in rig.Document.WorkUnits)
            {
                // An earlier line of an id the file repeats, or a unit whose id another rig owns, is in no answer
                // (Chain.WorkUnits): none of its references is either.
                if ((repeated && rig.Document.IsSuperseded(unit)) || chainWithoutRelationships.IsOwnedElsewhere(rig, unit))
                {
                    continue;
                }

                List<CrossReferenceTarget>? targets = null;
                foreach (var dependency in unit.Dependencies)
                {
                    if (!IsCrossReference(dependency.DependsOnId))
                    {
                        continue;
                    }

                    if (!contexts.TryGetValue(rig.Name, out var context))
                    {
                        context = routes.CreateReferenceContext(chainWithoutRelationships.Uri, rig.IsTownLevel ? null : rig.Name);
                        contexts[rig.Name] = context;
                    }

                    string? why;
                    if (!WorkReference.TryParse(dependency.DependsOnId, out var reference))
                    {
                        why = "it is not a valid reference";
                    }
                    else if (reference.TryResolve(context, out var target, out var error))
                    {
                        (targets ??= []).Add(new CrossReferenceTarget(dependency.Type.Value, target));
                        why = null;
                    }
                    else
                    {
                        why = error;
                    }

                    if (why is not null)
                    {
                        diagnostics.Add(new ChainDiagnostic(
                            rig.IssuesFilePath,
                            0,
                            $"{unit.Id} depends on '{dependency.DependsOnId}', which cannot be resolved to a gt:// URI ({why}); the dependency is kept but not cross-referenced",
                            ChainDiagnosticSeverity.Warning));
                    }
                }

                if (targets is not null && chainWithoutRelationships.TryCreateWorkUnit(rig, unit, out var chainUnit))
                {
                    (found ??= []).Add((chainUnit, targets));
                }
            }

            if (found is not null)
            {
                result.AddRange(found.Select(f => new CrossReferenceRelationship(f.Unit.Uri, f.Targets)));
            }
        }

        return result;
    }
}
