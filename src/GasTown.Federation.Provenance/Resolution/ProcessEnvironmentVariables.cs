namespace GasTown.Federation.Provenance;

/// <summary>The current process's environment (<see cref="Environment.GetEnvironmentVariable(string)"/>).</summary>
public sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    private ProcessEnvironmentVariables()
    {
    }

    /// <summary>The one instance.</summary>
    public static ProcessEnvironmentVariables Instance { get; } = new();

    /// <inheritdoc />
    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}
