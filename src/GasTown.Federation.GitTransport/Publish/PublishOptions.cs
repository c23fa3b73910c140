namespace GasTown.Federation.GitTransport;

/// <summary>What <see cref="TownPublisher.PublishAsync"/> publishes, as whom, and where it pushes.</summary>
/// <remarks>
/// Publication is default-deny and sticky: a rig is published only once the owner has named it,
/// and then on every later publish too, until it is withdrawn (<see cref="TownPublisher.WithdrawAsync"/>).
/// A rig is remembered by an identity that moves with its folder (a marker file, <c>&lt;rig&gt;/.gtfed-publish</c>)
/// together with its route prefix, kept in the federation repository's git config (<c>gtPublish.&lt;id&gt;.*</c>):
/// renaming a public rig keeps it public; deleting it and creating another of the same name does not.
/// Git cannot take back a pushed object, so nothing else leaves.
/// </remarks>
public sealed class PublishOptions
{
    /// <summary>Rigs (by name, the first component of their route path) to make public now, in addition to those published before.</summary>
    /// <value>The default value is empty: only the rigs already public are published.</value>
    public IReadOnlyList<string> Rigs { get; init; } = [];

    /// <summary>Also publish the town-level beads (<c>.beads/issues.jsonl</c>, hq-*); like rigs, this stays on once set.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeTownBeads { get; init; }

    /// <summary>Also publish the events of <c>.events.jsonl</c> whose visibility is <c>feed</c> or <c>both</c> (audit-only events never leave); stays on once set.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeFeedEvents { get; init; }

    /// <summary>A git remote of the federation repository to push the published branch to, or <see langword="null"/> for no push.</summary>
    public string? PushRemote { get; init; }

    /// <summary>The agent publishing (a BD_ACTOR path, e.g. <c>gastown/crew/max</c>): the commit's author name and <c>Executed-By:</c> trailer.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: the actor Provenance resolves (<c>BEADS_ACTOR</c>, else <c>BD_ACTOR</c>,
    /// else <c>git config user.name</c>, else <c>USER</c>), else <c>mayor</c>.
    /// </value>
    public string? Actor { get; init; }

    /// <summary>How long to wait for another publish of the same town (in this or another process) to finish.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The email the commit's author and committer carry: public, with the branch, to everyone who fetches it.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: the owner Provenance resolves, <c>GIT_AUTHOR_EMAIL</c>, else
    /// <c>git config user.email</c> (the person publishing, as git would put it on any commit of theirs), else the town's
    /// <c>owner</c> from town.json. An organisation whose published commits should not carry a member's own address sets
    /// this (or <c>GIT_AUTHOR_EMAIL</c>) to a shared one.
    /// </value>
    public string? Owner { get; init; }
}
