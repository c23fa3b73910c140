namespace GasTown.Federation.Model;

/// <summary>What a <see cref="TownWriter"/> change wrote: the work unit as it now is, its rig and its file.</summary>
/// <param name="WorkUnit">The work unit after the change.</param>
/// <param name="Route">The route of the rig that holds it.</param>
/// <param name="IssuesFile">The full path of the rig's <c>issues.jsonl</c>.</param>
/// <param name="Changed">False when the change was already in place (for example a dependency that existed), so nothing was written.</param>
public sealed record WorkUnitWritten(WorkUnit WorkUnit, Route Route, string IssuesFile, bool Changed = true)
{
    /// <summary>The rig's name (<see cref="Route.RigName"/>).</summary>
    public string Rig => Route.RigName;

    /// <summary>
    /// The dependency <see cref="TownWriter.AddDependencyAsync"/> was asked for, as stored (the one added, or the one
    /// that was there): its target in the form written, which for a <c>gt://</c> URI of the town's own chain is the
    /// unit's id. Null for every other change.
    /// </summary>
    public Dependency? Dependency { get; init; }
}
