using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace GtWeb.Tests;

/// <summary>
/// A GET written byte for byte to a running GtWeb, for request targets HttpClient would not send as given: it resolves
/// <c>%2e%2e</c> and <c>..</c> before sending, and sends only origin-form targets.
/// </summary>
internal static class RawRequest
{
    /// <summary>Sends <c>GET <paramref name="target"/> HTTP/1.1</c> and reads the response to its end.</summary>
    public static async Task<RawResponse> GetAsync(GtWebServer server, string target, CancellationToken cancellationToken)
    {
        var address = server.BaseAddress;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, cancellationToken);
        await using var stream = client.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);
        return RawResponse.Parse(received.ToArray());
    }
}

/// <summary>An HTTP/1.1 response as read from the socket: its status line and headers as text, its body de-chunked.</summary>
internal sealed record RawResponse(string Head, string Body)
{
    /// <summary>The status code of the status line.</summary>
    public int Status => int.Parse(Head.Split(' ')[1], CultureInfo.InvariantCulture);

    /// <summary>The whole response as text, for a failure's message.</summary>
    public override string ToString() => Head + "\r\n\r\n" + Body;

    public static RawResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.ASCII.GetString(bytes, 0, end);
        var body = bytes.AsSpan((end + 4)..);
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return new RawResponse(head, Encoding.UTF8.GetString(body));
        }

        // Chunked: a hex size line, that many bytes and a CRLF, to a chunk of size 0.
        var whole = new List<byte>();
        while (true)
        {
            var line = body.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(body[..line]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return new RawResponse(head, Encoding.UTF8.GetString([.. whole]));
            }

            whole.AddRange(body.Slice(line + 2, size));
            body = body[(line + 2 + size + 2)..];
        }
    }
}
