using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Identity.Tests.Discovery;

/// <summary>
/// Discovery against servers that answer with what no well-behaved HTTP server writes (raw bytes over a real loopback
/// socket): whatever they send ends as a <see cref="DiscoveryException"/> whose message a terminal or log can show.
/// </summary>
public sealed class HostileServerTests : IDisposable
{
    private const string Document = """{"version":1,"entity":"acme.com","chains":[{"name":"engineering","url":"https://git.acme.com/e.git"}],"keys":[]}""";

    private readonly TempDirectory _temp = new("gt-hostile-discovery");
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _temp.Dispose();
    }

    private EntityDiscovery DiscoveryAnswering(string response)
    {
        var host = new RawHttpHost(Encoding.Latin1.GetBytes(response));
        _owned.Add(host);
        var services = new ServiceCollection();
        services.AddGasTownFederation(o => o.TownRoot = _temp.Path).AddIdentity(o =>
        {
            o.BaseUrl = host.Template;
            o.Timeout = TimeSpan.FromSeconds(10);
            o.MaxRetries = 0;
        });
        var provider = services.BuildServiceProvider();
        _owned.Add(provider);
        return provider.GetRequiredService<EntityDiscovery>();
    }

    private static void ShouldBePrintable(string message)
    {
        message.EnumerateRunes().Where(r => UnsafeCharacters.IsLayoutControl(r.Value)).ShouldBeEmpty($"the message holds a control character: {message}");
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_unreachable()
    {
        var discovery = DiscoveryAnswering($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Document.Length + 500}\r\nConnection: close\r\n\r\n{Document}");

        var ex = await Should.ThrowAsync<DiscoveryException>(() => discovery.GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));

        ex.Failure.ShouldBe(DiscoveryFailureKind.Unreachable);
        ex.Message.ShouldContain("acme.com/.well-known/gastown.json");
    }

    [Fact]
    public async Task A_malformed_chunked_body_is_unreachable()
    {
        var discovery = DiscoveryAnswering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        var ex = await Should.ThrowAsync<DiscoveryException>(() => discovery.GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));

        ex.Failure.ShouldBe(DiscoveryFailureKind.Unreachable);
    }

    [Fact]
    public async Task A_status_line_holding_terminal_escapes_is_not_repeated_as_it_is()
    {
        // The client's own error quotes the status line it could not read: ESC ] 0 ; retitles a terminal, and a long line is no message.
        var discovery = DiscoveryAnswering("HTTP/1.1\u001b]0;pwned\u0007\u001b[2J 200 " + new string('A', 20_000) + "\r\nContent-Length: 0\r\n\r\n");

        var ex = await Should.ThrowAsync<DiscoveryException>(() => discovery.GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));

        ex.Failure.ShouldBe(DiscoveryFailureKind.Unreachable);
        ShouldBePrintable(ex.Message);
        ex.Message.Length.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task A_header_line_holding_terminal_escapes_is_not_repeated_as_it_is()
    {
        var discovery = DiscoveryAnswering("HTTP/1.1 200 OK\r\nX\u001b[2J\u001b]0;pwned\u0007 no colon here" + new string('A', 20_000) + "\r\nContent-Length: 0\r\n\r\n");

        var ex = await Should.ThrowAsync<DiscoveryException>(() => discovery.GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));

        ex.Failure.ShouldBe(DiscoveryFailureKind.Unreachable);
        ShouldBePrintable(ex.Message);
        ex.Message.Length.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_even_to_loopback()
    {
        // Followed, a redirect would take discovery from the domain's HTTPS to wherever the server says, plain HTTP included.
        var discovery = DiscoveryAnswering("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/acme.com/.well-known/gastown.json\r\nContent-Length: 0\r\n\r\n");

        var ex = await Should.ThrowAsync<DiscoveryException>(() => discovery.GetDocumentAsync(EntityId.Parse("acme.com"), TestContext.Current.CancellationToken));

        ex.Failure.ShouldBe(DiscoveryFailureKind.Unreachable);
        ex.Message.ShouldContain("redirects are not followed");
    }
}
