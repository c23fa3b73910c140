using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Lines of a chain's event log as an <see cref="IQueryIndex"/> holds them, for an audit.</summary>
/// <param name="Signed">Whether any line of the whole log carries a signature (<c>gt_sig</c>): the log is then judged line by line.</param>
/// <param name="Lines">The lines asked for, in file order, each its bytes without the line ending (LF, and a CR before it).</param>
public sealed record QueryIndexEventLines(bool Signed, IReadOnlyList<ReadOnlyMemory<byte>> Lines)
{
    /// <summary>
    /// How many complete lines of the whole log are no events (an unterminated last line is a writer still appending, not
    /// one): the audit counts them among the chain's dropped lines, as reading the loaded chain's log would. 0 by default.
    /// </summary>
    public int DroppedLines { get; init; }

    /// <summary>
    /// What a one-pass read of the whole log says of the first of <see cref="DroppedLines"/> (its
    /// <c>EventLogDiagnostic.ToString()</c>: line number, byte offset, what was wrong), or null when not known.
    /// </summary>
    public string? FirstDroppedLine { get; init; }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
