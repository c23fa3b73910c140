namespace GasTown.Federation.Identity;

/// <summary>One chain a well-known document publishes: its name and where others fetch it.</summary>
/// <param name="Name">The chain's name (the second segment of <c>gt://entity/chain</c>).</param>
/// <param name="Url">The git URL others fetch it from.</param>
/// <param name="Branch">The branch to fetch, or null for the published branch (<c>gt/published</c>).</param>
public sealed record WellKnownChain(string Name, string Url, string? Branch);
