namespace GasTown.Federation.Provenance;

/// <summary>
/// Reads environment variables. The SDK reads <c>BEADS_ACTOR</c>, <c>BD_ACTOR</c> and <c>GIT_AUTHOR_EMAIL</c> through
/// this abstraction so that tests and hosts serving many agents can supply their own environment.
/// </summary>
public interface IEnvironmentVariables
{
    /// <summary>The value of the variable, or <see langword="null"/> when it is not set.</summary>
    string? Get(string name);
}
