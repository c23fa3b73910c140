using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GtWeb;
using GtWeb.Api;
using Microsoft.Extensions.DependencyInjection.Extensions;

// GtWeb: dotnet run --project samples/GtWeb -- --town DIR [--urls http://127.0.0.1:PORT]
// The help is answered before anything is read or opened: a help beside other options is still only the help.
if (Usage.Asked(args))
{
    await Console.Out.WriteLineAsync(Usage.Text).ConfigureAwait(false);
    return 0;
}

// GtWeb's own files (wwwroot: the stylesheet, the graph and fetch-progress scripts) belong to GtWeb, not to whatever
// folder it is started from. The default content root is the current folder, which holds GtWeb's wwwroot only when
// that folder is samples/GtWeb (as under dotnet run): `dotnet samples/GtWeb/bin/.../GtWeb.dll` from the repository
// root or a town served no static file at all, and a folder with a wwwroot (or an appsettings.json) of its own
// would have been served (or read) as GtWeb's. So the content root is the app's base directory, wherever GtWeb is
// started from (the current folder still chooses the town when --town is not given, TownRoot).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// A build keeps wwwroot in the project folder and writes only a manifest next to GtWeb.dll
// (GtWeb.staticwebassets.runtime.json) that maps each file to where it lies; ASP.NET Core reads it by itself only in
// the Development environment, and GtWeb runs in Production unless told otherwise. Reading it in every environment is
// what the framework offers for running a build outside Development (UseStaticWebAssets), so a built GtWeb serves its
// files wherever and however it is started, without copying wwwroot into bin. A published GtWeb has no such manifest
// (this is then a no-op) and its wwwroot sits beside GtWeb.dll, in the content root above.
builder.WebHost.UseStaticWebAssets();

// Loopback unless the user names other addresses: a town's data is not for the network by default.
if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls(GtWebDefaults.Url);
}

// Only requests that name this machine by a loopback name, unless the operator names the hosts GtWeb answers to: a page
// of another site that points its own name at 127.0.0.1 (DNS rebinding) is same-origin with GtWeb, and could read every
// page and the API, the town's private rigs included; the Host header it sends is its own name, refused here (400).
if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]))
{
    builder.Configuration["AllowedHosts"] = GtWebDefaults.LoopbackHosts;
}

// The SDK's own DI entry point: Town is a thread-safe singleton serving every request. The options run
// when the town is first resolved, after every configuration source (tests add theirs late) is in.
var configuration = builder.Configuration;
builder.Services.AddGasTownFederation(options => options.TownRoot = TownRoot.Find(configuration)).AddTown();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddRazorPages();
// Every page's encoder: bidi controls and invisible characters from other people's chains are shown, not obeyed.
builder.Services.AddSingleton<System.Text.Encodings.Web.HtmlEncoder>(new VisibleControlsHtmlEncoder());
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<FederationProblemHandler>();
builder.Services.AddOpenApi(options => options.AddOperationTransformer<QueryValueSchemas>());

var app = builder.Build();

// Open the town now, so a wrong --town fails at start with the reason rather than on the first request.
try
{
    app.Services.GetRequiredService<Town>();
}
catch (FederationException ex)
{
    await Console.Error.WriteLineAsync($"GtWeb cannot open the town: {ex.Message}").ConfigureAwait(false);
    return 2;
}

app.UseSecurityHeaders();
app.UseExceptionHandler();
// Anything else a request lets through is the API's problem (above) for the API, but GtWeb's error page for everything
// else (Pages/Error.cshtml, HTML): the handler above writes JSON for any request, and a page's unexpected failure was a
// bare JSON 500 in the browser. The branch's handler catches first; the one above still answers if the error page fails.
app.UseWhen(context => !FederationProblemHandler.IsApi(context), pages => pages.UseExceptionHandler("/error"));
// A status with no body (no such page, a form whose antiforgery token failed, a method a page does not take) is the API's
// problem for the API, but GtWeb's error page for a browser: it was raw JSON (or plain text) there, with no advice.
app.UseWhen(FederationProblemHandler.IsApi, api => api.UseStatusCodePages());
// An API path with a '.' or '..' segment (%2e%2e) is refused naming it: the server resolved it before routing, and the
// request reached another endpoint (or none) with a misleading answer (Api/DotSegments.cs).
app.UseWhen(FederationProblemHandler.IsApi, api => api.RefuseDotSegments());
app.UseWhen(context => !FederationProblemHandler.IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/error", "?status={0}"));
app.UseStaticFiles();
app.UseRouting();
app.UseAntiforgery();
// MapOpenApi maps GET alone, so HEAD /openapi/v1.json was a 405 where every other read answers it (ApiEndpoints.GetAndHead).
// It offers no methods of its own: the endpoint's last method metadata is the one routing matches, so this replaces GET's.
app.MapOpenApi().WithMetadata(new HttpMethodMetadata(ApiEndpoints.GetAndHead));
app.MapGtWebApi();
app.MapFetchStream();
app.MapRazorPages();
await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The entry point, public so that WebApplicationFactory can host the app in tests.</summary>
public partial class Program;
