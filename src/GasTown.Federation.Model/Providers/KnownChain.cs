using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>A chain an <see cref="IChainProvider"/> knows.</summary>
/// <param name="Uri">The chain URI.</param>
/// <param name="RemoteName">The git remote name it is registered under, or null (the local town, a folder).</param>
/// <param name="IsLocal">Whether it is the local town (read live, never fetched).</param>
public sealed record KnownChain(GtUri Uri, string? RemoteName, bool IsLocal);
