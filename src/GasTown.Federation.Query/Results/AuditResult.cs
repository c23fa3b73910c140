using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.AuditAsync"/>.</summary>
/// <param name="Pattern">The actor pattern as given.</param>
/// <param name="Entries">The matching entries, newest first.</param>
/// <param name="Unreachable">Chains whose history could not be read, and why.</param>
/// <param name="Chains">Every chain the audit read or tried, with its trust state, data age and dropped lines.</param>
/// <param name="Truncations">The bounds that cut the audit short (here only <see cref="TruncationBound.Chains"/>); empty when it saw everything.</param>
public sealed record AuditResult(
    string Pattern,
    IReadOnlyList<AuditEntry> Entries,
    IReadOnlyList<UnreachableItem> Unreachable,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
