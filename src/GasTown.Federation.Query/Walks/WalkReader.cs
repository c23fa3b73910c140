namespace GasTown.Federation.Query;

/// <summary>
/// The one index reader of a walk (<see cref="QueryContext.Walk"/>): opened once, by the first page that asks the index
/// (<see cref="IndexAttempt"/>), after that page has checked its arguments; null for the rest of the walk when it could not
/// be opened, and the walk's pages then load. Disposed by the walk however it ends.
/// </summary>
internal sealed class WalkReader : IDisposable
{
    /// <summary>Whether a page has tried to open the reader (it is never tried twice).</summary>
    public bool Opened { get; set; }

    /// <summary>The reader, or null: not opened yet, not openable, or disposed.</summary>
    public IQueryIndexReader? Reader { get; set; }

    /// <summary>Ends the read it holds (idempotent).</summary>
    public void Dispose()
    {
        var reader = Reader;
        Reader = null;
        reader?.Dispose();
    }
}
