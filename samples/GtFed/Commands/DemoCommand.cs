using System.CommandLine;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed demo</c>: build several towns in a temp folder and run every command over real git.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var directory = new Option<string?>("--dir") { Description = "Where to build the demo towns (default: a new folder under the system temp folder)." };
        var command = new Command("demo", "Build an organisation, two employees and a contractor as real towns with git remotes, and run every query.") { directory };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => GtFed.Demo.Demo.RunAsync(context, parse.GetValue(directory), ct)));
        return command;
    }
}
