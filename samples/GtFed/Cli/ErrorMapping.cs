using System.CommandLine;
using System.CommandLine.Parsing;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Identity;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.Options;

namespace GtFed.Cli;

/// <summary>
/// Turns any failure into what gtfed prints (DESIGN §9). The SDK's exceptions share one root with a kind,
/// so they are mapped once, by kind; gtfed adds its own advice (commands to run), which the SDK's
/// messages leave out because a web host could not act on them.
/// </summary>
internal static class ErrorMapping
{
    /// <summary>
    /// Maps <paramref name="exception"/>; <paramref name="command"/> is the command that ran (<c>gtfed show</c>), which a hint
    /// sending the user to its help names; <paramref name="town"/>, when the command opened one, lets a hint name the remote
    /// a failing chain is registered as and what its last fetch found.
    /// </summary>
    public static CliError Map(Exception exception, string command, Town? town = null) => exception switch
    {
        GtFedException ex => new CliError(ex.ExitCode, KindOf(ex.ExitCode), ex.Message, ex.Hint),
        FederationException ex => FromSdk(ex, command, town),
        // Which step the cancel stopped is not known here, nor whether it had already landed (a fetch's refs move before it
        // records its time): say only what is true, and where to look.
        OperationCanceledException or LibGit2Sharp.UserCancelledException => new CliError(ExitCodes.RemoteOrIo, CliError.Cancelled,
            "Cancelled. What completed before the cancel stays, and the step that was running may have completed too (a fetch may have landed).",
            "'gtfed remote list' shows what each remote's last fetch found; run the same command again to finish what it had left to do."),
        OptionsValidationException ex => new CliError(ExitCodes.BadInput, CliError.InvalidInput, ex.Message, null),
        IOException or UnauthorizedAccessException => new CliError(ExitCodes.RemoteOrIo, CliError.RemoteFailure, exception.Message, "Check that the town's files are there, are regular files (not pipes or devices), and can be read and written."),
        // The SDK checks arguments the BCL way; what reaches here is input gtfed passed on, so say it without parameter names.
        ArgumentException ex => new CliError(ExitCodes.BadInput, CliError.InvalidInput, WithoutParameterName(ex), $"Run '{command} --help' for what each argument accepts."),
        // git's own failures that reach here unwrapped (creating the federation repository on first use, reading it): the
        // disk, the file system or another writer said no, which a person can act on. Only a call git refused as malformed
        // is gtfed's or the SDK's mistake, and falls through to the bug report.
        LibGit2Sharp.LockedFileException ex => new CliError(ExitCodes.RemoteOrIo, CliError.Conflict, $"git could not lock a file it had to change: {ex.Message}",
            "Another process (a gtfed or git in this town) is writing it: wait for it to finish and run the command again. If none is running, the lock file the message names was left by one that crashed: remove it."),
        LibGit2Sharp.LibGit2SharpException ex when !IsGitCallMistake(ex) => new CliError(ExitCodes.RemoteOrIo, CliError.RemoteFailure, $"git failed on this town's repository: {ex.Message}",
            "Free space on the disk if it is full, and check that this user has permission to read and write the town's folder (its federation/ folder above all); then run the command again. A repository left half-created is created again then."),
        _ => new CliError(
            ExitCodes.RemoteOrIo,
            CliError.Internal,
            $"gtfed failed unexpectedly: {exception.Message}",
            "This is a bug in gtfed; please report it with the command you ran."),
    };

