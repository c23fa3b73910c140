using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>One git commit as provenance sees it: who authored it, when, and what its trailers say.</summary>
/// <param name="Sha">The full commit id (40 or 64 hex characters).</param>
/// <param name="AuthorName">The author name; upstream agents write their path (<c>beads/refinery</c>) or bare name (<c>emma</c>).</param>
/// <param name="AuthorEmail">The author email; the owner's email for agent commits.</param>
/// <param name="When">The author date, with the author's offset.</param>
/// <param name="Message">The full message, trailers included.</param>
/// <param name="Trailers">The message's trailers (see <see cref="CommitTrailers.Parse(string)"/>).</param>
public sealed record CommitRecord(
    string Sha,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset When,
    string Message,
    IReadOnlyList<CommitTrailer> Trailers)
{
    /// <summary>The committer name, when the source knows it (upstream's split author/committer, gastown #4198).</summary>
    public string? CommitterName { get; init; }

    /// <summary>The committer email, when the source knows it.</summary>
    public string? CommitterEmail { get; init; }

    /// <summary>
    /// The author date as the commit writes it (Unix seconds and offset, <c>999999999999999 +0000</c>) when it lies
    /// outside what a <see cref="DateTimeOffset"/> holds (before the year 1 or after 9999), which git writes when told
    /// to; <see langword="null"/> for every other commit. <see cref="When"/> is then the nearest instant one holds
    /// (<see cref="DateTimeOffset.MinValue"/> or <see cref="DateTimeOffset.MaxValue"/>), so that an order or a
    /// <c>since</c> still puts the commit on the right side; a reader that places commits in time leaves such a commit
    /// out and says so rather than show it at a date it does not have.
    /// </summary>
    public string? OutOfRangeDate { get; init; }

    /// <summary>The value of the <c>Executed-By:</c> trailer, or <see langword="null"/>.</summary>
    public string? ExecutedBy => CommitTrailers.GetValue(Trailers, ProvenanceTrailerKeys.ExecutedBy);

    /// <summary>The value of the <c>Rig:</c> trailer (beads' hook writes it with <c>Executed-By:</c>), or <see langword="null"/>.</summary>
    public string? Rig => CommitTrailers.GetValue(Trailers, ProvenanceTrailerKeys.Rig);

    /// <summary>The value of the <c>Role:</c> trailer, or <see langword="null"/>.</summary>
    public string? Role => CommitTrailers.GetValue(Trailers, ProvenanceTrailerKeys.Role);

    /// <summary>The value of the <c>Molecule:</c> trailer, or <see langword="null"/>.</summary>
    public string? Molecule => CommitTrailers.GetValue(Trailers, ProvenanceTrailerKeys.Molecule);

    /// <summary>
    /// Who acted, from the strongest evidence the commit carries (see <see cref="ActorSource"/>): the
    /// <c>Executed-By:</c> trailer; else an agent email (<c>gastown.crew.jack@gastown.local</c>) of the author, then
    /// of the committer; else the committer name when it is the agent path of a bare author name (gastown #4198);
    /// else the author name.
    /// </summary>
    public string Actor => Resolve().Actor;

    /// <summary>Where <see cref="Actor"/> was read from.</summary>
    public CommitActorSource ActorSource => Resolve().Source;

    /// <summary><see cref="Actor"/> parsed, or <see langword="null"/> when it is not a valid actor path.</summary>
    public ActorId? ActorId => Provenance.ActorId.TryParse(Actor, out var actor) ? actor : null;

    private (string Actor, CommitActorSource Source) Resolve()
    {
        if (!string.IsNullOrWhiteSpace(ExecutedBy))
        {
            return (ExecutedBy, CommitActorSource.ExecutedByTrailer);
        }

        if (AgentEmail.TryGetActor(AuthorEmail, out var byAuthor) || AgentEmail.TryGetActor(CommitterEmail, out byAuthor))
        {
            return (byAuthor.Value.Path, CommitActorSource.AgentEmail);
        }

        // The split of gastown #4198: author "gtmain" (GIT_AUTHOR_NAME, the bare name), committer "gastown/crew/gtmain".
        if (CommitterName is { } committer && committer.Contains('/', StringComparison.Ordinal) &&
            Provenance.ActorId.TryParse(committer, out var agent) &&
            string.Equals(committer[(committer.LastIndexOf('/') + 1)..], AuthorName, StringComparison.Ordinal))
        {
            return (agent.Path, CommitActorSource.CommitterName);
        }

        return (AuthorName, CommitActorSource.AuthorName);
    }

    /// <summary>The first line of the message.</summary>
    public string Subject
    {
        get
        {
            var newline = Message.IndexOf('\n', StringComparison.Ordinal);
            return (newline < 0 ? Message : Message[..newline]).TrimEnd('\r');
        }
    }

    /// <summary>Builds a record, reading the trailers from <paramref name="message"/>.</summary>
    public static CommitRecord FromMessage(string sha, string authorName, string authorEmail, DateTimeOffset when, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new CommitRecord(sha, authorName, authorEmail, when, message, CommitTrailers.Parse(message));
    }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
