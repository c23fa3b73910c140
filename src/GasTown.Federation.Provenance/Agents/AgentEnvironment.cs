using System.Collections.ObjectModel;
using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>
/// The environment variables a host sets when it spawns an agent in a town, so that the agent's beads operations,
/// events and git commits are attributed to it and owned by the town's owner.
/// </summary>
/// <remarks>
/// <para>Follows upstream's <c>config.AgentEnv</c> (gastown) for the identity variables:</para>
/// <list type="bullet">
/// <item><c>GT_ROLE</c>: <c>mayor</c>, <c>deacon</c>, <c>deacon/boot</c>, <c>dog</c>, or the full path for rig agents
/// (<c>gastown/witness</c>, <c>gastown/crew/joe</c>, <c>gastown/polecats/rictus</c>).</item>
/// <item><c>GT_RIG</c> for rig agents; <c>GT_CREW</c>, <c>GT_POLECAT</c>, <c>GT_DOG_NAME</c> with the agent's name.</item>
/// <item><c>BD_ACTOR</c> = the canonical actor path, and <c>BEADS_ACTOR</c> the same (beads reads it first since
/// v0.62; setting both means every bd version attributes the same actor).</item>
/// <item><c>BEADS_AGENT_NAME</c> = <c>&lt;rig&gt;/&lt;name&gt;</c> for crew and polecats.</item>
/// <item><c>GT_ROOT</c> and <c>GIT_CEILING_DIRECTORIES</c> = the town root.</item>
/// </list>
/// <para>
/// Git identity is where this SDK deliberately differs. Upstream sets only <c>GIT_AUTHOR_NAME</c>, and for crew and
/// polecats only the bare name (<c>joe</c>), so the committer and the email come from <c>git config</c>: author and
/// committer disagree (gastown #4198) and <c>joe</c> of one rig cannot be told from <c>joe</c> of another. Here
/// <c>GIT_AUTHOR_NAME</c> = <c>GIT_COMMITTER_NAME</c> = the full canonical actor path and <c>GIT_AUTHOR_EMAIL</c> =
/// <c>GIT_COMMITTER_EMAIL</c> = the owner's email: the agent acts, the owner owns, and both fields of every commit say
/// the same thing.
/// </para>
/// <para>
/// Host-specific variables (Dolt ports, OpenTelemetry, Claude settings, cloud credentials) are out of scope.
/// An opaque or bare-name actor gets only the actor, git and town variables.
/// </para>
/// </remarks>
public sealed class AgentEnvironment
{
    private static readonly string[] IdentityNames =
    [
        "GT_ROLE", "GT_RIG", "GT_CREW", "GT_POLECAT", "GT_DOG_NAME", "GT_SESSION", "GT_AGENT",
        "BD_ACTOR", "BEADS_ACTOR", "BEADS_AGENT_NAME",
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
    ];

    private AgentEnvironment(ActorId agent, string townRoot, string ownerEmail, IReadOnlyDictionary<string, string> variables)
    {
        Agent = agent;
        TownRoot = townRoot;
        OwnerEmail = ownerEmail;
        Variables = variables;
    }

    /// <summary>
    /// Identity variables a spawned agent must not inherit from its host (upstream's <c>IdentityEnvVars</c>, plus
    /// <c>BEADS_ACTOR</c> and the committer and email variables): <see cref="ApplyTo"/> removes them before setting
    /// <see cref="Variables"/>.
    /// </summary>
    public static IReadOnlyList<string> IdentityVariableNames { get; } = Array.AsReadOnly(IdentityNames);

    /// <summary>The agent.</summary>
    public ActorId Agent { get; }

    /// <summary>The town root, as a full path.</summary>
    public string TownRoot { get; }

    /// <summary>The owner's email.</summary>
    public string OwnerEmail { get; }

    /// <summary>The variables to set, sorted by name (ordinal).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>Computes the environment for an agent of a town.</summary>
    /// <param name="agent">The agent, for example <c>ActorId.Crew("gastown", "joe")</c>.</param>
    /// <param name="townRoot">The town's root folder.</param>
    /// <param name="ownerEmail">The owner's email (the town's <c>owner</c>).</param>
    /// <exception cref="ArgumentException">The agent is default, or the root or email is empty or multi-line.</exception>
    public static AgentEnvironment For(ActorId agent, string townRoot, string ownerEmail)
    {
        if (agent.IsDefault)
        {
            throw new ArgumentException("The agent is default(ActorId); parse or build a real actor.", nameof(agent));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerEmail);
        if (ownerEmail.Any(c => char.IsControl(c) || c is '<' or '>'))
        {
            throw new ArgumentException($"'{MessageText.Printable(ownerEmail, MessageText.MaxCallerText)}' cannot be a git email: it holds a control character or '<'/'>'.", nameof(ownerEmail));
        }

        var root = Path.GetFullPath(townRoot);
        var owner = ownerEmail.Trim();
        var path = agent.CanonicalPath;
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["BD_ACTOR"] = path,
            ["BEADS_ACTOR"] = path,
            ["GIT_AUTHOR_NAME"] = path,
            ["GIT_COMMITTER_NAME"] = path,
            ["GIT_AUTHOR_EMAIL"] = owner,
            ["GIT_COMMITTER_EMAIL"] = owner,
            ["GT_ROOT"] = root,
            ["GIT_CEILING_DIRECTORIES"] = root,
        };

        switch (agent.Role)
        {
            case ActorRole.Mayor:
            case ActorRole.Deacon:
                variables["GT_ROLE"] = path;
                break;
            case ActorRole.Boot:
                variables["GT_ROLE"] = "deacon/boot";
                break;
            case ActorRole.Dog:
                variables["GT_ROLE"] = "dog";
                variables["GT_DOG_NAME"] = agent.Name!;
                break;
            case ActorRole.Witness:
            case ActorRole.Refinery:
                variables["GT_ROLE"] = path;
                variables["GT_RIG"] = agent.Rig!;
                break;
            case ActorRole.Crew:
                variables["GT_ROLE"] = path;
                variables["GT_RIG"] = agent.Rig!;
                variables["GT_CREW"] = agent.Name!;
                variables["BEADS_AGENT_NAME"] = $"{agent.Rig}/{agent.Name}";
                break;
            case ActorRole.Polecat:
                variables["GT_ROLE"] = path;
                variables["GT_RIG"] = agent.Rig!;
                variables["GT_POLECAT"] = agent.Name!;
                variables["BEADS_AGENT_NAME"] = $"{agent.Rig}/{agent.Name}";
                break;
        }

        return new AgentEnvironment(agent, root, owner, new ReadOnlyDictionary<string, string>(variables));
    }

    /// <summary>
    /// Sets the variables into an environment block such as <see cref="System.Diagnostics.ProcessStartInfo.Environment"/>,
    /// after removing every inherited identity variable (<see cref="IdentityVariableNames"/>) so that none leaks from the host.
    /// </summary>
    public void ApplyTo(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in IdentityNames)
        {
            environment.Remove(name);
        }

        foreach (var (name, value) in Variables)
        {
            environment[name] = value;
        }
    }
}
