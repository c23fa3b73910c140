using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Identity;

/// <summary>
/// One owner-signed line of a chain's <c>federation/grants.jsonl</c>: a grant of an SSH key to an agent
/// (<c>gastown/crew/joe</c>) until an expiry, or the revocation of such a key. The owner's SSHSIG signature
/// (namespace <see cref="SignatureNamespace"/>) covers every field, so a line can be checked by anyone who
/// trusts the owner's keys. The agent acts, the owner vouches.
/// </summary>
public sealed class AgentKeyStatement
{
    /// <summary>The SSHSIG namespace statements are signed in (never <c>git</c>: a statement is not a commit).</summary>
    public const string SignatureNamespace = "gastown-agent-key";

    /// <summary>The path of the statements in a town and in its published tree.</summary>
    public const string RelativePath = "federation/grants.jsonl";

    private AgentKeyStatement(AgentKeyStatementKind kind, string agent, SshPublicKey key, DateTimeOffset? expires, DateTimeOffset issuedAt, string signature)
    {
        Kind = kind;
        Agent = agent;
        Key = key;
        Expires = expires;
        IssuedAt = issuedAt;
        Signature = signature;
    }

    /// <summary>Grant or revocation.</summary>
    public AgentKeyStatementKind Kind { get; }

    /// <summary>The agent (a BD_ACTOR path).</summary>
    public string Agent { get; }

    /// <summary>The agent's public key.</summary>
    public SshPublicKey Key { get; }

    /// <summary>When a grant ends; null for a revocation.</summary>
    public DateTimeOffset? Expires { get; }

    /// <summary>When the owner signed the statement.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The owner's armored SSHSIG signature over the statement.</summary>
    public string Signature { get; }

    /// <summary>Signs a grant of <paramref name="key"/> to <paramref name="agent"/> until <paramref name="expires"/>.</summary>
    /// <param name="agent">The agent, e.g. <c>gastown/crew/joe</c>.</param>
    /// <param name="key">The agent's public key.</param>
    /// <param name="expires">When the grant ends.</param>
    /// <param name="issuedAt">Now.</param>
    /// <param name="owner">The owner's signing key.</param>
    /// <returns>The statement.</returns>
    public static AgentKeyStatement Grant(string agent, SshPublicKey key, DateTimeOffset expires, DateTimeOffset issuedAt, SshSigningKey owner)
        => Create(AgentKeyStatementKind.Grant, agent, key, expires, issuedAt, owner);

    /// <summary>Signs the revocation of <paramref name="key"/> (granted to <paramref name="agent"/>).</summary>
    /// <param name="agent">The agent it was granted to.</param>
    /// <param name="key">The key.</param>
    /// <param name="issuedAt">Now.</param>
    /// <param name="owner">The owner's signing key.</param>
    /// <returns>The statement.</returns>
    public static AgentKeyStatement Revoke(string agent, SshPublicKey key, DateTimeOffset issuedAt, SshSigningKey owner)
        => Create(AgentKeyStatementKind.Revoke, agent, key, null, issuedAt, owner);

    /// <summary>Whether the statement is signed by one of <paramref name="ownerKeys"/> over exactly its fields.</summary>
    /// <param name="ownerKeys">The owner's trusted keys.</param>
    /// <returns>Whether it verifies.</returns>
    public bool IsSignedBy(IEnumerable<SshPublicKey> ownerKeys)
    {
        ArgumentNullException.ThrowIfNull(ownerKeys);
        return SshSignature.TryParse(Signature, out var signature, out _)
            && ownerKeys.Contains(signature.PublicKey)
            && signature.Verify(Payload(Kind, Agent, Key, Expires, IssuedAt), SignatureNamespace);
    }

    /// <summary>The statement as one JSON line (no newline).</summary>
    /// <returns>The line.</returns>
    public string ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Kind == AgentKeyStatementKind.Grant ? "grant" : "revoke");
            writer.WriteString("agent", Agent);
            writer.WriteString("key", Key.ToKeyString());
            if (Expires is { } expires)
            {
                writer.WriteString("expires", Format(expires));
            }

            writer.WriteString("issued_at", Format(IssuedAt));
            writer.WriteString("signature", Signature);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads one line; says what is wrong when it is not a statement (the signature is not checked here).</summary>
    /// <param name="line">The JSON line.</param>
    /// <param name="statement">The statement, when read.</param>
    /// <param name="problem">What is wrong, when not.</param>
    /// <returns>Whether the line is a well-formed statement.</returns>
    public static bool TryParse(string line, [NotNullWhen(true)] out AgentKeyStatement? statement, [NotNullWhen(false)] out string? problem)
    {
        statement = null;
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return false;
            }

            var kind = Text(root, "type") switch
            {
                "grant" => AgentKeyStatementKind.Grant,
                "revoke" => AgentKeyStatementKind.Revoke,
                _ => (AgentKeyStatementKind)0,
            };
            var agent = Text(root, "agent");
            var keyText = Text(root, "key");
            var signature = Text(root, "signature");
            if (kind == 0 || string.IsNullOrWhiteSpace(agent) || agent.Length > 256 || keyText is null || signature is null)
            {
                problem = "a statement needs type (grant or revoke), agent, key and signature";
                return false;
            }

            if (!SshPublicKey.TryParse(keyText, out var key, out problem))
            {
                return false;
            }

            if (!TryTime(Text(root, "issued_at"), out var issued) || (kind == AgentKeyStatementKind.Grant && !TryTime(Text(root, "expires"), out _)))
            {
                problem = "issued_at (and for a grant, expires) must be RFC 3339 times";
                return false;
            }

            DateTimeOffset? expires = kind == AgentKeyStatementKind.Grant && TryTime(Text(root, "expires"), out var e) ? e : null;
            statement = new AgentKeyStatement(kind, agent, key, expires, issued, signature);
            problem = null;
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"not valid JSON ({ex.Message})";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json refuses to decode an escaped lone surrogate ("\ud800") into a string.
            problem = $"a string is not valid Unicode ({ex.Message})";
            return false;
        }
    }

    private static AgentKeyStatement Create(AgentKeyStatementKind kind, string agent, SshPublicKey key, DateTimeOffset? expires, DateTimeOffset issuedAt, SshSigningKey owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agent);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(owner);

        // Whole seconds: the line stores times at that precision, and the signature must cover what is stored.
        var issued = Truncate(issuedAt);
        var until = expires is { } x ? Truncate(x) : (DateTimeOffset?)null;
        var signature = owner.Sign(Payload(kind, agent, key, until, issued), SignatureNamespace).TrimEnd('\n');
        return new AgentKeyStatement(kind, agent, key, until, issued, signature);
    }

    // The signed bytes: every field, one per line, in a fixed order, so no JSON re-encoding can change what was signed.
    private static byte[] Payload(AgentKeyStatementKind kind, string agent, SshPublicKey key, DateTimeOffset? expires, DateTimeOffset issued)
        => Encoding.UTF8.GetBytes($"gastown-agent-key-v1\n{(kind == AgentKeyStatementKind.Grant ? "grant" : "revoke")}\n{agent}\n{key.ToKeyString()}\n{(expires is { } e ? Format(e) : "")}\n{Format(issued)}\n");

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static bool TryTime(string? text, out DateTimeOffset time)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string? Text(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
