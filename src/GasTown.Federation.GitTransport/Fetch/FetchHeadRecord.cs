namespace GasTown.Federation.GitTransport;

/// <summary>
/// What a fetch's <c>FETCH_HEAD</c> says it found on the remote: libgit2 rewrites the file on every fetch, listing each
/// ref a refspec matched, moved or not (and nothing when none matched), so a fetch that moved nothing still says whether
/// the remote had its branch, without a second connection to list the remote's refs.
/// </summary>
/// <remarks>
/// <c>FETCH_HEAD</c> is one file every fetch into the repository shares (another remote's, another process's): a fetch
/// of another remote in between leaves no line for this one, and the question goes to the remote's own list of refs.
/// Only a line as this remote's fetch writes it counts; a line for it written by another fetch of the same remote in
/// between saw the branch there during this fetch, which is the same answer.
/// </remarks>
internal static class FetchHeadRecord
{
    /// <summary>Whether <c>FETCH_HEAD</c> lists one of <paramref name="sources"/> fetched from <paramref name="url"/>.</summary>
    /// <remarks>
    /// Each line is <c>OID TAB [not-for-merge] TAB branch 'NAME' of URL</c> (<c>tag 'NAME'</c> under <c>refs/tags/</c>, the
    /// whole ref name in quotes elsewhere), as git and libgit2 both write it.
    /// </remarks>
    public static bool Lists(string gitDirectory, string url, IEnumerable<string> sources)
    {
        var wanted = sources.Select(source => Describe(source) + " of " + url).ToHashSet(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(gitDirectory, "FETCH_HEAD")))
            {
                var fields = line.Split('\t', 3);
                if (fields.Length == 3 && wanted.Contains(fields[2]))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable: no evidence either way.
        }

        return false;
    }

    private static string Describe(string refName)
        => refName.StartsWith("refs/heads/", StringComparison.Ordinal) ? $"branch '{refName["refs/heads/".Length..]}'"
            : refName.StartsWith("refs/tags/", StringComparison.Ordinal) ? $"tag '{refName["refs/tags/".Length..]}'"
            : $"'{refName}'";
}
