namespace GasTown.Federation.Provenance;

/// <summary>Where a town keeps its event log, as upstream's <c>gt</c> does.</summary>
public static class EventLogPaths
{
    /// <summary>The event log's file name under the town root.</summary>
    public const string EventsFileName = ".events.jsonl";

    /// <summary>The lock file's name: upstream's gofrs/flock takes flock(2) on this file around every append.</summary>
    public const string LockFileName = ".events.jsonl.lock";

    /// <summary><c>&lt;townRoot&gt;/.events.jsonl</c>.</summary>
    public static string EventsFile(string townRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        return Path.Combine(townRoot, EventsFileName);
    }

    /// <summary><c>&lt;townRoot&gt;/.events.jsonl.lock</c>.</summary>
    public static string LockFile(string townRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        return Path.Combine(townRoot, LockFileName);
    }
}
