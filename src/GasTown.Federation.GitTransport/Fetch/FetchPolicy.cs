namespace GasTown.Federation.GitTransport;

/// <summary>
/// When <see cref="GitChainProvider"/> fetches a remote chain before answering: never (offline,
/// answer from the last fetch), only when it was never fetched, or when the last fetch is older
/// than a time to live.
/// </summary>
public sealed class FetchPolicy : IEquatable<FetchPolicy>
{
    private FetchPolicy(FetchPolicyKind kind, TimeSpan maxAge)
    {
        Kind = kind;
        MaxAge = maxAge;
    }

    /// <summary>Never fetch; answer from whatever was fetched before (or say the chain was never fetched).</summary>
    public static FetchPolicy Never { get; } = new(FetchPolicyKind.Never, TimeSpan.Zero);

    /// <summary>Fetch only a chain that was never fetched.</summary>
    public static FetchPolicy IfMissing { get; } = new(FetchPolicyKind.IfMissing, TimeSpan.Zero);

    /// <summary>Which rule this policy follows.</summary>
    public FetchPolicyKind Kind { get; }

    /// <summary>For <see cref="FetchPolicyKind.IfOlderThan"/>, the age after which data is fetched again.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>Fetch when the chain was never fetched or its last fetch is older than <paramref name="maxAge"/>.</summary>
    /// <param name="maxAge">The time to live of fetched data; must be positive.</param>
    /// <returns>The policy.</returns>
    public static FetchPolicy IfOlderThan(TimeSpan maxAge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        return new FetchPolicy(FetchPolicyKind.IfOlderThan, maxAge);
    }

    /// <summary>Whether a chain last fetched at <paramref name="lastFetchedAt"/> (null: never) must be fetched at <paramref name="now"/>.</summary>
    /// <param name="lastFetchedAt">When the chain was last fetched, or <see langword="null"/>.</param>
    /// <param name="hasData">Whether fetched data exists locally.</param>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when a fetch is due.</returns>
    public bool ShouldFetch(DateTimeOffset? lastFetchedAt, bool hasData, DateTimeOffset now) => Kind switch
    {
        FetchPolicyKind.Never => false,
        FetchPolicyKind.IfMissing => !hasData,
        _ => !hasData || lastFetchedAt is null || now - lastFetchedAt.Value > MaxAge,
    };

    /// <inheritdoc />
    public bool Equals(FetchPolicy? other) => other is not null && other.Kind == Kind && other.MaxAge == MaxAge;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FetchPolicy);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, MaxAge);

    /// <inheritdoc />
    public override string ToString() => Kind == FetchPolicyKind.IfOlderThan ? $"IfOlderThan({MaxAge})" : Kind.ToString();
}
