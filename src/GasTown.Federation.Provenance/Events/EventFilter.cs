namespace GasTown.Federation.Provenance;

/// <summary>Which events a reader returns. Every condition set must hold; an empty filter keeps everything.</summary>
public sealed class EventFilter
{
    /// <summary>
    /// Event types to keep, for example <c>["sling", "done"]</c>; <see langword="null"/> for all. Compared ordinally,
    /// or with the set's own comparer when this is a <see cref="HashSet{T}"/> (the fastest choice for large logs).
    /// </summary>
    public IReadOnlyCollection<string>? Types { get; init; }

    /// <summary>Actors to keep; <see langword="null"/> for all.</summary>
    public ActorPattern? Actor { get; init; }

    /// <summary>Keep events at or after this instant; <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Keep events strictly before this instant; <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Keep events visible in this view: <see cref="EventVisibility.Feed"/> keeps <c>feed</c> and <c>both</c> (what
    /// upstream's feed shows), <see cref="EventVisibility.Audit"/> keeps <c>audit</c> and <c>both</c>,
    /// <see cref="EventVisibility.Both"/> keeps only <c>both</c>. <see langword="null"/> keeps every visibility.
    /// </summary>
    public EventVisibility? VisibleIn { get; init; }

    /// <summary>Whether the event passes every condition.</summary>
    public bool Matches(TownEvent townEvent)
    {
        ArgumentNullException.ThrowIfNull(townEvent);
        return Matches(townEvent.Type, townEvent.Actor, townEvent.Timestamp, townEvent.Visibility);
    }

    /// <summary>The same test on an event's parts, so a reader can reject a line before allocating anything for it.</summary>
    internal bool Matches(ReadOnlySpan<char> type, ReadOnlySpan<char> actor, DateTimeOffset timestamp, EventVisibility visibility)
    {
        if (Since is { } since && timestamp < since)
        {
            return false;
        }

        if (Until is { } until && timestamp >= until)
        {
            return false;
        }

        if (VisibleIn is { } view && !IsVisibleIn(visibility, view))
        {
            return false;
        }

        if (Types is not null && !ContainsOrdinal(Types, type))
        {
            return false;
        }

        return Actor is null || Actor.IsMatch(actor);
    }

    private static bool IsVisibleIn(EventVisibility visibility, EventVisibility view) => view switch
    {
        EventVisibility.Feed => visibility is EventVisibility.Feed or EventVisibility.Both,
        EventVisibility.Audit => visibility is EventVisibility.Audit or EventVisibility.Both,
        EventVisibility.Both => visibility is EventVisibility.Both,
        _ => visibility == view,
    };

    private static bool ContainsOrdinal(IReadOnlyCollection<string> types, ReadOnlySpan<char> type)
    {
        // A HashSet is searched with its own comparer, without turning the span into a string.
        if (types is HashSet<string> set && set.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return lookup.Contains(type);
        }

        foreach (var candidate in types)
        {
            if (type.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
