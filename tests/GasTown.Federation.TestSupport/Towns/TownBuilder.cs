using System.Text;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// Writes a real town folder the way upstream's gt and bd lay it out (DESIGN §3, FORMATS §2–§3):
/// <c>mayor/town.json</c> (Go's MarshalIndent format, no trailing newline), <c>mayor/rigs.json</c>,
/// <c>.beads/routes.jsonl</c>, each rig's <c>&lt;path&gt;/.beads/issues.jsonl</c> and <c>&lt;rig&gt;/config.json</c>,
/// the town-level <c>.beads/issues.jsonl</c>, <c>federation/relationships.jsonl</c> and <c>.events.jsonl</c>.
/// </summary>
/// <example>
/// <code>
/// using var temp = new TempDirectory();
/// var town = TownBuilder.At(temp.Path)
///     .Named("main-town").OwnedBy("alice@example.com")
///     .WithRig("gastown", "gt-", rig => rig
///         .WithIssue("gt-abc", "Fix the thing")
///         .WithIssue("gt-def", "Depends on beads", i => i.DependsOn("external:beads:bd-xyz")))
///     .WithTownBeads(hq => hq.WithIssue("hq-1", "Town task"))
///     .WithEmployment("alice@example.com", "acme.com")
///     .Build();
/// </code>
/// </example>
public sealed class TownBuilder
{
    private readonly List<RigBuilder> _rigs = [];
    private readonly List<string> _extraRouteLines = [];
    private readonly List<string> _relationshipLines = [];
    private readonly List<string> _eventLines = [];
    private readonly List<(string Path, string Content)> _files = [];
    private TownJsonPlacement _townJsonPlacement = TownJsonPlacement.Mayor;
    private string? _townJsonOverride;
    private string? _publicName;
    private bool _writeRoutes = true;
    private bool _writeRigsJson = true;

