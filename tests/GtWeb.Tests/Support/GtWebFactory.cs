using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace GtWeb.Tests;

/// <summary>GtWeb hosted in the test process (WebApplicationFactory) over one town, as <c>--town DIR</c> gives it.</summary>
public sealed class GtWebFactory(string town) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder
        .UseSetting("town", town)
        // Request logs would bury a failure's message in the test output.
        .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
}
