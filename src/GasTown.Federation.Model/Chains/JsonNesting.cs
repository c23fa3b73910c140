namespace GasTown.Federation.Model;

/// <summary>
/// How deep a line of JSON nests, found by counting brackets outside strings: it tells a line dropped for being
/// nested too deep from one that is merely malformed, without parsing it (the reader already refused it).
/// </summary>
internal static class JsonNesting
{
    /// <summary>Whether <paramref name="line"/> opens more than <paramref name="maxDepth"/> objects or arrays at once.</summary>
    public static bool Exceeds(ReadOnlySpan<byte> line, int maxDepth)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    if (++depth > maxDepth)
                    {
                        return true;
                    }

                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    break;
            }
        }

        return false;
    }
}
