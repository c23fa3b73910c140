namespace GasTown.Federation.Index;

/// <summary>One indexed work unit as a query reads it: its URI and rig, and its exact upstream line with the hash stored beside it.</summary>
internal sealed record UnitRow(string Uri, string Rig, byte[] Line, long Hash);
