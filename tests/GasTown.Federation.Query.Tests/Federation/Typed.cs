using GasTown.Federation.Model;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>Builds the typed result values the tests expect from the text they were written with.</summary>
internal static class Typed
{
    public static ResolvedDependency Dependency(string dependsOnId, string type, string? target, string? status, string? title, UnreachableReason? unreachable) =>
        new(dependsOnId, new DependencyType(type), target is null ? null : GtUri.Parse(target), status is null ? null : new WorkStatus(status), title, unreachable);
}
