namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when an operation names a remote that is not registered in the town's federation
/// repository. List the remotes (<see cref="RemoteRegistry.List"/>) or register it first.
/// </summary>
public sealed class RemoteNotFoundException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RemoteNotFoundException()
        : base(FederationErrorKind.NotFound, "The remote is not registered.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which remote and what to do.</param>
    public RemoteNotFoundException(string message)
        : base(FederationErrorKind.NotFound, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">Which remote and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RemoteNotFoundException(string message, Exception? innerException)
        : base(FederationErrorKind.NotFound, message, innerException)
    {
    }

    /// <summary>Creates the exception for an unknown remote name.</summary>
    /// <param name="remoteName">The name that is not registered.</param>
    /// <param name="repositoryPath">The federation repository that was searched.</param>
    public RemoteNotFoundException(string remoteName, string repositoryPath)
        : this(remoteName, repositoryPath, caseVariant: null)
    {
    }

    /// <summary>Creates the exception for an unknown remote name that differs only in case from a registered one.</summary>
    /// <param name="remoteName">The name that is not registered.</param>
    /// <param name="repositoryPath">The federation repository that was searched.</param>
    /// <param name="caseVariant">
    /// The registered name equal to <paramref name="remoteName"/> but for case (remote names are case-sensitive, as git's
    /// are, and no two differ only in case), or null for none.
    /// </param>
    public RemoteNotFoundException(string remoteName, string repositoryPath, string? caseVariant)
        : base(FederationErrorKind.NotFound, caseVariant is null
            ? $"No remote named '{remoteName}' is registered in {repositoryPath}. Register it first (RemoteRegistry.Add), or check the name against the registered remotes (RemoteRegistry.List)."
            : $"No remote named '{remoteName}' is registered in {repositoryPath}; remote names are case-sensitive, and '{caseVariant}' is registered. Use that name.")
    {
        RemoteName = remoteName;
        CaseVariant = caseVariant;
    }

    /// <summary>The remote name that is not registered.</summary>
    public string? RemoteName { get; private init; }

    /// <summary>The registered remote whose name differs from <see cref="RemoteName"/> only in case, if any.</summary>
    public string? CaseVariant { get; private init; }

    /// <summary>
    /// The error for a name no remote has, naming the registered one that differs only in case: the registry refuses
    /// such twins (their tracking refs would share a folder on a case-insensitive file system), so there is at most one.
    /// </summary>
    internal static RemoteNotFoundException For(string name, string repositoryPath, IEnumerable<string> registered) =>
        new(name, repositoryPath, registered.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The error for a push target (<see cref="PublishOptions.PushRemote"/>) no remote has, found before anything is
    /// committed: the way on is registering a push target, not a chain remote.
    /// </summary>
    internal static RemoteNotFoundException ForPushTarget(string name, string repositoryPath, IEnumerable<string> registered)
    {
        var twin = registered.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        var message = twin is null
            ? $"No remote named '{name}' is registered in {repositoryPath} to push to; nothing was published. Register the repository others fetch this town from as a push target (RemoteRegistry.AddPushTarget), then publish again."
            : $"No remote named '{name}' is registered in {repositoryPath} to push to; remote names are case-sensitive, and '{twin}' is registered. Nothing was published. Use that name.";
        return new RemoteNotFoundException(message) { RemoteName = name, CaseVariant = twin };
    }
}
