using System.Text.Json;
using GtFed.Cli;

namespace GtFed;

/// <summary>How a failure appears in --json output: <c>{"error":{"kind","exit_code","message","hint"?}}</c>.</summary>
internal static class ErrorJson
{
    public static void Write(Utf8JsonWriter writer, CliError error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("kind", error.Kind);
        writer.WriteNumber("exit_code", error.ExitCode);
        writer.WriteString("message", error.Message);
        if (error.Hint is not null)
        {
            writer.WriteString("hint", error.Hint);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
