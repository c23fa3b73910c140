namespace GasTown.Federation.Provenance;

/// <summary>One git trailer, <c>Key: value</c>, for example <c>Executed-By: gastown/crew/joe</c>.</summary>
/// <param name="Key">The token before the colon; compared case-insensitively, as git does.</param>
/// <param name="Value">The text after the colon, trimmed; continuation lines joined with single spaces.</param>
public readonly record struct CommitTrailer(string Key, string Value)
{
    /// <summary><c>Key: Value</c>, as written in a commit message.</summary>
    public override string ToString() => $"{Key}: {Value}";

    /// <summary>Whether this trailer has the key (case-insensitive).</summary>
    public bool HasKey(string key) => string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);
}
