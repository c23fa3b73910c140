using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>A dependency whose target text could not be resolved to a URI; kept so walks can report it.</summary>
internal sealed record UnresolvedReference(int SourceNode, string Text, FederationEdgeKind Kind, string Error);
