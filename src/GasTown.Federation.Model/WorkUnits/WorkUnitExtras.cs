namespace GasTown.Federation.Model;

/// <summary>The rarely used fields of a <see cref="WorkUnit"/>, shared between copies until one changes.</summary>
internal sealed record WorkUnitExtras
{
    public static WorkUnitExtras Empty { get; } = new();

    public int? EstimatedMinutes { get; init; }

    public string? ExternalRef { get; init; }

    public int CompactionLevel { get; init; }

    public BeadsTimestamp? CompactedAt { get; init; }

    public string? CompactedAtCommit { get; init; }

    public int OriginalSize { get; init; }

    public string? Sender { get; init; }

    public bool Ephemeral { get; init; }

    public bool Pinned { get; init; }

    public bool IsTemplate { get; init; }

    public IReadOnlyList<BondReference> BondedFrom { get; init; } = ReadOnlyArray<BondReference>.Empty;

    public EntityRef? Creator { get; init; }

    public IReadOnlyList<WorkValidation> Validations { get; init; } = ReadOnlyArray<WorkValidation>.Empty;

    public string? AwaitType { get; init; }

    public string? AwaitId { get; init; }

    public long? TimeoutNanoseconds { get; init; }

    public IReadOnlyList<string> Waiters { get; init; } = ReadOnlyArray<string>.Empty;

    public string? SourceFormula { get; init; }

    public string? SourceLocation { get; init; }

    public string? HookBead { get; init; }

    public string? RoleBead { get; init; }

    public string? AgentState { get; init; }

    public BeadsTimestamp? LastActivity { get; init; }

    public string? RoleType { get; init; }

    public string? Rig { get; init; }

    public string? MolType { get; init; }

    public string? EventKind { get; init; }

    public string? Actor { get; init; }

    public string? Target { get; init; }

    public string? Payload { get; init; }
}