    private static CliError FromSdk(FederationException ex, string command, Town? town)
    {
        var (code, kind) = ex.ErrorKind switch
        {
            FederationErrorKind.NotFound => (ExitCodes.NotFound, CliError.NotFound),
            FederationErrorKind.InvalidInput => (ExitCodes.BadInput, CliError.InvalidInput),
            FederationErrorKind.Refused => (ExitCodes.BadInput, CliError.Refused),
            FederationErrorKind.Conflict => (ExitCodes.RemoteOrIo, CliError.Conflict),
            _ => (ExitCodes.RemoteOrIo, CliError.RemoteFailure),
        };

        // A few causes get gtfed's own wording: their SDK messages name the SDK calls that fix them.
        return ex switch
        {
            // A chain nobody registered is something not found here, not a failing remote.
            FederationQueryException { Reason: UnreachableReason.NotRegistered } => new CliError(ExitCodes.NotFound, CliError.NotFound, ex.Message,
                "Register the chain with 'gtfed remote add NAME gt://ENTITY/CHAIN [--url GIT-URL]' (no --url: found from the domain's .well-known/gastown.json), then 'gtfed fetch NAME'."),
            // Nothing failed on the network: the chain was never fetched, or was and its owner has published nothing yet
            // (which another fetch does not change: said as list --remote and fetch say it).
            FederationQueryException { Reason: UnreachableReason.NeverFetched, Chain: { } chain } when town is not null && town.Remotes.TryFindByChain(chain, out var remote) =>
                new CliError(code, kind, SdkWording.ForPerson(ex.Message), NeverFetchedHint(remote)),
            FederationQueryException { Reason: UnreachableReason.NeverFetched } => new CliError(code, kind, SdkWording.ForPerson(ex.Message),
                "Fetch it with 'gtfed fetch NAME' ('gtfed remote list' shows the remote that holds the chain), or every remote with 'gtfed fetch'."),
            // A chain that was read and has no such id: the registered remotes are beside the point; finding the id is not.
            FederationQueryException { Error: FederationQueryError.NotFound, Reason: UnreachableReason.UnknownId } => new CliError(code, kind, ex.Message,
                "'gtfed search WORDS' finds a work unit by the words of its title in every indexed chain; 'gtfed list --remote NAME' lists a remote's."),
            // Data that was there but could not be read is not a network problem: it may be this town's own file.
            FederationQueryException { Reason: UnreachableReason.InvalidChain or UnreachableReason.LoadFailed } => new CliError(code, kind, SdkWording.ForPerson(ex.Message), UnreadableDataHint),
            // publish --push NAME: checked before anything is committed, and what is missing is a push target.
            RemoteNotFoundException { RemoteName: { } name, CaseVariant: null } when command == "gtfed publish" => new CliError(code, kind,
                $"No remote named '{name}' is registered in this town to push to; nothing was published.",
                "Add the repository others fetch this town from with 'gtfed remote push-target NAME --url GIT-URL', then publish again; 'gtfed remote list' shows the registered remotes."),
            RemoteNotFoundException { RemoteName: { } name, CaseVariant: { } twin } => new CliError(code, kind,
                $"No remote named '{name}' is registered in this town; remote names are case-sensitive, and '{twin}' is registered.",
                $"Name it '{twin}'; 'gtfed remote list' shows every registered remote."),
            RemoteNotFoundException { RemoteName: { } name } => new CliError(code, kind, $"No remote named '{name}' is registered in this town.",
                "See the registered remotes with 'gtfed remote list'; add one with 'gtfed remote add NAME gt://ENTITY/CHAIN [--url GIT-URL]'."),
            // Registering a taken name is input to change (exit 2, as before), not a transient conflict to retry.
            RemoteAlreadyExistsException => new CliError(ExitCodes.BadInput, kind, ex.Message,
                "Pick another name, or see what is registered with 'gtfed remote list' and remove it with 'gtfed remote remove NAME'."),
            // The index's own file (unwritable, damaged, a full disk) is this machine's, not a remote's or the network's.
            GasTown.Federation.Index.FederationIndexException { ErrorKind: FederationErrorKind.RemoteFailure } => new CliError(code, kind, SdkWording.ForPerson(ex.Message),
                "This is the federation index on this machine, not a remote: fix what the message names; 'gtfed index --rebuild' rebuilds the index afterwards."),
            // The index held by someone else (another indexing process past the lock's wait, a program's transaction on the
            // file itself): the message names who; there is no name to pick, only a wait or that program to end.
            GasTown.Federation.Index.FederationIndexException { ErrorKind: FederationErrorKind.Conflict } => new CliError(code, kind, SdkWording.ForPerson(ex.Message),
                "This is the federation index on this machine: wait for what the message names to finish, or end it, then run the command again."),
            // A town this process may not write: the message says what to do, and it is no remote's or network's fault.
            GasTown.Federation.Model.TownFileAccessException => new CliError(code, kind, ex.Message, null),
            // Discovery found nothing to use: the way on is the URL the user knows.
            DiscoveryException { Failure: DiscoveryFailureKind.NotFound or DiscoveryFailureKind.NotListed } => new CliError(code, kind, ex.Message,
                "Register the chain with its git URL: gtfed remote add NAME gt://ENTITY/CHAIN --url GIT-URL."),
            DiscoveryException => new CliError(code, kind, ex.Message,
                "Check the domain's .well-known/gastown.json (or GASTOWN_DISCOVERY_BASE_URL), or register the chain with --url GIT-URL."),
            MissingActorException => new CliError(code, kind,
                "Nobody to attribute this to: no --actor, BEADS_ACTOR, BD_ACTOR, git config user.name or USER is set, and gtfed never records work as 'unknown'.",
                "Pass --actor NAME (e.g. gastown/crew/joe), or run: git config --global user.name \"Your Name\"."),
            MissingOwnerException => new CliError(code, kind, "No owner email to attribute this to.",
                "Run git config --global user.email you@example.com, set GIT_AUTHOR_EMAIL, or give the town an \"owner\" in mayor/town.json."),
            _ => new CliError(code, kind, SdkWording.ForPerson(ex.Message), HintFor(ex.ErrorKind, command)),
        };
    }

