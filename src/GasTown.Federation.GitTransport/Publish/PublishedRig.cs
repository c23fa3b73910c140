namespace GasTown.Federation.GitTransport;

/// <summary>
/// One rig the owner made public, as remembered in the federation repository's git config:
/// <c>gtPublish.&lt;identity&gt;.prefix</c> (one per route of the rig when it was named) and
/// <c>gtPublish.&lt;identity&gt;.rig</c> (its name then, for messages and for withdrawing a rig whose folder is gone).
/// </summary>
/// <param name="Identity">The rig's publication identity: the id in its <see cref="RigIdentity.FileName"/> marker.</param>
/// <param name="Name">The rig's name when it was last published.</param>
/// <param name="Prefixes">The route prefixes that were public.</param>
internal sealed record PublishedRig(string Identity, string Name, IReadOnlyList<string> Prefixes);
