namespace GasTown.Federation.Model;

/// <summary>
/// A town's <c>mayor/town.json</c> (or a rig's config file) is not valid: not JSON, a wrong <c>type</c>,
/// an unsupported <c>version</c>, a missing <c>name</c>. The message uses upstream gt's wording so it
/// matches what <c>gt</c> itself would say about the same file.
/// </summary>
public sealed class TownMetadataException : FederationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong, e.g. <c>missing required field: name</c>.</param>
    /// <param name="filePath">The file that was read, or null when parsing bytes from elsewhere.</param>
    /// <param name="innerException">The JSON failure behind it, if any.</param>
    public TownMetadataException(string problem, string? filePath = null, Exception? innerException = null)
        : base(FederationErrorKind.InvalidInput, MessageFor(problem, filePath), innerException)
    {
        Problem = problem;
        FilePath = filePath;
    }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }

    /// <summary>The file that was read, or null.</summary>
    public string? FilePath { get; }

    // A problem may end with a sentence of its own (System.Text.Json's "... BytePositionInLine: 2."): one period, not two.
    // Say what writes a valid file, as the SDK's call and upstream's tool, never a front end's command.
    private static string MessageFor(string problem, string? filePath) =>
        $"{filePath ?? "town.json"}: {problem.TrimEnd().TrimEnd('.')}. Fix the file, or point the SDK at the right town folder; "
        + $"for a new town, TownMetadata.CreateNew(...).SaveAsync(townRoot) writes a valid {TownMetadata.RelativePath}, as upstream's gt install does.";
}
