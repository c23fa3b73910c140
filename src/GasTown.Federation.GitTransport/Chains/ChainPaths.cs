using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The rule for paths read from a chain's git tree: relative, forward slashes, no <c>..</c>, no
/// <c>.git</c> component, no control characters (empty and <c>.</c> components are dropped, as
/// Model's folder source does). Routes come from other people's files, so this is checked before
/// every read.
/// </summary>
internal static class ChainPaths
{
    /// <summary>Returns <see langword="null"/> when <paramref name="path"/> is safe, else why it is not.</summary>
    public static string? Check(string path)
    {
        if (path.Length == 0)
        {
            return "it is empty";
        }

        if (path[0] == '/' || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return "it is absolute";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "it contains a backslash; chain paths use '/' only";
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }
        }

        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                return "it climbs out of the chain with '..'";
            }

            if (string.Equals(part, ".git", StringComparison.OrdinalIgnoreCase))
            {
                return "it names a '.git' folder";
            }
        }

        return null;
    }

    /// <summary>The components of a checked path, without empty and <c>.</c> components.</summary>
    public static string[] Components(string path)
        => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".").ToArray();
}
