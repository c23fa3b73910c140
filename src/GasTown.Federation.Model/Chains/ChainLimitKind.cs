namespace GasTown.Federation.Model;

/// <summary>Which of the <see cref="ChainLimits"/> a chain broke.</summary>
public enum ChainLimitKind
{
    /// <summary>A file is larger than <see cref="ChainLimits.MaxBlobBytes"/>.</summary>
    BlobSize = 1,

    /// <summary>The issues files hold more lines than <see cref="ChainLimits.MaxWorkUnits"/>.</summary>
    WorkUnits = 2,

    /// <summary>The relationships file holds more lines than <see cref="ChainLimits.MaxRelationships"/>.</summary>
    Relationships = 3,

    /// <summary>The issues files hold more dependency edges than <see cref="ChainLimits.MaxDependencies"/>.</summary>
    Dependencies = 4,

    /// <summary>The routes file names more rigs (holds more lines) than <see cref="ChainLimits.MaxRigs"/>.</summary>
    Rigs = 5,

    /// <summary>The issues files together are larger than <see cref="ChainLimits.MaxIssuesBytes"/>.</summary>
    IssuesBytes = 6,
}
