using GasTown.Federation;

namespace GasTown.Federation.GitTransport;

/// <summary>What a loaded chain depends on: the remote's registration (name, chain, rig) and the commit read.</summary>
/// <remarks>A remote re-registered under the same name for another chain or rig never sees the old answer.</remarks>
internal readonly record struct LoadedChainKey(string Remote, GtUri Chain, string? Rig, string Commit);
