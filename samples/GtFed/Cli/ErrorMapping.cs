using System.Diagnostics.CodeAnalysis;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.Options;

namespace GtFed.Cli;

/// <summary>
/// Maps the SDK's typed exceptions to gtfed's exit codes (DESIGN §9). The SDK's messages already
/// say what was wrong and what to do, so they are printed as they are.
/// </summary>
internal static class ErrorMapping
{
    public static bool TryMap(Exception exception, out int exitCode, [NotNullWhen(true)] out string? message)
    {
        message = exception.Message;
        exitCode = exception switch
        {
            RemoteNotFoundException => ExitCodes.NotFound,
            FederationQueryException { Error: FederationQueryError.NotFound } => ExitCodes.NotFound,
            FederationQueryException { Error: FederationQueryError.BadInput } => ExitCodes.BadInput,
            FederationQueryException => ExitCodes.RemoteOrIo,
            GtUriFormatException or WorkReferenceResolutionException or ActorFormatException => ExitCodes.BadInput,
            RemoteAlreadyExistsException or InvalidRemoteException or RemoteShadowsTownException => ExitCodes.BadInput,
            MissingActorException or MissingOwnerException or InvalidActorConfigurationException => ExitCodes.BadInput,
            TownMetadataException or WorkUnitFormatException or OptionsValidationException => ExitCodes.BadInput,
            ChainException or GitTransportException or EventLogLockTimeoutException => ExitCodes.RemoteOrIo,
            IOException or UnauthorizedAccessException => ExitCodes.RemoteOrIo,
            _ => -1,
        };
        if (exitCode < 0)
        {
            message = null;
            return false;
        }

        if (exception is MissingActorException)
        {
            // The SDK's message names its options; a person at a terminal needs the flag and the git setting.
            message = "Nobody to attribute this to: no --actor, BEADS_ACTOR, BD_ACTOR, git config user.name or USER is set, and gtfed never " +
                "records work as 'unknown'. Pass --actor NAME, or run: git config --global user.name \"Your Name\".";
        }

        return true;
    }
}
