using System.Diagnostics;
using System.Net;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Git's smart HTTP on 127.0.0.1: <c>git http-backend</c> run as a CGI program for each request to a
/// <see cref="LoopbackHttpServer"/>, serving the repositories below a folder, for http:// fetches.
/// </summary>
internal sealed class GitHttpBackend : IDisposable
{
    private readonly LoopbackHttpServer _server = new();
    private readonly string _root;
    private readonly string? _packObjectsHook;

    /// <param name="root">The folder whose repositories are served.</param>
    /// <param name="packObjectsHook">As <see cref="GitDaemon.Start"/>'s: a program whose output is the pack sent.</param>
    public GitHttpBackend(string root, string? packObjectsHook = null)
    {
        _root = root;
        _packObjectsHook = packObjectsHook;
    }

    /// <summary>The http:// URL of a repository folder below the root; its smart HTTP paths are served from now on.</summary>
    public string UrlOf(string repositoryPath)
    {
        var relative = "/" + Path.GetRelativePath(_root, repositoryPath).Replace('\\', '/');
        foreach (var path in new[] { "/info/refs", "/git-upload-pack" })
        {
            _server.Serve(relative + path, context => RunAsync(context, relative + path));
        }

        return _server.BaseUrl + relative;
    }

    /// <summary>The requests served so far (each is one of git's smart HTTP exchanges).</summary>
    public int Requests => _server.Requests;

    private async Task RunAsync(HttpListenerContext context, string pathInfo)
    {
        var start = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_PROJECT_ROOT"] = _root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["PATH_INFO"] = pathInfo;
        start.Environment["REQUEST_METHOD"] = context.Request.HttpMethod;
        start.Environment["QUERY_STRING"] = context.Request.Url!.Query.TrimStart('?');
        start.Environment["CONTENT_TYPE"] = context.Request.ContentType ?? "";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        if (context.Request.Headers["Content-Encoding"] is { } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (_packObjectsHook is not null)
        {
            start.Environment["GIT_CONFIG_PARAMETERS"] = $"'uploadpack.packObjectsHook={_packObjectsHook}'";
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git http-backend");
        _ = process.StandardError.ReadToEndAsync();
        await context.Request.InputStream.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();

        // CGI: header lines, an empty line, then the body.
        var output = process.StandardOutput.BaseStream;
        var header = new List<byte>();
        while (!(header.Count >= 4 && header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n')
            && !(header.Count >= 2 && header[^2] == '\n' && header[^1] == '\n'))
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                break;
            }

            header.Add((byte)b);
        }

        foreach (var line in System.Text.Encoding.ASCII.GetString([.. header]).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.ContentType = value;
            }
            else
            {
                context.Response.Headers[name] = value;
            }
        }

        context.Response.SendChunked = true;
        await output.CopyToAsync(context.Response.OutputStream);
        await process.WaitForExitAsync();
        context.Response.Close();
    }

    public void Dispose() => _server.Dispose();
}
