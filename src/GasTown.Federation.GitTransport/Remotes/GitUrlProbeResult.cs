namespace GasTown.Federation.GitTransport;

/// <summary>What <see cref="GitUrlProbe"/> found.</summary>
/// <param name="Url">The URL probed.</param>
/// <param name="IsRepository">Whether git could list the URL's references (it is a reachable repository).</param>
/// <param name="BranchTip">The commit the asked-for branch points at there, or <see langword="null"/> when it has no such branch (or none was asked for).</param>
/// <param name="Problem">Why the URL is not a reachable repository (git's own first line of error), or <see langword="null"/>.</param>
public sealed record GitUrlProbeResult(string Url, bool IsRepository, string? BranchTip, string? Problem);
