using System.Reflection;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;

namespace GasTown.Federation.Hosting.Tests.Errors;

/// <summary>Every exception the SDK throws on purpose has one root a host can catch and map by kind.</summary>
public sealed class ErrorRootTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(GtUri).Assembly,
        typeof(WorkUnit).Assembly,
        typeof(ActorId).Assembly,
        typeof(RemoteRegistry).Assembly,
        typeof(FederationQueries).Assembly,
        typeof(Town).Assembly,
    ];

    [Fact]
    public void Every_public_exception_type_of_every_package_derives_from_the_root()
    {
        var exceptions = Packages.SelectMany(a => a.GetExportedTypes()).Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        exceptions.Count.ShouldBeGreaterThanOrEqualTo(22);
        exceptions.Where(t => !typeof(FederationException).IsAssignableFrom(t)).Select(t => t.FullName).ShouldBeEmpty();
        typeof(FederationException).Assembly.ShouldBe(typeof(GtUri).Assembly); // the lowest package, so every package can derive from it
    }

    public static TheoryData<Exception, FederationErrorKind> Kinds => new()
    {
        { new RemoteNotFoundException("acme", "/town/federation/git"), FederationErrorKind.NotFound },
        { new FederationQueryException(FederationQueryError.NotFound, "no such work unit"), FederationErrorKind.NotFound },
        { new GtUriFormatException(new GtUriParseError(3, GtUriError.UnsupportedScheme, "bad")), FederationErrorKind.InvalidInput },
        { new WorkReferenceResolutionException("no rig"), FederationErrorKind.InvalidInput },
        { new ActorFormatException("empty"), FederationErrorKind.InvalidInput },
        { new MissingActorException(), FederationErrorKind.InvalidInput },
        { new TownMetadataException("missing required field: name"), FederationErrorKind.InvalidInput },
        { new InvalidRemoteException("url", "empty", null), FederationErrorKind.InvalidInput },
        { new FederationQueryException(FederationQueryError.BadInput, "bad"), FederationErrorKind.InvalidInput },
        { new RemoteFetchException("acme", "https://x", FetchFailureKind.TimedOut, "timed out", null), FederationErrorKind.RemoteFailure },
        { new FederationQueryException(FederationQueryError.Unavailable, "fetch failed"), FederationErrorKind.RemoteFailure },
        { new ChainIdentityException("spoofed", null, "evil.com", "x"), FederationErrorKind.Refused },
        { new ChainPathException("../x", "it climbs out"), FederationErrorKind.Refused },
        { new PublishException("unsafe route"), FederationErrorKind.Refused },
        { new RemoteAlreadyExistsException("acme", "acme", "taken"), FederationErrorKind.Conflict },
        { new EventLogLockTimeoutException("/town/.events.jsonl.lock", TimeSpan.FromSeconds(1), null), FederationErrorKind.Conflict },
        { new PushRejectedException("acme", "https://x", "non-fast-forward", null), FederationErrorKind.Conflict },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_cause_carries_its_kind(Exception exception, FederationErrorKind kind)
        => exception.ShouldBeAssignableTo<FederationException>().ErrorKind.ShouldBe(kind);

    [Fact]
    public void An_unknown_remote_names_the_sdk_call_and_no_cli_command()
    {
        var message = new RemoteNotFoundException("acme", "/town/federation/git").Message;
        message.ShouldNotContain("gtfed");
        message.ShouldContain("RemoteRegistry.Add");
    }
}
