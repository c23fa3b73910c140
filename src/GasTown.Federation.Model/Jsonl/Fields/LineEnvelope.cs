namespace GasTown.Federation.Model;

/// <summary>What a file's lines carry around the issue's own fields, so a new record is written like its neighbours.</summary>
internal enum LineEnvelope : byte
{
    /// <summary>The exporter's bare <c>Issue</c> (design date, and the Dolt-era auto-export).</summary>
    None,

    /// <summary><c>bd export</c> from 97ae54d75 (2026-02-27): <c>IssueWithCounts</c>, the counts after the fields.</summary>
    Counts,

    /// <summary><c>bd export</c> from f99013508 (2026-04-20): <c>"_type":"issue"</c> first, then <c>IssueWithCounts</c>.</summary>
    TypedCounts,
}
