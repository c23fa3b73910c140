namespace GasTown.Federation.Model.Internal;

/// <summary>
/// What a query says of a remote name no remote has, the same from loaded chains (Query) and from the index: the names
/// that are registered and, for a name that differs from one of them only in case, that one. Remote names are
/// case-sensitive, as git's are, and registering a case twin is refused, so "register it first" would mislead there.
/// The name is the caller's (any text), so it is quoted safely; the registered names passed the registry's checks.
/// </summary>
internal static class RemoteNameMessage
{
    public static string NotRegistered(string name, IReadOnlyCollection<string> registered)
    {
        if (registered.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } twin)
        {
            return $"No remote named {MessageText.Quote(name)} is registered; remote names are case-sensitive, and '{twin}' is registered. Use that name.";
        }

        var names = string.Join(", ", registered);
        return $"No remote named {MessageText.Quote(name)} is registered (known: {(names.Length > 0 ? names : "none")}). Register it as a remote first.";
    }
}
