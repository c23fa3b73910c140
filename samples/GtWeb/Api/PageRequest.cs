namespace GtWeb.Api;

/// <summary>One page of a list as the API was asked for it (<see cref="Paging.Of"/>): its size and the token of the page before it (null for the first).</summary>
internal sealed record PageRequest(int Size, string? After);
