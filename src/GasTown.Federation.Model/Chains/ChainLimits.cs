namespace GasTown.Federation.Model;

/// <summary>
/// How much of a chain <see cref="ChainLoader"/> agrees to read. A chain is data written by someone else: without
/// bounds, one remote could make every query of the federation use memory and time in proportion to what it chose
/// to publish. A chain that breaks a limit is refused whole (<see cref="ChainLimitExceededException"/>, reported by
/// providers as <see cref="ChainUnavailableReason.LimitExceeded"/>); every other chain still answers.
/// </summary>
/// <remarks>
/// <para>The defaults are far above real data (upstream's own issues file, 881 issues, is 1.3 MB with lines under
/// 8 KiB, JSON three levels deep and 464 dependency edges) and far below what hurts a machine. Register different values with
/// <c>services.Configure&lt;ChainLimits&gt;(…)</c> (validated when the host starts) or pass them to
/// <see cref="ChainLoader(IParsedBlobCache, Microsoft.Extensions.Logging.ILogger{ChainLoader}?, ChainLimits?)"/>.</para>
/// <para>Lines over <see cref="MaxLineBytes"/> or nested deeper than <see cref="MaxJsonDepth"/> are not a reason to
/// refuse the chain: each is dropped and counted in <see cref="Chain.DroppedLines"/> with its reason. Diagnostics beyond
/// <see cref="MaxDiagnostics"/> are counted, not kept (<see cref="Chain.OmittedDiagnosticCount"/>).</para>
/// </remarks>
public sealed class ChainLimits
{
    /// <summary>The default <see cref="MaxBlobBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxBlobBytes = 64L * 1024 * 1024;

    /// <summary>The default <see cref="MaxLineBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    /// <summary>
    /// The deepest nesting of objects and arrays in a line that is parsed: 64, System.Text.Json's own bound, which every
    /// reader of the SDK uses. A deeper line is dropped and counted as <see cref="DroppedLineReason.NestedTooDeep"/>. Fixed,
    /// not an option: a work unit line is normally 3 deep, and the readers never recurse on the input.
    /// </summary>
    public const int MaxJsonDepth = 64;

    /// <summary>The default <see cref="MaxWorkUnits"/>: 500,000.</summary>
    public const int DefaultMaxWorkUnits = 500_000;

    /// <summary>The default <see cref="MaxDiagnostics"/>: 1,000.</summary>
    public const int DefaultMaxDiagnostics = 1_000;

    /// <summary>The default of <see cref="MaxRelationships"/>.</summary>
    public const int DefaultMaxRelationships = 10_000;

    /// <summary>The default of <see cref="MaxDependencies"/>.</summary>
    public const int DefaultMaxDependencies = 100_000;

    /// <summary>The default of <see cref="MaxRigs"/>: 1,000.</summary>
    public const int DefaultMaxRigs = 1_000;

    /// <summary>The default of <see cref="MaxIssuesBytes"/>: 256 MiB.</summary>
    public const long DefaultMaxIssuesBytes = 256L * 1024 * 1024;

    /// <summary>The limits with every default; shared, do not change it.</summary>
    public static ChainLimits Default { get; } = new();

    /// <summary>
    /// The largest file of a chain (an issues.jsonl, town.json, routes.jsonl or relationships.jsonl) that is read, in
    /// bytes. Checked before the file is read: a git source asks the object database for the blob's size, so an
    /// oversize blob is never inflated.
    /// </summary>
    /// <value>The default value is 64 MiB (about 140,000 issues of an average size).</value>
    public long MaxBlobBytes { get; set; } = DefaultMaxBlobBytes;

    /// <summary>The longest line of an issues file that is parsed, in bytes; a longer line is dropped and counted.</summary>
    /// <value>The default value is 1 MiB. The longest line in real upstream data is under 8 KiB.</value>
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    /// <summary>
    /// The most lines of issues (over all rigs of the chain) that are read; a chain with more is refused, counted before
    /// any line is parsed.
    /// </summary>
    /// <value>The default value is 500,000.</value>
    public int MaxWorkUnits { get; set; } = DefaultMaxWorkUnits;

    /// <summary>
    /// The most lines of a chain's <c>federation/relationships.jsonl</c> (employment, delegation and cross-reference
    /// claims) that are read; a chain with more is refused, counted before any line is parsed. Every claim is judged
    /// for trust and walked by delegation and organisation queries, so without a count a remote's 48.7 MB file of
    /// 300,000 claims cost the first query after its fetch 1.4 GB.
    /// </summary>
    /// <value>The default value is 10,000 (real towns hold tens).</value>
    public int MaxRelationships { get; set; } = DefaultMaxRelationships;

    /// <summary>The most diagnostics kept per chain; the rest are only counted.</summary>
    /// <value>The default value is 1,000.</value>
    public int MaxDiagnostics { get; set; } = DefaultMaxDiagnostics;

