using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// The <c>terms</c> of a delegation, as upstream gastown's Delegation struct carries them: which part of
/// the parent is delegated, by when, what counts as done, and the child's share of the credit.
/// </summary>
public sealed record DelegationTerms
{
    /// <summary>Creates the terms.</summary>
    /// <param name="portion">The delegated portion, e.g. <c>backend</c>.</param>
    /// <param name="deadline">The deadline as written (a date such as <c>2025-02-01</c> or an RFC 3339 time).</param>
    /// <param name="acceptanceCriteria">What the parent will accept as done.</param>
    /// <param name="creditShare">The child's share of the credit in percent, 0–100.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="creditShare"/> is outside 0–100.</exception>
    public DelegationTerms(string? portion = null, string? deadline = null, string? acceptanceCriteria = null, int? creditShare = null)
    {
        if (creditShare is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(creditShare), creditShare, "credit_share is a percentage: give a value from 0 to 100.");
        }

        Portion = portion;
        Deadline = deadline;
        AcceptanceCriteria = acceptanceCriteria;
        CreditShare = creditShare;
    }

    /// <summary>The delegated portion, or null.</summary>
    public string? Portion { get; }

    /// <summary>The deadline as written, or null.</summary>
    public string? Deadline { get; }

    /// <summary>What the parent will accept as done, or null.</summary>
    public string? AcceptanceCriteria { get; }

    /// <summary>The child's share of the credit in percent (0–100), or null.</summary>
    public int? CreditShare { get; }

    /// <summary>Keys of the terms object this SDK does not know, kept and written back.</summary>
    public IReadOnlyList<UnknownJsonField> UnknownFields { get; init; } = [];

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
