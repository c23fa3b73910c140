namespace GasTown.Federation.Provenance;

/// <summary>
/// Reads git configuration values (<c>user.name</c>, <c>user.email</c>), the identity <c>bd</c> falls back to when no
/// actor variable is set.
/// </summary>
public interface IGitConfig
{
    /// <summary>The value of <paramref name="key"/> as <c>git config --get</c> prints it, or <see langword="null"/> when it is unset or git is unavailable.</summary>
    /// <param name="key">The configuration key, for example <c>user.name</c>.</param>
    /// <param name="cancellationToken">Cancels the lookup (the git process is ended).</param>
    /// <returns>The value, not yet trimmed, or <see langword="null"/>.</returns>
    string? Get(string key, CancellationToken cancellationToken = default);
}
