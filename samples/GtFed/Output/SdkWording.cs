using System.Text.RegularExpressions;

namespace GtFed;

/// <summary>
/// The SDK's messages are written for a developer: they name the SDK call that failed ("(ChainFetcher.FetchAsync)")
/// and the option that changes it ("Raise QueryOptions.MaxDepth"). A person at a terminal can act on neither, so
/// gtfed drops those parts before printing and gives its own advice (a flag or a command) beside the message.
/// </summary>
internal static partial class SdkWording
{
    /// <summary>
    /// The message without SDK call names in parentheses and without sentences that tell the reader to set an SDK option;
    /// a call gtfed has a command for is said as that command instead.
    /// </summary>
    public static string ForPerson(string message)
    {
        var withoutCalls = SdkCall().Replace(AsCommands(message), "");
        if (!SdkOption().IsMatch(withoutCalls))
        {
            return withoutCalls;
        }

        var sentences = SentenceEnd().Split(withoutCalls).Where(s => !SdkOption().IsMatch(s)).ToList();
        var kept = string.Join(" ", sentences).Trim();
        return kept.Length == 0 ? withoutCalls : kept.EndsWith('.') ? kept : kept + ".";
    }

    /// <summary>
    /// The SDK calls a person runs as a gtfed command: accepting a changed key (KEY CHANGED, said by fetch and by every
    /// query answered from the older snapshot) is <c>gtfed key accept REMOTE</c>, the remote the message names when it
    /// names one.
    /// </summary>
    private static string AsCommands(string message)
    {
        const string AcceptSigner = "(TrustedKeyStore.AcceptSigner)";
        if (!message.Contains(AcceptSigner, StringComparison.Ordinal))
        {
            return message;
        }

        var remote = RemoteNamed().Match(message);
        return message.Replace(AcceptSigner, remote.Success
            ? $"(gtfed key accept {remote.Groups[1].Value})"
            : "(gtfed key accept REMOTE, the remote 'gtfed remote list' shows for the chain)", StringComparison.Ordinal);
    }

    // "of remote 'acme' (450fdc8)", "Remote 'acme' was fetched": how the SDK's messages name a remote.
    [GeneratedRegex(@"\b[Rr]emote '([^'\s]+)'")]
    private static partial Regex RemoteNamed();

    // " (ChainFetcher.FetchAsync)", " (TownPublisher.PublishAsync)": a type and a member, nothing else, in parentheses.
    [GeneratedRegex(@"\s?\((?:[A-Z][A-Za-z0-9]*\.)+[A-Z][A-Za-z0-9]*\)")]
    private static partial Regex SdkCall();

    // "QueryOptions.MaxDepth", "PublishOptions.Owner", "GitTransportOptions.FetchTimeout", "RemoteRegistry.AddPushTarget".
    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*(?:Options|Registry|Publisher|Fetcher|Provider)\.[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex SdkOption();

    [GeneratedRegex(@"(?<=[.;])\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();
}
