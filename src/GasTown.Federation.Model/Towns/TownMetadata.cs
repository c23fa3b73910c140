using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// A town's metadata, <c>mayor/town.json</c>: <c>{"type":"town","version":2,"name","owner","public_name","created_at"}</c>
/// (upstream gt's <c>TownConfig</c>). Read as gt reads it, written byte for byte as gt writes it.
/// </summary>
/// <remarks>
/// <para>
/// Validation copies gt's <c>LoadTownConfig</c>: <c>type</c> must be <c>"town"</c> or empty, <c>version</c>
/// at most <see cref="CurrentVersion"/>, <c>name</c> present. The seed document's <c>&lt;town&gt;/.town.json</c>
/// is read too (<see cref="LoadAsync"/>), but only <c>mayor/town.json</c> is written.
/// </para>
/// <para>
/// Reading is gt's <c>json.Unmarshal</c>: keys match case-insensitively (Go's fold rules) and the last matching key
/// wins, so <c>{"owner":"acme.com","Owner":"evil.com"}</c> reads as evil.com, as gt reads it; <c>null</c> leaves a
/// field unset; invalid UTF-8 inside a string reads as U+FFFD, one per bad byte; a leading UTF-8 BOM is skipped
/// (gt would refuse the file). <see cref="TryParse"/> never throws, whatever the bytes.
/// </para>
/// <para>
/// Writing is <c>json.MarshalIndent(cfg, "", "  ")</c>: keys in the order type, version, name, owner,
/// public_name, created_at, empty owner and public_name left out, two-space indent, Go's escaping, no
/// trailing newline. Keys gt does not know are kept and written after the known ones, so a newer
/// file survives a rewrite by this SDK.
/// </para>
/// <para>
/// For federation, <see cref="Owner"/> is the chain's entity (a person's email, or the person who
/// installed an organisation's town) and <see cref="Name"/> is the chain: <c>gt://owner/name</c>.
/// </para>
/// </remarks>
public sealed record TownMetadata
{
    /// <summary>Where gt keeps the file, relative to the town root.</summary>
    public const string RelativePath = "mayor/town.json";

    /// <summary>The seed document's location, relative to the town root; read, never written.</summary>
    public const string SeedRelativePath = ".town.json";

    /// <summary>The newest version gt writes (v2 added owner and public_name); newer files are refused, as gt does.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The <c>type</c> value of a town.</summary>
    public const string TownType = "town";

    /// <summary>Creates metadata for a new town, as <c>gt install</c> does.</summary>
    /// <param name="name">The town (chain) name, required.</param>
    /// <param name="owner">The owner's email (or an organisation's domain), or null.</param>
    /// <param name="publicName">The display name, or null (gt defaults it to the name).</param>
    /// <param name="createdAt">When the town was created; written in Go's RFC 3339 form with its offset.</param>
    public TownMetadata(string name, string? owner, string? publicName, BeadsTimestamp createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Owner = owner;
        PublicName = publicName;
        CreatedAt = createdAt;
    }

    /// <summary>
    /// Creates metadata for a town installed now, as <c>gt install</c> does: <c>created_at</c> is the local time of
    /// <paramref name="timeProvider"/> with its offset, in Go's RFC 3339 form.
    /// </summary>
    /// <param name="name">The town (chain) name, required.</param>
    /// <param name="owner">The owner's email (or an organisation's domain), or null.</param>
    /// <param name="publicName">The display name, or null.</param>
    /// <param name="timeProvider">The clock (<see cref="TimeProvider.System"/> in production).</param>
    /// <returns>The metadata.</returns>
    public static TownMetadata CreateNew(string name, string? owner, string? publicName, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new TownMetadata(name, owner, publicName, BeadsTimestamp.FromDateTimeOffset(timeProvider.GetLocalNow()));
    }

    /// <summary>The <c>type</c> as read: <c>"town"</c>, or empty in files that left it out (gt accepts both).</summary>
    public string Type { get; init; } = TownType;

