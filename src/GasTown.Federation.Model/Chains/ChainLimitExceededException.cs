namespace GasTown.Federation.Model;

/// <summary>
/// A chain broke one of the <see cref="ChainLimits"/> and was refused whole, before the offending file was parsed
/// (for <see cref="ChainLimitKind.BlobSize"/>, and for <see cref="ChainLimitKind.IssuesBytes"/> where the source can tell a
/// file's size, before it was even read).
/// </summary>
public sealed class ChainLimitExceededException : ChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The limit broken.</param>
    /// <param name="path">The file, relative to the chain root.</param>
    /// <param name="actual">The value found (bytes, lines, or dependency edges).</param>
    /// <param name="maximum">The limit's value.</param>
    /// <param name="source">Where the chain was read from (<see cref="IChainSource.Description"/>).</param>
    public ChainLimitExceededException(ChainLimitKind limit, string path, long actual, long maximum, string source)
        : base(FederationErrorKind.Refused, Describe(limit, path, actual, maximum, source))
    {
        Limit = limit;
        Path = path;
        Actual = actual;
        Maximum = maximum;
    }

    /// <summary>The limit broken.</summary>
    public ChainLimitKind Limit { get; }

    /// <summary>The file, relative to the chain root.</summary>
    public string Path { get; }

    /// <summary>The value found: bytes for <see cref="ChainLimitKind.BlobSize"/> and <see cref="ChainLimitKind.IssuesBytes"/> (the issues files' total up to <see cref="Path"/>), lines for <see cref="ChainLimitKind.WorkUnits"/>, <see cref="ChainLimitKind.Relationships"/> and <see cref="ChainLimitKind.Rigs"/>, dependency edges for <see cref="ChainLimitKind.Dependencies"/>.</summary>
    public long Actual { get; }

    /// <summary>The limit's value.</summary>
    public long Maximum { get; }

    private static string Describe(ChainLimitKind limit, string path, long actual, long maximum, string source) => limit switch
    {
        ChainLimitKind.BlobSize =>
            $"{path} in {source} is {actual:N0} bytes, more than the limit of {maximum:N0} (ChainLimits.MaxBlobBytes); the chain was not read. If the file is genuine, the host can raise the limit.",
        ChainLimitKind.Relationships =>
            $"{path} in {source} holds {actual:N0} lines, more than the limit of {maximum:N0} relationship claims (ChainLimits.MaxRelationships); the chain was not read. If the claims are genuine, the host can raise the limit.",
        ChainLimitKind.Dependencies =>
            $"the issues files of {source} hold {actual:N0} dependency edges or more (counted up to {path}), more than the limit of {maximum:N0} (ChainLimits.MaxDependencies); the chain was not read. If the data is genuine, the host can raise the limit.",
        ChainLimitKind.IssuesBytes =>
            $"the issues files of {source} hold {actual:N0} bytes or more (counted up to {path}), more than the limit of {maximum:N0} (ChainLimits.MaxIssuesBytes); the chain was not read. If the data is genuine, the host can raise the limit.",
        ChainLimitKind.Rigs =>
            $"{path} in {source} holds {actual:N0} lines, more than the limit of {maximum:N0} rigs (ChainLimits.MaxRigs); the chain was not read. If the rigs are genuine, the host can raise the limit.",
        _ =>
            $"the issues files of {source} hold {actual:N0} lines or more (counted up to {path}), more than the limit of {maximum:N0} (ChainLimits.MaxWorkUnits); the chain was not read. If the data is genuine, the host can raise the limit.",
    };
}
