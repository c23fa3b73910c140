using System.Globalization;
using System.Text;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The text of a commit object before it is signed, byte for byte as libgit2's <c>git_commit_create_buffer</c> writes it
/// (no encoding header, the message as given): <c>tree</c>, each <c>parent</c>, <c>author</c>, <c>committer</c>, a blank
/// line, the message.
/// </summary>
/// <remarks>
/// Written here rather than through LibGit2Sharp's <c>Commit.CreateBuffer</c>: that call passes its output buffer as a
/// class, which Native AOT marshals in only, so under AOT the buffer came back empty and signed publishing failed. A
/// test holds this text equal to libgit2's.
/// </remarks>
internal static class UnsignedCommitText
{
    /// <summary>The commit object's text.</summary>
    /// <exception cref="ArgumentException">A name or email is empty, or holds an angle bracket or a line break (git cannot write it).</exception>
    public static string Format(Signature author, Signature committer, string message, ObjectId tree, IReadOnlyList<ObjectId> parents)
    {
        var text = new StringBuilder(256 + message.Length);
        text.Append("tree ").Append(tree.Sha).Append('\n');
        foreach (var parent in parents)
        {
            text.Append("parent ").Append(parent.Sha).Append('\n');
        }

        AppendSignature(text, "author ", author);
        AppendSignature(text, "committer ", committer);
        return text.Append('\n').Append(message).ToString();
    }

    // As libgit2's git_signature_new (trimmed; angle brackets refused) and git_signature__writebuf ("%s <%s> %u %c%02d%02d").
    private static void AppendSignature(StringBuilder text, string header, Signature signature)
    {
        var name = Checked(signature.Name, "name");
        var email = Checked(signature.Email, "email");
        var offset = (int)signature.When.Offset.TotalMinutes;
        var sign = offset < 0 ? '-' : '+';
        offset = Math.Abs(offset);
        text.Append(header).Append(name).Append(" <").Append(email).Append("> ")
            .Append(((uint)signature.When.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(sign).Append((offset / 60).ToString("00", CultureInfo.InvariantCulture)).Append((offset % 60).ToString("00", CultureInfo.InvariantCulture))
            .Append('\n');
    }

    private static string Checked(string value, string what)
    {
        var trimmed = value.Trim(' ', '\t', '\n', '\v', '\f', '\r');
        if (trimmed.Length == 0 || trimmed.AsSpan().IndexOfAny("<>\n\r") >= 0)
        {
            throw new ArgumentException($"A commit's {what} cannot be empty or hold an angle bracket or a line break: '{value}'.", nameof(value));
        }

        return trimmed;
    }
}
