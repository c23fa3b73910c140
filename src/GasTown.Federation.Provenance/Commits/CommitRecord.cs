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

    /// <summary>The value of the <c>Executed-By:</c> trailer, or <see langword="null"/>.</summary>
    public string? ExecutedBy => CommitTrailers.GetValue(Trailers, ProvenanceTrailerKeys.ExecutedBy);

    /// <summary>Who acted: the <c>Executed-By:</c> trailer when present, else the author name.</summary>
    public string Actor => ExecutedBy ?? AuthorName;

    /// <summary><see cref="Actor"/> parsed, or <see langword="null"/> when it is not a valid actor path.</summary>
    public ActorId? ActorId => Provenance.ActorId.TryParse(Actor, out var actor) ? actor : null;

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
}
