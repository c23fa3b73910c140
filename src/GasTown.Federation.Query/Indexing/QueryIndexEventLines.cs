namespace GasTown.Federation.Query;

/// <summary>Lines of a chain's event log as an <see cref="IQueryIndex"/> holds them, for an audit.</summary>
/// <param name="Signed">Whether any line of the whole log carries a signature (<c>gt_sig</c>): the log is then judged line by line.</param>
/// <param name="Lines">The lines asked for, in file order, each its bytes without the line ending (LF, and a CR before it).</param>
public sealed record QueryIndexEventLines(bool Signed, IReadOnlyList<ReadOnlyMemory<byte>> Lines);