    /// <summary>
    /// The most dependency edges (the objects of the issues lines' <c>dependencies</c> arrays, over all rigs of the chain)
    /// that are read; a chain with more is refused, counted before any line is parsed (a tokenising pass that keeps
    /// nothing, run only when the file holds more <c>{</c> bytes than the limit). Every edge becomes a graph edge that
    /// ready, dependents and project walks follow, and a dangling one an unreachable item: without a count a remote's
    /// 61.5 MB of 630,000 edges to units that do not exist cost a ready listing 1.2 GB and a whole ready answer 2.7 GB.
    /// </summary>
    /// <value>The default value is 100,000 (real chains hold hundreds: upstream's own 881 issues have 464 edges, at
    /// most 9 on one issue). It is lower than <see cref="MaxWorkUnits"/> on purpose: a whole (unpaged) ready answer holds
    /// every edge of the chains it reads, about 1.5 KB each (630,000 dangling edges cost it 950 MB), where a work unit is
    /// held only while it is unfinished. Real chains hold 0.35–0.63 edges a unit, so a host whose genuine chains pass
    /// about 150,000 units raises this limit with <see cref="MaxWorkUnits"/> in mind.</value>
    public int MaxDependencies { get; set; } = DefaultMaxDependencies;

    /// <summary>
    /// The most lines of a chain's <c>.beads/routes.jsonl</c> that are read: each route names a rig, whose issues file is
    /// looked up and read. A chain with more is refused, counted before any route is parsed or any issues file read, so a
    /// remote of 20,000 one-line rigs costs a line count, not 20,000 files.
    /// </summary>
    /// <value>The default value is 1,000 (real towns hold a handful of rigs).</value>
    public int MaxRigs { get; set; } = DefaultMaxRigs;

    /// <summary>
    /// The most bytes of issues files (the sum of the sizes of a chain's <c>issues.jsonl</c> files, over all its rigs) that
    /// are read; a chain with more is refused, counted before any of them is parsed. Where the source can tell a file's
    /// size without reading it (a git tree asks the object database) the running total is checked before the file is read,
    /// so the file that passes it is never inflated. Each file is already bounded by <see cref="MaxBlobBytes"/> and the
    /// chain's rigs by <see cref="MaxRigs"/>, but their product (64 GB at the defaults) is no bound at all: without a total,
    /// a remote's 24 rigs of 60 lines of million-character titles (a 6.9 MB git repository, since it compresses) cost a
    /// fetch and its index 5.7 GB and over two minutes, and a ready listing 4.3 GB.
    /// </summary>
    /// <value>The default value is 256 MiB: about 570,000 issues of an average size (real issues lines are about 470
    /// bytes), more than <see cref="MaxWorkUnits"/> allows and far above the 100,000-issue chains the SDK is measured at,
    /// while bounding what one chain can make a query hold. A host whose genuine chains pass it raises it with
    /// <see cref="MaxWorkUnits"/> in mind.</value>
    public long MaxIssuesBytes { get; set; } = DefaultMaxIssuesBytes;

    /// <summary>Every problem with these values, each naming the property, its value and what is expected; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (MaxBlobBytes < 1)
        {
            failures.Add($"ChainLimits.MaxBlobBytes must be at least 1; it is {MaxBlobBytes}.");
        }

        if (MaxLineBytes < 2)
        {
            failures.Add($"ChainLimits.MaxLineBytes must be at least 2 (the shortest JSON object, {{}}); it is {MaxLineBytes}.");
        }

        if (MaxWorkUnits < 1)
        {
            failures.Add($"ChainLimits.MaxWorkUnits must be at least 1; it is {MaxWorkUnits}.");
        }

        if (MaxRelationships < 1)
        {
            failures.Add($"ChainLimits.MaxRelationships must be at least 1; it is {MaxRelationships}.");
        }

        if (MaxDependencies < 1)
        {
            failures.Add($"ChainLimits.MaxDependencies must be at least 1; it is {MaxDependencies}.");
        }

        if (MaxDiagnostics < 1)
        {
            failures.Add($"ChainLimits.MaxDiagnostics must be at least 1; it is {MaxDiagnostics}.");
        }

        if (MaxRigs < 1)
        {
            failures.Add($"ChainLimits.MaxRigs must be at least 1; it is {MaxRigs}.");
        }

        if (MaxIssuesBytes < 1)
        {
            failures.Add($"ChainLimits.MaxIssuesBytes must be at least 1; it is {MaxIssuesBytes}.");
        }

        return failures;
    }

    /// <summary>A copy of these limits (options objects are mutable; a loader keeps its own copy).</summary>
    /// <returns>The copy.</returns>
    public ChainLimits Clone() => (ChainLimits)MemberwiseClone();
}
