namespace GasTown.Federation.GitTransport;

/// <summary>The rule a <see cref="FetchPolicy"/> follows.</summary>
public enum FetchPolicyKind
{
    /// <summary>Never fetch.</summary>
    Never = 0,

    /// <summary>Fetch only when nothing was fetched yet.</summary>
    IfMissing = 1,

    /// <summary>Fetch when nothing was fetched yet or the last fetch is older than <see cref="FetchPolicy.MaxAge"/>.</summary>
    IfOlderThan = 2,
}
