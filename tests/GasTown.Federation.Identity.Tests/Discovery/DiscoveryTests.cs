using System.Diagnostics;
using System.Text;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Identity.Tests.Discovery;

public sealed class DiscoveryTests : IDisposable
{
    private const string AcmeKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl acme signing";

    private readonly LoopbackHttpServer _server = new();
    private readonly TempDirectory _temp = new("gt-discovery");
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        _server.Dispose();
        _temp.Dispose();
    }

    private EntityDiscovery Discovery(Action<DiscoveryOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddGasTownFederation(o => o.TownRoot = _temp.Path).AddIdentity(o =>
        {
            o.BaseUrl = _server.Template;
            o.Timeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<EntityDiscovery>();
    }

    private static string AcmeDocument(string entity = "acme.com", string url = "https://git.acme.com/engineering.git") => $$"""
        {
          "version": 1,
          "entity": "{{entity}}",
          "chains": [ { "name": "engineering", "url": "{{url}}", "branch": "gt/published" } ],
          "keys": [ "{{AcmeKey}}", "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t skipped" ],
          "people": [ { "entity": "alice@{{entity}}", "keys": [], "chains": [ { "name": "notes", "url": "ssh://git@git.acme.com/alice/notes.git" } ] } ],
          "future_field": { "ignored": true }
        }
        """;

    [Fact]
    public async Task Found_document_gives_the_chain_url_branch_and_keys()
    {
        _server.ServeDocument("acme.com", AcmeDocument());
        var chain = await Discovery().DiscoverChainAsync(GtUri.Parse("gt://acme.com/engineering"), TestContext.Current.CancellationToken);

        chain.Url.ShouldBe("https://git.acme.com/engineering.git");
        chain.Branch.ShouldBe("gt/published");
        chain.Keys.Single().ShouldBe(SshPublicKey.Parse(AcmeKey));
        chain.DocumentUrl.ToString().ShouldBe($"{_server.BaseUrl}/acme.com/.well-known/gastown.json");
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_unreadable_keys_counted()
    {
        _server.ServeDocument("acme.com", AcmeDocument());
        var document = await Discovery().GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken);

        document.Keys.Count.ShouldBe(1);
        document.SkippedKeyCount.ShouldBe(1);
        document.FindPerson(EntityId.Parse("alice@acme.com"))!.Chains.Single().Name.ShouldBe("notes");
    }

    [Fact]
    public async Task A_person_listed_by_their_domain_is_discovered()
    {
        _server.ServeDocument("acme.com", AcmeDocument());
        var chain = await Discovery().DiscoverChainAsync(GtUri.Parse("gt://alice@acme.com/notes"), TestContext.Current.CancellationToken);
        chain.Url.ShouldBe("ssh://git@git.acme.com/alice/notes.git");
    }

    [Fact]
    public async Task Not_found_for_a_person_says_their_domain_publishes_nothing_and_asks_for_a_url()
    {
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery().DiscoverChainAsync(GtUri.Parse("gt://bob@gmail.com/side"), TestContext.Current.CancellationToken));
        ex.Failure.ShouldBe(DiscoveryFailureKind.NotFound);
        ex.ErrorKind.ShouldBe(FederationErrorKind.NotFound);
        ex.Message.ShouldContain("gmail.com publishes no Gas Town document");
        ex.Message.ShouldContain("git URL");
    }

    [Fact]
    public async Task A_chain_the_document_does_not_list_is_not_listed()
    {
        _server.ServeDocument("acme.com", AcmeDocument());
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery().DiscoverChainAsync(GtUri.Parse("gt://acme.com/marketing"), TestContext.Current.CancellationToken));
        ex.Failure.ShouldBe(DiscoveryFailureKind.NotListed);
        ex.Message.ShouldContain("engineering");
    }

    [Fact]
    public async Task A_document_naming_another_entity_is_refused()
    {
        _server.ServeDocument("acme.com", AcmeDocument(entity: "evil.example"));
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery().DiscoverChainAsync(GtUri.Parse("gt://acme.com/engineering"), TestContext.Current.CancellationToken));
        ex.Failure.ShouldBe(DiscoveryFailureKind.EntityMismatch);
        ex.ErrorKind.ShouldBe(FederationErrorKind.Refused);
    }

    [Fact]
    public async Task An_oversize_document_is_refused_even_without_content_length()
    {
        var huge = AcmeDocument().Replace("\"future_field\"", "\"pad\": \"" + new string('x', 100_000) + "\", \"future_field\"", StringComparison.Ordinal);
        _server.Serve("/acme.com/.well-known/gastown.json", async context =>
        {
            context.Response.SendChunked = true; // no Content-Length: the client must stop reading by itself
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(huge));
            context.Response.Close();
        });
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery(o => o.MaxDocumentBytes = 4096).GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));
        ex.Failure.ShouldBe(DiscoveryFailureKind.TooLarge);
    }

    [Fact]
    public async Task An_oversize_document_with_content_length_is_refused_before_reading()
    {
        _server.ServeDocument("acme.com", AcmeDocument() + new string(' ', 70_000));
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery().GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));
        ex.Failure.ShouldBe(DiscoveryFailureKind.TooLarge);
        ex.Message.ShouldContain("bytes");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"entity\": \"acme.com\", \"chains\": []}")]
    [InlineData("{\"version\": 2, \"entity\": \"acme.com\", \"chains\": []}")]
    [InlineData("{\"version\": 1, \"entity\": \"acme.com\", \"chains\": [ { \"name\": \"engineering\" } ]}")]
    [InlineData("{\"version\": 1, \"entity\": \"acme.com\", \"chains\": [ { \"name\": \"bad name!\", \"url\": \"https://x\" } ]}")]
    [InlineData("{\"version\": \"1\", \"entity\": \"acme.com\"}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"version\": 1, \"entity\": \"acme.com\", \"chains\": [ { \"name\": \"engineering\", \"url\": \"https://git.acme.com/e.git\\u202E\" } ]}")] // reads as another URL when printed
    [InlineData("{\"version\": 1, \"entity\": \"acme.com\", \"chains\": [ { \"name\": \"engineering\", \"url\": \"https://git.acme.com/e\\u200B.git\" } ]}")]
    public async Task Malformed_documents_are_invalid(string json)
    {
        _server.ServeDocument("acme.com", json);
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery().GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));
        ex.Failure.ShouldBe(DiscoveryFailureKind.InvalidDocument);
    }

    [Fact]
    public async Task A_slow_server_times_out_within_the_bound()
    {
        _server.Serve("/acme.com/.well-known/gastown.json", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            context.Response.Close();
        });
        var watch = Stopwatch.StartNew();
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery(o => o.Timeout = TimeSpan.FromSeconds(1)).GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));
        watch.Stop();

        ex.Failure.ShouldBe(DiscoveryFailureKind.Timeout);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_server_that_sends_its_headers_then_a_byte_at_a_time_times_out_within_the_bound()
    {
        // The headers come at once, so only a bound on reading the body stops this one (it once held discovery for ever).
        _server.Serve("/acme.com/.well-known/gastown.json", async context =>
        {
            context.Response.SendChunked = true;
            try
            {
                for (var i = 0; i < 60; i++)
                {
                    await context.Response.OutputStream.WriteAsync(" "u8.ToArray());
                    await context.Response.OutputStream.FlushAsync();
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }
            }
            catch (Exception ex) when (ex is IOException or System.Net.HttpListenerException or ObjectDisposedException)
            {
                // The client gave up, as it should.
            }

            context.Response.Abort();
        });
        var watch = Stopwatch.StartNew();
        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery(o => o.Timeout = TimeSpan.FromSeconds(1)).GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));
        watch.Stop();

        ex.Failure.ShouldBe(DiscoveryFailureKind.Timeout);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_server_error_is_retried_then_succeeds()
    {
        var calls = 0;
        var body = Encoding.UTF8.GetBytes(AcmeDocument());
        _server.Serve("/acme.com/.well-known/gastown.json", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                return;
            }

            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });
        var document = await Discovery().GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken);
        document.Chains.Single().Name.ShouldBe("engineering");
        calls.ShouldBe(2);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        _server.Serve("/acme.com/.well-known/gastown.json", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            context.Response.Close();
        });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Should.ThrowAsync<OperationCanceledException>(() => Discovery(o => o.Timeout = TimeSpan.FromSeconds(20)).GetDocumentAsync(EntityId.Parse("acme.com"), cancel.Token));
    }

    [Fact]
    public async Task Documents_are_cached_for_their_max_age_and_not_without_it()
    {
        _server.ServeDocument("acme.com", AcmeDocument(), cacheControl: "max-age=300");
        _server.ServeDocument("other.org", AcmeDocument(entity: "other.org"));
        var discovery = Discovery();
        var acme = EntityId.Parse("acme.com");
        var other = EntityId.Parse("other.org");

        await discovery.GetDocumentAsync(acme, TestContext.Current.CancellationToken);
        await discovery.GetDocumentAsync(acme, TestContext.Current.CancellationToken);
        await discovery.GetDocumentAsync(other, TestContext.Current.CancellationToken);
        await discovery.GetDocumentAsync(other, TestContext.Current.CancellationToken);

        _server.Requests.ShouldBe(3); // acme once (fresh for 300 s), other.org twice (no max-age)
    }

    [Fact]
    public async Task Loopback_http_is_allowed_and_other_http_is_refused()
    {
        _server.ServeDocument("acme.com", AcmeDocument());
        (await Discovery().GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken)).Entity.Value.ShouldBe("acme.com");

        var ex = await Should.ThrowAsync<DiscoveryException>(() => Discovery(o => o.BaseUrl = "http://{domain}").GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));
        ex.Failure.ShouldBe(DiscoveryFailureKind.NotHttps);
        _server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task The_default_base_is_https_on_the_domain()
    {
        var services = new ServiceCollection();
        services.AddGasTownFederation(o => o.TownRoot = _temp.Path).AddIdentity();
        using var provider = services.BuildServiceProvider();
        var url = provider.GetRequiredService<EntityDiscovery>().GetDocumentUrl(EntityId.Parse("alice@acme.com"));
        if (Environment.GetEnvironmentVariable(DiscoveryOptions.BaseUrlVariable) is null)
        {
            url.ToString().ShouldBe("https://acme.com/.well-known/gastown.json");
        }
        else
        {
            url.ToString().ShouldContain("acme.com/.well-known/gastown.json");
        }
    }

    [Fact]
    public async Task A_network_document_may_not_point_at_local_paths()
    {
        // The document comes from loopback here, so local paths are allowed (tests, demos); the rule for network
        // documents is checked with a document parsed as if served from https.
        _server.ServeDocument("acme.com", AcmeDocument(url: "/srv/git/acme"));
        (await Discovery().DiscoverChainAsync(GtUri.Parse("gt://acme.com/engineering"), TestContext.Current.CancellationToken)).Url.ShouldBe("/srv/git/acme");
    }

    [Theory]
    [InlineData("https://git.acme.com/e.git", true)]
    [InlineData("ssh://git@git.acme.com/e.git", true)]
    [InlineData("git@git.acme.com:acme/e.git", true)]
    [InlineData("/srv/git/acme", false)]
    [InlineData("file:///srv/git/acme", false)]
    [InlineData("http://git.acme.com/e.git", false)]
    [InlineData("git://git.acme.com/e.git", false)]
    [InlineData("../../etc", false)]
    [InlineData("C:/git/acme", false)]
    public void Documents_from_the_network_may_name_only_network_git_urls(string url, bool allowed)
        => EntityDiscovery.IsNetworkGitUrl(url).ShouldBe(allowed);

    [Fact]
    public void A_json_error_inside_a_member_with_a_hostile_name_does_not_repeat_its_escapes()
    {
        // The reader's message names the member it failed in: ESC ] 0 ; … BEL would retitle the terminal showing it.
        var json = "{\"version\":1,\"entity\":\"acme.com\",\"chains\":[{\"name\":\"e\",\"url\":\"https://a/b\",\"\\u001b]0;pwned\\u0007\":[1,2,}]}";

        var ex = Should.Throw<DiscoveryException>(() => WellKnownDocument.Parse(Encoding.UTF8.GetBytes(json)));

        ex.Failure.ShouldBe(DiscoveryFailureKind.InvalidDocument);
        ex.Message.ShouldNotContain("\u001b");
        ex.Message.ShouldNotContain("\u0007");
    }

    [Fact]
    public void A_document_round_trips_through_its_writer()
    {
        var document = new WellKnownDocument(
            EntityId.Parse("acme.com"),
            [new WellKnownChain("engineering", "https://git.acme.com/e.git", null)],
            [SshPublicKey.Parse(AcmeKey)],
            [new WellKnownPerson(EntityId.Parse("alice@acme.com"), [SshPublicKey.Parse(AcmeKey)], [])]);
        var read = WellKnownDocument.Parse(document.ToUtf8Json());

        read.Entity.ShouldBe(document.Entity);
        read.Chains.ShouldBe(document.Chains);
        read.Keys.ShouldBe(document.Keys);
        read.People.Single().Keys.ShouldBe(document.People[0].Keys);
    }
}