    /// <summary>The format version; gt writes <see cref="CurrentVersion"/>.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The town name: the chain segment of the town's <c>gt://</c> URI.</summary>
    /// <exception cref="ArgumentException">Set to an empty name (gt refuses a town.json without one).</exception>
    public string Name
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            field = value;
        }
    }

    /// <summary>The owner: <c>--owner</c> at install time, else the installer's git email. The entity of the town's chain.</summary>
    public string? Owner { get; init; }

    /// <summary>The display name, or null.</summary>
    public string? PublicName { get; init; }

    /// <summary>When the town was created (the original text is kept, so 9-digit fractions survive).</summary>
    public BeadsTimestamp CreatedAt { get; init; }

    /// <summary>Keys gt does not know, in file order, written back after the known keys.</summary>
    public IReadOnlyList<UnknownJsonField> UnknownFields { get; init; } = [];

    /// <summary>The owner as an entity, when it is a valid email or domain.</summary>
    /// <param name="entity">The owner entity.</param>
    /// <returns>Whether <see cref="Owner"/> is a valid entity.</returns>
    public bool TryGetOwnerEntity(out EntityId entity)
    {
        entity = default;
        return Owner is { Length: > 0 } && EntityId.TryParse(Owner, out entity);
    }

    /// <summary>
    /// The town's own chain, <c>gt://owner/name</c>, or why it has none: the one rule for it, so every message about a
    /// town without a chain says which field is wrong (a <see cref="Name"/> such as <c>../x</c> was reported as a bad
    /// owner, or as a character at a position in nothing named).
    /// </summary>
    /// <param name="chain">The chain, when there is one.</param>
    /// <param name="problem">Which field of town.json is wrong and how, when there is none; else null.</param>
    /// <returns>Whether the town has a chain.</returns>
    public bool TryGetChain(out GtUri chain, [NotNullWhen(false)] out string? problem)
    {
        chain = default;
        if (!TryGetOwnerEntity(out var owner))
        {
            problem = $"its \"owner\" ('{MessageText.Printable(Owner ?? "")}') is missing or not an email (alice@example.com) or a domain (acme.com)";
            return false;
        }

        if (!GtUri.TryParse($"gt://{owner}/{Name}", out var parsed, out var error) || parsed.Kind != GtUriKind.Chain)
        {
            problem = $"its \"name\" ('{MessageText.Printable(Name)}') is not a chain name ({(parsed.Kind == GtUriKind.Chain ? error.Message : "Chain names use letters, digits, '.', '_' and '-'.")})";
            return false;
        }

        chain = parsed;
        problem = null;
        return true;
    }

    /// <summary>Parses town.json content, validating it as gt does.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="filePath">The file's path, for messages, or null.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="TownMetadataException">The content is not a valid town.json.</exception>
    public static TownMetadata Parse(ReadOnlySpan<byte> utf8, string? filePath = null)
        => TryParse(utf8, out var metadata, out var problem) ? metadata : throw new TownMetadataException(problem, filePath);

    /// <summary>Parses town.json content without throwing.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="metadata">The metadata, when valid.</param>
    /// <param name="problem">What is wrong (gt's wording), when not.</param>
    /// <returns>Whether the content is a valid town.json.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out TownMetadata? metadata, [NotNullWhen(false)] out string? problem)
    {
        metadata = null;
        JsonDocument document;
        try
        {
            // A BOM is skipped, invalid UTF-8 in strings reads as U+FFFD (as Go reads it): no byte makes this throw.
            document = JsonDocument.Parse(GoJsonInput.Normalize(GoJsonInput.SkipBom(utf8)).ToArray());
        }
        catch (JsonException exception)
        {
            // System.Text.Json counts lines and bytes from zero, and appends them to its message in its own notation.
            var what = exception.Message.Split(" Path: ", 2)[0].Split(" LineNumber: ", 2)[0].TrimEnd().TrimEnd('.', '|').TrimEnd();
            problem = exception.LineNumber is { } line && exception.BytePositionInLine is { } position
                ? string.Create(CultureInfo.InvariantCulture, $"invalid JSON at line {line + 1}, byte {position + 1}: {what}")
                : $"invalid JSON: {what}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "invalid JSON: the file must hold one JSON object";
                return false;
            }

            // Keys are matched as gt's json.Unmarshal matches them: case-insensitively, the last one winning.
            if (!GoJsonObject.TryRead(root, Fields, out var fields, out var fieldProblem))
            {
                problem = $"invalid JSON: {fieldProblem}";
                return false;
            }

            var version = 0;
            if (fields[VersionField] is { } versionValue && !versionValue.TryGetInt32(out version))
            {
                problem = $"invalid JSON: \"version\" must be an integer, got {GoJsonObject.Describe(versionValue)}";
                return false;
            }

            BeadsTimestamp? createdAt = null;
            if (fields[CreatedAtField] is { } createdValue)
            {
                if (!BeadsTimestamp.TryParse(createdValue.GetString(), out var parsed))
                {
                    problem = $"invalid JSON: \"created_at\" must be an RFC 3339 timestamp, got {GoJsonObject.Describe(createdValue)}";
                    return false;
                }

                createdAt = parsed;
            }

            // gt's LoadTownConfig, in its order and with its messages.
            var type = fields.String(TypeField) ?? string.Empty;
            if (type != TownType && type.Length != 0)
            {
                problem = $"invalid config type: expected type 'town', got '{MessageText.Printable(type)}'";
                return false;
            }

            if (version > CurrentVersion)
            {
                problem = $"unsupported config version: got {version}, max supported {CurrentVersion}";
                return false;
            }

            var name = fields.String(NameField);
            if (string.IsNullOrEmpty(name))
            {
                problem = "missing required field: name";
                return false;
            }

            metadata = new TownMetadata(name, NullIfEmpty(fields.String(OwnerField)), NullIfEmpty(fields.String(PublicNameField)), createdAt ?? GoZeroTime)
            {
                Type = type,
                Version = version,
                UnknownFields = fields.Unknown,
            };
            problem = null;
            return true;
        }
    }

    /// <summary>
    /// Reads a town's metadata from <c>&lt;townRoot&gt;/mayor/town.json</c>, falling back to the seed
    /// document's <c>&lt;townRoot&gt;/.town.json</c>.
    /// </summary>
    /// <param name="townRoot">The town root folder.</param>
    /// <param name="cancellationToken">Checked before the read (a file of a few hundred bytes, read at once).</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="TownMetadataException">Neither file exists, or the file found is not valid.</exception>
    /// <exception cref="IOException">The file found cannot be read; a pipe or a device there is refused before it is opened, so the load never waits on it.</exception>
    public static ValueTask<TownMetadata> LoadAsync(string townRoot, CancellationToken cancellationToken = default)
    {
        // town.json is a few hundred bytes, read by every query's cheap check: it is read at once, not through the thread
        // pool (an asynchronous file read on Unix is a synchronous one on a pool thread; the hop, and starting the pool's
        // first threads in a fresh process, cost more than the read). Errors still come through the returned task.
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Load(townRoot));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TownMetadata>(cancellationToken);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<TownMetadata>(exception);
        }
    }

    private static TownMetadata Load(string townRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(townRoot);
        return ReadFile(townRoot) is { } file
            ? Parse(file.Bytes, file.Path)
            : throw new TownMetadataException($"no {RelativePath} (nor {SeedRelativePath}) in {townRoot}; is this a Gas Town town root?", Path.Combine(townRoot, RelativePath));
    }

    /// <summary>
    /// The bytes of the town's metadata file and where they were read: <c>mayor/town.json</c>, else the seed document's
    /// <c>.town.json</c>; null when neither exists. The one place the SDK finds a town's town.json.
    /// </summary>
    /// <exception cref="IOException">The file found cannot be read (it is a pipe, say).</exception>
    /// <exception cref="UnauthorizedAccessException">The file found may not be read.</exception>
    internal static (byte[] Bytes, string Path)? ReadFile(string townRoot)
    {
        foreach (var relative in (string[])[RelativePath, SeedRelativePath])
        {
            var path = Path.Combine(townRoot, relative);
            try
            {
                return (LocalFile.ReadAllBytes(path), path);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                // Not this one; the next.
            }
            catch (UnauthorizedAccessException exception)
            {
                // .NET's words for a folder where the file should be, and for a file this user may not read.
                throw new TownMetadataException(
                    Directory.Exists(path) ? $"{relative} is a folder, not a file" : $"{relative} cannot be read by this user ({exception.Message.TrimEnd('.')})",
                    path, exception);
            }
        }

        return null;
    }

    /// <summary>Writes the file as gt's <c>SaveTownConfig</c> does (see the type's remarks).</summary>
    /// <param name="writer">Where the UTF-8 bytes go.</param>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        const string Indent = "  ";
        GoJsonWriter.WriteRaw(writer, "{\n  \"type\": "u8);
        GoJsonWriter.WriteString(writer, Type);
        GoJsonWriter.WriteRaw(writer, ",\n  \"version\": "u8);
        GoJsonWriter.WriteInt(writer, Version);
        GoJsonWriter.WriteRaw(writer, ",\n  \"name\": "u8);
        GoJsonWriter.WriteString(writer, Name);
        if (!string.IsNullOrEmpty(Owner))
        {
            GoJsonWriter.WriteRaw(writer, ",\n  \"owner\": "u8);
            GoJsonWriter.WriteString(writer, Owner);
        }

        if (!string.IsNullOrEmpty(PublicName))
        {
            GoJsonWriter.WriteRaw(writer, ",\n  \"public_name\": "u8);
            GoJsonWriter.WriteString(writer, PublicName);
        }

        GoJsonWriter.WriteRaw(writer, ",\n  \"created_at\": "u8);
        GoJsonWriter.WriteString(writer, CreatedAt.Text);
        foreach (var field in UnknownFields)
        {
            GoJsonWriter.WriteRaw(writer, ",\n  "u8);
            GoJsonWriter.WriteString(writer, field.Name);
            GoJsonWriter.WriteRaw(writer, ": "u8);
            GoJsonWriter.WriteIndentedInOrder(writer, field, Indent, 1);
        }

        GoJsonWriter.WriteRaw(writer, "\n}"u8);
    }

    /// <summary>The bytes <see cref="WriteTo"/> writes.</summary>
    public byte[] ToUtf8Bytes()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>&lt;townRoot&gt;/mayor/town.json</c> atomically, creating <c>mayor/</c> if needed.</summary>
    /// <param name="townRoot">The town root folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public ValueTask SaveAsync(string townRoot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(townRoot);
        return AtomicFileReplace.WriteAsync(Path.Combine(townRoot, "mayor", "town.json"), ToUtf8Bytes(), cancellationToken);
    }

    private const int TypeField = 0;
    private const int VersionField = 1;
    private const int NameField = 2;
    private const int OwnerField = 3;
    private const int PublicNameField = 4;
    private const int CreatedAtField = 5;

    // gt's TownConfig fields, in its struct order.
    private static readonly GoJsonField[] Fields =
    [
        new("type", JsonValueKind.String),
        new("version", JsonValueKind.Number),
        new("name", JsonValueKind.String),
        new("owner", JsonValueKind.String),
        new("public_name", JsonValueKind.String),
        new("created_at", JsonValueKind.String),
    ];

    // Go's zero time.Time, which gt writes when created_at was never set.
    private static BeadsTimestamp GoZeroTime { get; } = BeadsTimestamp.Parse("0001-01-01T00:00:00Z");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
