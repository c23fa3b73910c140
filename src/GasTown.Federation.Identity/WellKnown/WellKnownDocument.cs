using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.Identity;

/// <summary>
/// What an entity publishes about itself at <c>https://{domain}/.well-known/gastown.json</c>: its chains with the git
/// URLs and branches others fetch, the public SSH keys its chains are signed with, and optionally people of the
/// domain with their keys and chains. docs/identity.md describes the format.
/// </summary>
/// <remarks>
/// Reading is strict where it matters and lenient where it may grow: the document must be a JSON object of
/// <see cref="CurrentVersion"/> or older naming its entity, within <see cref="DefaultMaxBytes"/>; unknown properties
/// are ignored, and keys of types this SDK does not read are skipped and counted (<see cref="SkippedKeyCount"/>).
/// </remarks>
public sealed class WellKnownDocument
{
    /// <summary>The path below the domain's root where the document is served.</summary>
    public const string RelativePath = ".well-known/gastown.json";

    /// <summary>The format version this SDK writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The largest document read by default (64 KiB): hundreds of chains and keys.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    // Bounds on what one document may list, so a hostile one costs little even under the byte cap.
    private const int MaxEntries = 1000;
    private const int MaxUrlLength = 2048;

    /// <summary>Creates a document.</summary>
    /// <param name="entity">The entity (a domain) it speaks for.</param>
    /// <param name="chains">Its published chains.</param>
    /// <param name="keys">Its public keys.</param>
    /// <param name="people">People of the domain, or null.</param>
    public WellKnownDocument(EntityId entity, IReadOnlyList<WellKnownChain> chains, IReadOnlyList<SshPublicKey> keys, IReadOnlyList<WellKnownPerson>? people = null)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(keys);
        Entity = entity;
        Chains = chains;
        Keys = keys;
        People = people ?? [];
    }

    /// <summary>The document's version as read (<see cref="CurrentVersion"/> for documents this SDK writes).</summary>
    public int Version { get; private init; } = CurrentVersion;

    /// <summary>The entity the document speaks for: the domain it is served from.</summary>
    public EntityId Entity { get; }

    /// <summary>The entity's chains.</summary>
    public IReadOnlyList<WellKnownChain> Chains { get; }

    /// <summary>The entity's public keys: a chain of the entity is verified when its tip is signed by one of them.</summary>
    public IReadOnlyList<SshPublicKey> Keys { get; }

    /// <summary>People of the domain the document vouches for.</summary>
    public IReadOnlyList<WellKnownPerson> People { get; }

    /// <summary>Keys that were skipped because this SDK does not read their type (or they were malformed).</summary>
    public int SkippedKeyCount { get; private init; }

    /// <summary>The chain <paramref name="name"/> of <paramref name="entity"/> (the domain's or a person's), or null.</summary>
    /// <param name="entity">The domain or a person of it.</param>
    /// <param name="name">The chain name (compared without case, as chain names are).</param>
    /// <returns>The chain, or null when the document does not list it.</returns>
    public WellKnownChain? FindChain(EntityId entity, string name)
    {
        var chains = entity == Entity ? Chains : FindPerson(entity)?.Chains ?? [];
        return chains.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The keys of <paramref name="entity"/>: the domain's, or a listed person's (empty when not listed).</summary>
    /// <param name="entity">The domain or a person of it.</param>
    /// <returns>The keys.</returns>
    public IReadOnlyList<SshPublicKey> KeysOf(EntityId entity) => entity == Entity ? Keys : FindPerson(entity)?.Keys ?? [];

    /// <summary>The person <paramref name="entity"/>, when the document lists them.</summary>
    /// <param name="entity">The person.</param>
    /// <returns>The person, or null.</returns>
    public WellKnownPerson? FindPerson(EntityId entity) => People.FirstOrDefault(p => p.Entity == entity);

    /// <summary>Reads a document.</summary>
    /// <param name="utf8Json">The document's bytes.</param>
    /// <param name="maxBytes">The largest document accepted.</param>
    /// <returns>The document.</returns>
    /// <exception cref="DiscoveryException">Too large (<see cref="DiscoveryFailureKind.TooLarge"/>) or not a valid document (<see cref="DiscoveryFailureKind.InvalidDocument"/>).</exception>
    public static WellKnownDocument Parse(ReadOnlySpan<byte> utf8Json, int maxBytes = DefaultMaxBytes) => Parse(utf8Json, maxBytes, null);

    internal static WellKnownDocument Parse(ReadOnlySpan<byte> utf8Json, int maxBytes, Uri? url)
    {
        var where = url?.ToString() ?? "the well-known document";
        if (utf8Json.Length > maxBytes)
        {
            throw new DiscoveryException(DiscoveryFailureKind.TooLarge, url, $"{where} is larger than {maxBytes} bytes; it was not read.");
        }

        WellKnownDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, WellKnownJsonContext.Default.WellKnownDto);
        }
        catch (JsonException ex)
        {
            // The message's path names the member it failed in, and a member's name is the server's text.
            throw Invalid(url, $"{where} is not valid JSON of the expected shape ({MessageText.Printable(ex.Message, MessageText.MaxCallerText)})", ex);
        }

        if (dto is null)
        {
            throw Invalid(url, $"{where} is not a JSON object");
        }

        if (dto.Version is not { } version || version < 1)
        {
            throw Invalid(url, $"{where} has no \"version\" (1)");
        }

        if (version > CurrentVersion)
        {
            throw Invalid(url, $"{where} is version {version}; this SDK reads version {CurrentVersion} and older. Update the SDK");
        }

        if (!EntityId.TryParse(dto.Entity, out var entity) || entity.Kind != EntityKind.Organization)
        {
            throw Invalid(url, $"{where} has no valid \"entity\" (the domain it is served from)");
        }

        var skipped = 0;
        var keys = ReadKeys(dto.Keys, ref skipped);
        var chains = ReadChains(dto.Chains, entity, url, where);
        var people = new List<WellKnownPerson>();
        foreach (var person in Bounded(dto.People, "people", url, where))
        {
            if (person is null || !EntityId.TryParse(person.Entity, out var personId) || personId.Kind != EntityKind.Person || personId.DomainEntity != entity)
            {
                throw Invalid(url, $"{where} lists a person whose \"entity\" is not an address at {entity}");
            }

            people.Add(new WellKnownPerson(personId, ReadKeys(person.Keys, ref skipped), ReadChains(person.Chains, personId, url, where)));
        }

        return new WellKnownDocument(entity, chains, keys, people) { Version = version, SkippedKeyCount = skipped };
    }

    /// <summary>Writes the document as indented UTF-8 JSON, the form to serve at <see cref="RelativePath"/>.</summary>
    /// <remarks>Keys are written as they are (base64 '+' unescaped): the document is served as application/json, never embedded in HTML.</remarks>
    /// <returns>The bytes.</returns>
    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", CurrentVersion);
            writer.WriteString("entity", Entity.Value);
            WriteChains(writer, Chains);
            WriteKeys(writer, Keys);
            if (People.Count > 0)
            {
                writer.WriteStartArray("people");
                foreach (var person in People)
                {
                    writer.WriteStartObject();
                    writer.WriteString("entity", person.Entity.Value);
                    WriteKeys(writer, person.Keys);
                    WriteChains(writer, person.Chains);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteChains(Utf8JsonWriter writer, IReadOnlyList<WellKnownChain> chains)
    {
        writer.WriteStartArray("chains");
        foreach (var chain in chains)
        {
            writer.WriteStartObject();
            writer.WriteString("name", chain.Name);
            writer.WriteString("url", chain.Url);
            if (chain.Branch is not null)
            {
                writer.WriteString("branch", chain.Branch);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteKeys(Utf8JsonWriter writer, IReadOnlyList<SshPublicKey> keys)
    {
        writer.WriteStartArray("keys");
        foreach (var key in keys)
        {
            writer.WriteStringValue(key.ToString());
        }

        writer.WriteEndArray();
    }

    private static List<SshPublicKey> ReadKeys(List<string?>? lines, ref int skipped)
    {
        var keys = new List<SshPublicKey>();
        foreach (var line in lines ?? [])
        {
            if (keys.Count < MaxEntries && SshPublicKey.TryParse(line, out var key, out _))
            {
                keys.Add(key);
            }
            else
            {
                skipped++;
            }
        }

        return keys;
    }

    private static List<WellKnownChain> ReadChains(List<WellKnownChainDto?>? list, EntityId entity, Uri? url, string where)
    {
        var chains = new List<WellKnownChain>();
        foreach (var chain in Bounded(list, "chains", url, where))
        {
            if (chain?.Name is not { Length: > 0 } name || !GtUri.TryParse($"gt://{entity}/{name}", out var uri) || uri.Kind != GtUriKind.Chain)
            {
                throw Invalid(url, $"{where} lists a chain of {entity} without a valid \"name\"");
            }

            if (chain.Url is not { Length: > 0 and <= MaxUrlLength } chainUrl || chainUrl.EnumerateRunes().Any(r => UnsafeCharacters.IsLayoutControl(r.Value) || UnsafeCharacters.IsDefaultIgnorable(r.Value)) || chainUrl.StartsWith('-'))
            {
                throw Invalid(url, $"{where} lists the chain {uri} without a usable \"url\"");
            }

            if (chain.Branch is { } branch && (branch.Length is 0 or > 255 || branch.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\') || branch.Contains("..", StringComparison.Ordinal) || branch.StartsWith('-')))
            {
                throw Invalid(url, $"{where} gives the chain {uri} a branch git cannot name");
            }

            chains.Add(new WellKnownChain(uri.Chain!, chainUrl, chain.Branch));
        }

        return chains;
    }

    private static IEnumerable<T> Bounded<T>(List<T>? list, string name, Uri? url, string where)
    {
        if (list is { Count: > MaxEntries })
        {
            throw Invalid(url, $"{where} lists more than {MaxEntries} {name}");
        }

        return list ?? [];
    }

    private static DiscoveryException Invalid(Uri? url, string message, Exception? inner = null)
        => new(DiscoveryFailureKind.InvalidDocument, url, message + ".", inner);
}
