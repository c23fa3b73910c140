namespace GasTown.Federation.GitTransport;

/// <summary>A failed fetch as the federation repository remembers it (<see cref="RegisteredRemote.LastFetchFailure"/>).</summary>
/// <param name="At">When it failed.</param>
/// <param name="Kind">Why it failed.</param>
/// <param name="Message">What it said (one line; what failed and what to do).</param>
public sealed record FetchFailureRecord(DateTimeOffset At, FetchFailureKind Kind, string Message);
