namespace GasTown.Federation.Provenance;

/// <summary>Who an event is for, upstream's <c>visibility</c> key.</summary>
public enum EventVisibility
{
    /// <summary>A value this SDK does not know; the text is kept in <see cref="TownEvent.VisibilityText"/>. Never written.</summary>
    Unknown = 0,

    /// <summary><c>audit</c>: kept for audits only, not shown in the live feed.</summary>
    Audit = 1,

    /// <summary><c>feed</c>: shown in the live feed (upstream's default for every event it writes).</summary>
    Feed = 2,

    /// <summary><c>both</c>: shown in the feed and kept for audits.</summary>
    Both = 3,
}
