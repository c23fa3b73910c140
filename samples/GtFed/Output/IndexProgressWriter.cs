using GasTown.Federation.Index;

namespace GtFed;

/// <summary>
/// Shows <c>gtfed index</c>'s progress on standard error, on the indexing thread and in order (<see cref="Progress{T}"/>
/// would post to the thread pool and print after the answer). On a terminal, one line rewritten in place; redirected
/// (a log, a CI job), whole lines: each file as it ends, and in between at most one line every few seconds, so a log
/// holds neither carriage returns nor a line per report of a ten-million-line file. The chain's path is someone
/// else's text and is cleaned for the terminal.
/// </summary>
internal sealed class IndexProgressWriter(TextWriter error, bool live, TimeProvider? time = null) : IProgress<IndexProgress>
{
    /// <summary>How often a redirected run writes a line while one file is indexed.</summary>
    public static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _lastLine = long.MinValue;

    /// <summary>Whether anything was written without its line ended (a live line): the caller ends it before its answer.</summary>
    public bool LineOpen { get; private set; }

    public void Report(IndexProgress value)
    {
        var percent = value.BytesTotal == 0 ? 100 : value.BytesDone * 100 / value.BytesTotal;
        var text = FormattableString.Invariant($"indexing {value.Chain} {TerminalText.Clean(value.Path)}: {value.Lines} lines, {percent}%");
        if (live)
        {
            error.Write("\r" + text + "   ");
            LineOpen = true;
            return;
        }

        var now = _time.GetTimestamp();
        if (value.BytesDone >= value.BytesTotal || _lastLine == long.MinValue || _time.GetElapsedTime(_lastLine, now) >= RedirectedInterval)
        {
            error.WriteLine(text);
            _lastLine = now;
        }
    }
}
