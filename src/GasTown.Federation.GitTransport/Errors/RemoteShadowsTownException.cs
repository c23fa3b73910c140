using GasTown.Federation;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when a remote would be registered for the town's own chain. Queries answer for the town's own chain
/// from the town itself; a remote serving the same chain would let someone else's copy (possibly hostile) answer
/// in its place. To send the town's published branch elsewhere, add a push target
/// (<see cref="RemoteRegistry.AddPushTarget"/>) and publish with <see cref="PublishOptions.PushRemote"/>.
/// </summary>
public sealed class RemoteShadowsTownException : GitTransportException
{
    /// <summary>Creates the exception for a remote name and the town's own chain.</summary>
    /// <param name="remoteName">The remote that was to be registered.</param>
    /// <param name="chain">The town's own chain, which the remote named.</param>
    public RemoteShadowsTownException(string remoteName, GtUri chain)
        : base($"Remote '{remoteName}' would serve {chain}, which is this town's own chain: queries for it must read the town itself, never a copy fetched from elsewhere. Nothing was registered. To send this town's published branch to another repository, add it as a push target (RemoteRegistry.AddPushTarget) and publish with PublishOptions.PushRemote.")
    {
        RemoteName = remoteName;
        Chain = chain;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public RemoteShadowsTownException()
        : base("A remote cannot be registered for the town's own chain.")
    {
        RemoteName = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public RemoteShadowsTownException(string message)
        : base(message)
    {
        RemoteName = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RemoteShadowsTownException(string message, Exception? innerException)
        : base(message, innerException)
    {
        RemoteName = string.Empty;
    }

    /// <summary>The remote that was to be registered.</summary>
    public string RemoteName { get; }

    /// <summary>The town's own chain.</summary>
    public GtUri Chain { get; }
}
