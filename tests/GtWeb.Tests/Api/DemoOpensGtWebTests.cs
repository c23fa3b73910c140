namespace GtWeb.Tests.Api;

/// <summary><c>gtfed demo</c> ends with the command that opens GtWeb on the acme town it built.</summary>
[Collection(DemoTownsCollection.Name)]
public sealed class DemoOpensGtWebTests(DemoTowns towns)
{
    [Fact]
    public void Demo_prints_the_command_that_opens_GtWeb_on_acme()
    {
        var lines = towns.DemoOutput.Split('\n').Select(l => l.Trim()).ToList();
        var command = lines.Single(l => l.StartsWith("dotnet run --project samples/GtWeb", StringComparison.Ordinal));
        command.ShouldBe($"dotnet run --project samples/GtWeb -- --town {towns.Acme} --urls http://127.0.0.1:5180");
        // It is the last thing the demo prints.
        lines.Last(l => l.Length > 0).ShouldBe(command);
    }
}
