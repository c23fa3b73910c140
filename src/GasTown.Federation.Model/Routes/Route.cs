namespace GasTown.Federation.Model;

/// <summary>
/// One line of a town's <c>.beads/routes.jsonl</c>: work ids starting with <see cref="Prefix"/> live in
/// the beads of the folder <see cref="Path"/> (relative to the town root, <c>"."</c> for the town itself).
/// </summary>
/// <remarks>
/// The rig of a route is the first component of its path (<c>gastown/mayor/rig</c> → <c>gastown</c>),
/// as upstream's <c>ExtractProjectFromPath</c> takes it. The town-level route (<c>"."</c>, the
/// <c>hq-</c> beads) belongs to no rig: its <see cref="RigName"/> is <see cref="TownLevelRigName"/>,
/// and the canonical URIs of its work units name no rig (<c>gt://entity/chain/hq-abc</c>).
/// </remarks>
public sealed record Route
{
    /// <summary>The <see cref="RigName"/> of the town-level route: <c>"."</c>, which can never be a real rig's name.</summary>
    public const string TownLevelRigName = ".";

    /// <summary>Creates a route.</summary>
    /// <param name="prefix">The id prefix including its trailing hyphen, e.g. <c>gt-</c> or <c>claude-os-</c>.</param>
    /// <param name="path">The folder holding <c>.beads</c>, relative to the town root, with <c>/</c>; <c>"."</c> for the town.</param>
    /// <exception cref="ArgumentException">The prefix or path is empty.</exception>
    /// <exception cref="ChainPathException">The path would leave the town (<c>..</c>, absolute, backslash, NUL).</exception>
    public Route(string prefix, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ChainRelativePath.ThrowIfEscapes(path);
        Prefix = prefix;
        Path = path;
        NormalizedPath = ChainRelativePath.Normalize(path);
        RigName = NormalizedPath.Length == 0 ? TownLevelRigName : NormalizedPath.Split('/')[0];
    }

    /// <summary>The id prefix including its trailing hyphen, e.g. <c>gt-</c>.</summary>
    public string Prefix { get; }

    /// <summary>The path as written in routes.jsonl.</summary>
    public string Path { get; }

    /// <summary>The path without <c>.</c> or empty components (<c>./gastown/</c> → <c>gastown</c>); empty for the town level.</summary>
    public string NormalizedPath { get; }

    /// <summary>Whether this route names the town's own beads (<c>"."</c>).</summary>
    public bool IsTownLevel => NormalizedPath.Length == 0;

    /// <summary>
    /// Whether <see cref="Path"/> is written in its one canonical form: exactly <c>"."</c> for the town level, else
    /// the normalised path itself (no <c>.</c>, empty or trailing components: <c>./secret</c> and <c>secret/</c> are
    /// not). Readers accept both; a publisher should trust only canonical routes, so that no spelling of a path can
    /// make a private folder pass for another rig.
    /// </summary>
    public bool IsCanonicalPath => Path == (IsTownLevel ? "." : NormalizedPath);

    /// <summary>The rig: the first component of the path, or <see cref="TownLevelRigName"/> for the town level.</summary>
    public string RigName { get; }

    /// <summary>The issues file of this route, relative to the town root: <c>&lt;path&gt;/.beads/issues.jsonl</c>.</summary>
    public string IssuesFilePath => IsTownLevel ? ".beads/issues.jsonl" : NormalizedPath + "/.beads/issues.jsonl";

    /// <summary>Whether the prefix ends with a hyphen; upstream can only route to such prefixes.</summary>
    public bool HasHyphenatedPrefix => Prefix.EndsWith('-');

    /// <inheritdoc />
    public override string ToString() => $"{Prefix} → {Path}";
}
