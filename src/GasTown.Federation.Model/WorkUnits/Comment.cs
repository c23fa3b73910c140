using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// A comment on a work unit, written as <c>{"id","issue_id","author","text","created_at"}</c>.
/// </summary>
/// <param name="Id">The comment id: a number at the design date, a string at upstream HEAD.</param>
/// <param name="IssueId">The work unit the comment belongs to.</param>
/// <param name="Author">Who wrote it (<c>--author</c>, else BD_ACTOR, else $USER upstream).</param>
/// <param name="Text">The comment text.</param>
/// <param name="CreatedAt">When it was written (UTC, whole seconds, in real data).</param>
public sealed record Comment(CommentId Id, string IssueId, string Author, string Text, BeadsTimestamp CreatedAt)
{
    private readonly IReadOnlyList<UnknownJsonField> _unknownFields = ReadOnlyArray<UnknownJsonField>.Empty;

    /// <summary>Properties of the comment object this SDK does not model, in file order; written after the known ones.</summary>
    public IReadOnlyList<UnknownJsonField> UnknownFields
    {
        get => _unknownFields;
        init => _unknownFields = ReadOnlyLists.Copy(value);
    }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
