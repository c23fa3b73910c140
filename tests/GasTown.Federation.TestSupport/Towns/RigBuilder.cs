namespace GasTown.Federation.TestSupport;

/// <summary>
/// One rig of a <see cref="TownBuilder"/>: its route (prefix → path) and the issues of its
/// <c>&lt;path&gt;/.beads/issues.jsonl</c>, written sorted by id like bd's exporter.
/// </summary>
public sealed class RigBuilder
{
    private readonly List<IssueBuilder> _issues = [];
    private readonly List<string> _rawLines = [];
    private readonly string _defaultTimestamp;

    internal RigBuilder(string name, string prefix, string path, string defaultTimestamp)
    {
        Name = name;
        Prefix = prefix;
        Path = path;
        _defaultTimestamp = defaultTimestamp;
    }

    /// <summary>The rig name (first component of <see cref="Path"/>), or <c>"."</c> for the town-level beads.</summary>
    public string Name { get; }

    /// <summary>The route prefix including its hyphen, e.g. <c>gt-</c>.</summary>
    public string Prefix { get; }

    /// <summary>The route path relative to the town root, e.g. <c>gastown/mayor/rig</c>, or <c>"."</c>.</summary>
    public string Path { get; }

    /// <summary>Whether an issues.jsonl file is written (false: the route exists but the rig has no beads file, as for an unpublished rig).</summary>
    public bool WritesIssuesFile { get; private set; } = true;

    /// <summary>Whether <c>&lt;rig&gt;/config.json</c> is written (default true for rigs, never for the town level).</summary>
    public bool WritesRigConfig { get; private set; } = true;

    /// <summary>The git URL written to config.json and mayor/rigs.json.</summary>
    public string GitUrl { get; private set; } = "https://example.invalid/rig.git";

    internal IReadOnlyList<IssueBuilder> Issues => _issues;

    internal IReadOnlyList<string> RawLines => _rawLines;

    /// <summary>Adds an issue; <paramref name="configure"/> sets its fields (status, dependencies, ...).</summary>
    public RigBuilder WithIssue(string id, string title, Action<IssueBuilder>? configure = null)
    {
        var issue = new IssueBuilder(id, title, _defaultTimestamp);
        configure?.Invoke(issue);
        _issues.Add(issue);
        return this;
    }

    /// <summary>Adds a raw line to issues.jsonl, written as given after the generated issues (for malformed-line tests).</summary>
    public RigBuilder WithIssueLine(string rawLine)
    {
        _rawLines.Add(rawLine);
        return this;
    }

    /// <summary>Writes the route but no issues.jsonl for this rig.</summary>
    public RigBuilder WithoutIssuesFile()
    {
        WritesIssuesFile = false;
        return this;
    }

    /// <summary>Does not write <c>&lt;rig&gt;/config.json</c>.</summary>
    public RigBuilder WithoutRigConfig()
    {
        WritesRigConfig = false;
        return this;
    }

    /// <summary>Sets the git URL written to config.json and mayor/rigs.json.</summary>
    public RigBuilder WithGitUrl(string gitUrl)
    {
        GitUrl = gitUrl;
        return this;
    }

    /// <summary>The issues.jsonl content: generated issues sorted by id (ordinal), then raw lines; LF after each line.</summary>
    public string ToIssuesJsonl()
    {
        var lines = _issues.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => i.ToJsonLine()).Concat(_rawLines);
        return string.Concat(lines.Select(l => l + "\n"));
    }
}
