namespace GasTown.Federation.Provenance;

/// <summary>Options of the provenance services: who acts, who owns, and how the event log is written and read.</summary>
public sealed class ProvenanceOptions
{
    /// <summary>
    /// The actor for every operation (a CLI's <c>--actor</c>), overriding <c>BEADS_ACTOR</c>, <c>BD_ACTOR</c>,
    /// <c>git config user.name</c> and <c>USER</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (read the environment).</value>
    public string? Actor { get; set; }

    /// <summary>The owner's email, overriding <c>GIT_AUTHOR_EMAIL</c> and <see cref="TownOwner"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Owner { get; set; }

    /// <summary>The town's owner from <c>mayor/town.json</c>, used when neither <see cref="Owner"/> nor <c>GIT_AUTHOR_EMAIL</c> is set.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? TownOwner { get; set; }

    /// <summary>
    /// The folder whose git configuration supplies the <c>git config user.name</c> and <c>user.email</c> fallbacks (a
    /// town that is a git repository may set its own). With the Model's builder this defaults to the town root.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (the process's current directory).</value>
    public string? GitConfigDirectory { get; set; }

    /// <summary>The <c>source</c> written into each event.</summary>
    /// <value>The default value is <c>"gt"</c>, what upstream's <c>gt</c> writes.</value>
    public string EventSource { get; set; } = "gt";

    /// <summary>
    /// How long an append waits for the cross-process lock on <c>.events.jsonl.lock</c> before it throws
    /// <see cref="EventLogLockTimeoutException"/>. <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
