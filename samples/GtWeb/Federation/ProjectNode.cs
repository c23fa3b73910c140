using GasTown.Federation;
using GasTown.Federation.Query;

namespace GtWeb.Federation;

/// <summary>One work unit of a project graph; <see cref="Unit"/> is null for a delegated child that could not be read.</summary>
internal sealed record ProjectNode(GtUri Uri, WorkUnitSummary? Unit, string? Unreachable)
{
    public bool IsClosed => Unit?.WorkUnit.IsClosed ?? false;

    public string Label => Unit is null ? Uri.WorkId ?? Uri.ToString() : $"{Unit.Id}: {ListTitle.Of(Unit.Title)}";
}