    /// <summary>What a person can do about a registered remote with nothing to read: fetch it, or, fetched already, wait for its owner to publish.</summary>
    public static string NeverFetchedHint(RegisteredRemote remote)
        => remote.LastFetchedAt is null ? $"Fetch it first: gtfed fetch {remote.Name}" : NothingPublishedHint(remote.Name);

    /// <summary>What a person can do about a remote that was fetched but publishes nothing yet: said by fetch and by a list of that remote.</summary>
    public static string NothingPublishedHint(string remote)
        => $"Once its owner has published ('gtfed publish' in their town), fetch it again: gtfed fetch {remote}. 'gtfed remote list' shows the URL it was registered with.";

    /// <summary>
    /// The advice for a chain whose data was there but could not be read: it may be this town's own file, or its copy of a
    /// remote, which a fetch cannot mend (git takes what a ref names as here already): the SDK's message says which.
    /// </summary>
    public const string UnreadableDataHint = "The message names what could not be read: if it is this town's own file, fix or restore it; if it is a remote's, 'gtfed fetch NAME' fetches it again, or, where the message says a fetch cannot, 'gtfed remote remove NAME' and 'gtfed remote add' register it again to fetch it whole.";

    private static string HintFor(FederationErrorKind kind, string command) => kind switch
    {
        FederationErrorKind.NotFound => "Check the name or URI; 'gtfed remote list' shows the registered remotes.",
        FederationErrorKind.InvalidInput => $"Run '{command} --help' for the accepted forms.",
        FederationErrorKind.Refused => "Nothing was changed; fix what the message names and run the command again.",
        FederationErrorKind.Conflict => "Another process or registration is in the way: wait and retry, or pick another name.",
        // A publish fails on its push, or on this town's own files: no fetch helps with either.
        _ when command == "gtfed publish" => "Fix what the message names (the push target's path or URL, or the right to write there), then run the same publish again.",
        _ => "Check the remote's URL and your network, then run 'gtfed fetch'; queries answer from the last fetch meanwhile.",
    };

    /// <summary>The command a parse chose, as a person types it: <c>gtfed</c>, <c>gtfed show</c>, <c>gtfed remote add</c>.</summary>
    public static string CommandOf(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Add(result.Command.Name);
        }

        names.Add("gtfed");
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string KindOf(int exitCode) => exitCode switch
    {
        ExitCodes.NotFound => CliError.NotFound,
        ExitCodes.BadInput => CliError.InvalidInput,
        _ => CliError.RemoteFailure,
    };

    /// <summary>Whether git refused <paramref name="exception"/>'s call itself (a malformed reference or revision, a step a bare repository cannot take): a bug, not the machine's state.</summary>
    private static bool IsGitCallMistake(LibGit2Sharp.LibGit2SharpException exception) => exception is LibGit2Sharp.InvalidSpecificationException
        or LibGit2Sharp.AmbiguousSpecificationException
        or LibGit2Sharp.BareRepositoryException
        or LibGit2Sharp.EmptyCommitException
        or LibGit2Sharp.PeelException;

    private static string WithoutParameterName(ArgumentException ex)
    {
        var message = ex.Message;
        var suffix = ex.ParamName is null ? -1 : message.LastIndexOf($" (Parameter '{ex.ParamName}')", StringComparison.Ordinal);
        return suffix < 0 ? message : message[..suffix];
    }
}