    private TownBuilder(string root)
    {
        Root = root;
        Name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(root));
    }

    private enum TownJsonPlacement
    {
        Mayor,
        Seed,
        None,
    }

    /// <summary>The town root folder (created by <see cref="Build"/> if missing).</summary>
    public string Root { get; }

    /// <summary>The town name (default: the folder name, as <c>gt install</c> does).</summary>
    public string? Name { get; private set; }

    /// <summary>The owner (default <c>mayor@example.com</c>).</summary>
    public string? Owner { get; private set; } = "mayor@example.com";

    /// <summary>The <c>created_at</c> text written to town.json and used as the default issue timestamp.</summary>
    public string CreatedAtText { get; private set; } = "2025-12-30T10:00:00.123456-08:00";

    /// <summary>Starts a town at <paramref name="root"/>.</summary>
    public static TownBuilder At(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return new TownBuilder(root);
    }

    /// <summary>
    /// Starts a one-rig repository at <paramref name="root"/>: <c>.beads/issues.jsonl</c> at the root, no
    /// town.json and no routes (how beads kept its issues in git in 2025). Call <see cref="Build"/> after.
    /// </summary>
    public static TownBuilder SingleRigRepository(string root, Action<RigBuilder>? configure = null)
        => At(root).WithoutTownJson().WithoutRoutes().WithTownBeads(configure, prefix: "bd-");

    /// <summary>Sets the town (chain) name written to town.json.</summary>
    public TownBuilder Named(string name)
    {
        Name = name;
        return this;
    }

    /// <summary>Sets the owner written to town.json (a person's email or an organisation's domain); null leaves it out (a v1-style town).</summary>
    public TownBuilder OwnedBy(string? owner)
    {
        Owner = owner;
        return this;
    }

    /// <summary>Sets <c>public_name</c> (left out when not set, although gt install defaults it to the name).</summary>
    public TownBuilder WithPublicName(string publicName)
    {
        _publicName = publicName;
        return this;
    }

    /// <summary>Sets <c>created_at</c> (RFC 3339 text, written as given) and the default issue timestamp.</summary>
    public TownBuilder CreatedAt(string timestamp)
    {
        CreatedAtText = timestamp;
        return this;
    }

    /// <summary>Writes the metadata to the seed document's <c>&lt;town&gt;/.town.json</c> instead of <c>mayor/town.json</c>.</summary>
    public TownBuilder WithSeedTownJson()
    {
        _townJsonPlacement = TownJsonPlacement.Seed;
        return this;
    }

    /// <summary>Writes no town.json at all (and no mayor/rigs.json).</summary>
    public TownBuilder WithoutTownJson()
    {
        _townJsonPlacement = TownJsonPlacement.None;
        _writeRigsJson = false;
        return this;
    }

    /// <summary>Writes <paramref name="rawJson"/> as mayor/town.json verbatim (for validation tests).</summary>
    public TownBuilder WithTownJsonText(string rawJson)
    {
        _townJsonOverride = rawJson;
        return this;
    }

    /// <summary>Does not write <c>.beads/routes.jsonl</c> (the rigs' issues files are still written).</summary>
    public TownBuilder WithoutRoutes()
    {
        _writeRoutes = false;
        return this;
    }

    /// <summary>Does not write <c>mayor/rigs.json</c>.</summary>
    public TownBuilder WithoutRigsJson()
    {
        _writeRigsJson = false;
        return this;
    }

    /// <summary>
    /// Adds a rig with a route <paramref name="prefix"/> → <paramref name="path"/> (default
    /// <c>&lt;name&gt;/mayor/rig</c>, where <c>gt rig add</c> puts the canonical clone).
    /// </summary>
    public TownBuilder WithRig(string name, string prefix, Action<RigBuilder>? configure = null, string? path = null)
    {
        var rig = new RigBuilder(name, prefix, path ?? $"{name}/mayor/rig", CreatedAtText);
        configure?.Invoke(rig);
        _rigs.Add(rig);
        return this;
    }

    /// <summary>Adds the town-level beads (<c>.beads/issues.jsonl</c>, route <paramref name="prefix"/> → <c>"."</c>).</summary>
    public TownBuilder WithTownBeads(Action<RigBuilder>? configure = null, string prefix = "hq-")
    {
        var rig = new RigBuilder(".", prefix, ".", CreatedAtText);
        rig.WithoutRigConfig();
        configure?.Invoke(rig);
        _rigs.Add(rig);
        return this;
    }

    /// <summary>Appends a raw line to routes.jsonl after the generated routes (comments, blanks, malformed lines).</summary>
    public TownBuilder WithRouteLine(string rawLine)
    {
        _extraRouteLines.Add(rawLine);
        return this;
    }

    /// <summary>Adds <c>{"type":"employment","entity":…,"organization":…}</c> to federation/relationships.jsonl.</summary>
    public TownBuilder WithEmployment(string entity, string organization)
    {
        var line = new StringBuilder("{\"type\":\"employment\",\"entity\":").AppendString(entity)
            .Append(",\"organization\":").AppendString(organization).Append('}');
        _relationshipLines.Add(line.ToString());
        return this;
    }

    /// <summary>Adds a delegation (parent and child are gt:// work-unit URIs) to federation/relationships.jsonl.</summary>
    public TownBuilder WithDelegation(
        string parent,
        string child,
        string? portion = null,
        string? deadline = null,
        string? delegatedBy = null,
        string? delegatedTo = null,
        int? creditShare = null,
        string? acceptanceCriteria = null)
    {
        var line = new StringBuilder("{\"type\":\"delegation\",\"parent\":").AppendString(parent).Append(",\"child\":").AppendString(child);
        if (delegatedBy is not null)
        {
            line.Append(",\"delegated_by\":").AppendString(delegatedBy);
        }

        if (delegatedTo is not null)
        {
            line.Append(",\"delegated_to\":").AppendString(delegatedTo);
        }

        if (portion is not null || deadline is not null || creditShare is not null || acceptanceCriteria is not null)
        {
            line.Append(",\"terms\":{");
            var first = true;
            void Key(string key)
            {
                line.Append(first ? "\"" : ",\"").Append(key).Append("\":");
                first = false;
            }

            if (portion is not null)
            {
                Key("portion");
                line.AppendString(portion);
            }

            if (deadline is not null)
            {
                Key("deadline");
                line.AppendString(deadline);
            }

            if (acceptanceCriteria is not null)
            {
                Key("acceptance_criteria");
                line.AppendString(acceptanceCriteria);
            }

            if (creditShare is not null)
            {
                Key("credit_share");
                line.Append(creditShare.Value);
            }

            line.Append('}');
        }

        _relationshipLines.Add(line.Append('}').ToString());
        return this;
    }

    /// <summary>Adds a cross-reference from <paramref name="source"/> to each (type, target) to federation/relationships.jsonl.</summary>
    public TownBuilder WithCrossReference(string source, params (string Type, string Target)[] references)
    {
        var line = new StringBuilder("{\"type\":\"cross_reference\",\"source\":").AppendString(source).Append(",\"references\":[");
        for (var i = 0; i < references.Length; i++)
        {
            line.Append(i == 0 ? "{\"type\":" : ",{\"type\":").AppendString(references[i].Type)
                .Append(",\"target\":").AppendString(references[i].Target).Append('}');
        }

        _relationshipLines.Add(line.Append("]}").ToString());
        return this;
    }

    /// <summary>Appends a raw line to federation/relationships.jsonl.</summary>
    public TownBuilder WithRelationshipLine(string rawLine)
    {
        _relationshipLines.Add(rawLine);
        return this;
    }

    /// <summary>
    /// Adds an event to <c>.events.jsonl</c> in gt's key order (ts, source, type, actor, payload, visibility);
    /// <paramref name="payloadJson"/> is written verbatim (give it sorted keys, as Go does).
    /// </summary>
    public TownBuilder WithEvent(string ts, string type, string actor, string? payloadJson = null, string visibility = "feed", string source = "gt")
    {
        var line = new StringBuilder("{\"ts\":").AppendString(ts).Append(",\"source\":").AppendString(source)
            .Append(",\"type\":").AppendString(type).Append(",\"actor\":").AppendString(actor);
        if (payloadJson is not null)
        {
            line.Append(",\"payload\":").Append(payloadJson);
        }

        line.Append(",\"visibility\":").AppendString(visibility).Append('}');
        _eventLines.Add(line.ToString());
        return this;
    }

    /// <summary>Appends a raw line to <c>.events.jsonl</c> (a torn or malformed line, for reader tests).</summary>
    public TownBuilder WithEventLine(string rawLine)
    {
        _eventLines.Add(rawLine);
        return this;
    }

    /// <summary>Writes any other file, relative to the town root (forward slashes), with the given content.</summary>
    public TownBuilder WithFile(string relativePath, string content)
    {
        _files.Add((relativePath, content));
        return this;
    }

    /// <summary>Writes the town to disk and returns what was written.</summary>
    public BuiltTown Build()
    {
        Directory.CreateDirectory(Root);
        WriteTownJson();
        if (_writeRigsJson && _rigs.Any(r => r.Path != "."))
        {
            Write("mayor/rigs.json", RigsJson());
        }

        if (_writeRoutes && (_rigs.Count > 0 || _extraRouteLines.Count > 0))
        {
            var routes = new StringBuilder();
            foreach (var rig in _rigs)
            {
                routes.Append("{\"prefix\":").AppendString(rig.Prefix).Append(",\"path\":").AppendString(rig.Path).Append("}\n");
            }

            foreach (var line in _extraRouteLines)
            {
                routes.Append(line).Append('\n');
            }

            Write(".beads/routes.jsonl", routes.ToString());
        }

        foreach (var rig in _rigs)
        {
            if (rig.WritesIssuesFile)
            {
                Write(rig.Path == "." ? ".beads/issues.jsonl" : $"{rig.Path}/.beads/issues.jsonl", rig.ToIssuesJsonl());
            }

            if (rig.WritesRigConfig && rig.Path != ".")
            {
                Write($"{rig.Name}/config.json", RigConfigJson(rig));
            }
        }

        if (_relationshipLines.Count > 0)
        {
            Write("federation/relationships.jsonl", string.Concat(_relationshipLines.Select(l => l + "\n")));
        }

        if (_eventLines.Count > 0)
        {
            Write(".events.jsonl", string.Concat(_eventLines.Select(l => l + "\n")));
        }

        foreach (var (path, content) in _files)
        {
            Write(path, content);
        }

        var written = _townJsonPlacement == TownJsonPlacement.None && _townJsonOverride is null;
        return new BuiltTown(Root, written ? null : Name, written ? null : Owner, _rigs.ToList());
    }

    /// <summary>
    /// The town.json text exactly as gt writes it: <c>json.MarshalIndent(cfg, "", "  ")</c>, keys
    /// type, version, name, owner, public_name, created_at, empty owner/public_name left out, no trailing newline.
    /// </summary>
    public string TownJson()
    {
        var json = new StringBuilder("{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": ").AppendString(Name ?? string.Empty);
        if (Owner is { Length: > 0 })
        {
            json.Append(",\n  \"owner\": ").AppendString(Owner);
        }

        if (_publicName is { Length: > 0 })
        {
            json.Append(",\n  \"public_name\": ").AppendString(_publicName);
        }

        return json.Append(",\n  \"created_at\": ").AppendString(CreatedAtText).Append("\n}").ToString();
    }

    private void WriteTownJson()
    {
        if (_townJsonOverride is not null)
        {
            Write("mayor/town.json", _townJsonOverride);
            return;
        }

        switch (_townJsonPlacement)
        {
            case TownJsonPlacement.Mayor:
                Write("mayor/town.json", TownJson());
                break;
            case TownJsonPlacement.Seed:
                Write(".town.json", TownJson());
                break;
            case TownJsonPlacement.None:
                break;
        }
    }

    private string RigsJson()
    {
        // gt's RigsConfig, MarshalIndent'ed: {"version":1,"rigs":{"<name>":{"git_url","added_at","beads":{"repo","prefix"}}}}.
        var json = new StringBuilder("{\n  \"version\": 1,\n  \"rigs\": {");
        var first = true;
        foreach (var rig in _rigs.Where(r => r.Path != "."))
        {
            json.Append(first ? "\n    " : ",\n    ").AppendString(rig.Name).Append(": {\n      \"git_url\": ").AppendString(rig.GitUrl)
                .Append(",\n      \"added_at\": ").AppendString(CreatedAtText)
                .Append(",\n      \"beads\": {\n        \"repo\": \"\",\n        \"prefix\": ").AppendString(rig.Prefix.TrimEnd('-'))
                .Append("\n      }\n    }");
            first = false;
        }

        return json.Append("\n  }\n}").ToString();
    }

    private string RigConfigJson(RigBuilder rig)
    {
        var json = new StringBuilder("{\n  \"type\": \"rig\",\n  \"version\": 1,\n  \"name\": ").AppendString(rig.Name)
            .Append(",\n  \"git_url\": ").AppendString(rig.GitUrl)
            .Append(",\n  \"created_at\": ").AppendString(CreatedAtText)
            .Append(",\n  \"beads\": {\n    \"repo\": \"\",\n    \"prefix\": ").AppendString(rig.Prefix.TrimEnd('-'))
            .Append("\n  }\n}");
        return json.ToString();
    }

    private void Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Root, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
