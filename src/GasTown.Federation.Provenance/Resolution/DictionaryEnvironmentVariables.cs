namespace GasTown.Federation.Provenance;

/// <summary>An environment held in a dictionary: for tests, and for hosts that resolve actors for agents they spawn.</summary>
public sealed class DictionaryEnvironmentVariables : IEnvironmentVariables
{
    private readonly Dictionary<string, string> _variables;

    /// <summary>Copies <paramref name="variables"/>; names compare ordinally, as on Linux.</summary>
    public DictionaryEnvironmentVariables(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = new Dictionary<string, string>(variables, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string? Get(string name) => _variables.TryGetValue(name, out var value) ? value : null;
}
