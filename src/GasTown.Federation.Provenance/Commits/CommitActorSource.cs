namespace GasTown.Federation.Provenance;

/// <summary>Where a commit's <see cref="CommitRecord.Actor"/> was read from, strongest evidence first.</summary>
public enum CommitActorSource
{
    /// <summary>The <c>Executed-By:</c> trailer (beads' prepare-commit-msg hook, bd-luso; this SDK's commits).</summary>
    ExecutedByTrailer = 0,

    /// <summary>
    /// An agent email, <c>&lt;path with / as .&gt;@gastown.local</c>, as <c>gt commit</c> sets it (gastown 60da5de10),
    /// on the author or, failing that, the committer.
    /// </summary>
    AgentEmail = 1,

    /// <summary>
    /// The committer name, when it is an agent path whose last segment is the author name: gastown exports only
    /// <c>GIT_AUTHOR_NAME</c> (the bare name) while <c>gt commit</c>'s <c>user.name</c> (the path) becomes the
    /// committer (gastown #4198).
    /// </summary>
    CommitterName = 2,

    /// <summary>The author name (no stronger evidence).</summary>
    AuthorName = 3,
}
