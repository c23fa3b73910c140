namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.AuditAsync"/>.</summary>
/// <param name="Pattern">The actor pattern as given.</param>
/// <param name="Entries">The matching entries, newest first.</param>
/// <param name="Unreachable">Chains whose history could not be read, and why.</param>
public sealed record AuditResult(string Pattern, IReadOnlyList<AuditEntry> Entries, IReadOnlyList<UnreachableItem> Unreachable);
