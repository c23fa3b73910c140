using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// What ready work needs to know of a work unit, as an <see cref="IQueryIndex"/> holds it in the unit's row: read without
/// parsing the unit's line.
/// </summary>
/// <param name="Uri">The work unit's canonical URI (as <see cref="WorkUnitSummary.Uri"/> gives it).</param>
/// <param name="Status">Its status as written.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Pinned">Whether it is pinned.</param>
/// <param name="DeferUntil">Its <c>defer_until</c> (UTC), or null when it has none.</param>
public sealed record QueryIndexUnitState(GtUri Uri, WorkStatus Status, int Priority, bool Pinned, DateTimeOffset? DeferUntil);
