using System.Globalization;
using System.Text;
using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.Identity;

/// <summary>
/// Signs and checks lines of a town's <c>.events.jsonl</c> while keeping them upstream's lines: the signature is one
/// extra, last member, <c>"gt_sig"</c>, holding an SSHSIG (namespace <see cref="SignatureNamespace"/>) over the line
/// exactly as it was without that member. Upstream's readers (Go's <c>json.Unmarshal</c> into its event struct, the
/// feed curator, <c>gt audit</c>) ignore members they do not know, so a signed line reads as the unsigned one.
/// </summary>
/// <remarks>
/// The signed bytes are the line's own bytes, not a re-serialisation: <c>{…,"visibility":"feed"}</c> signed becomes
/// <c>{…,"visibility":"feed","gt_sig":"-----BEGIN SSH SIGNATURE-----\n…"}</c>, and the check cuts the member off again.
/// Nothing is canonicalised, so a line whose bytes changed in any way (even re-escaped) no longer verifies.
/// </remarks>
public static class SignedEventLine
{
    /// <summary>The SSHSIG namespace of event signatures, so a signature over an event is never taken for a commit's or a grant's.</summary>
    public const string SignatureNamespace = "gastown-event";

    /// <summary>The member that carries the signature: the line's last.</summary>
    public const string FieldName = "gt_sig";

    private const string Marker = ",\"" + FieldName + "\":\"";

    /// <summary>Signs one event line (a JSON object on one line, without its newline).</summary>
    /// <param name="unsignedLine">The line as written without a signature, e.g. by the SDK's event writer.</param>
    /// <param name="key">The signing key: the owner's, or an agent's granted key.</param>
    /// <returns>The line with the signature as its last member.</returns>
    /// <exception cref="ArgumentException">The line is not one JSON object, or is signed already.</exception>
    public static string Sign(string unsignedLine, SshSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(unsignedLine);
        ArgumentNullException.ThrowIfNull(key);
        if (unsignedLine.Contains('\n', StringComparison.Ordinal) || !unsignedLine.EndsWith('}') || !IsObject(unsignedLine))
        {
            throw new ArgumentException("An event line is one JSON object on one line, without its newline.", nameof(unsignedLine));
        }

        if (HasTopLevelSignature(unsignedLine))
        {
            throw new ArgumentException($"The line is signed already (it has a \"{FieldName}\" member).", nameof(unsignedLine));
        }

        // What is signed is what Verify rebuilds from the signed line: the body before the closing brace, without the
        // whitespace that may stand before it, then the brace ({"a":1 } is signed as {"a":1}).
        var body = unsignedLine.AsSpan(0, unsignedLine.Length - 1).TrimEnd();
        var signature = key.Sign(Encoding.UTF8.GetBytes(string.Concat(body, "}")), SignatureNamespace);
        var escaped = JsonEncodedText.Encode(signature).ToString();
        var separator = body.EndsWith("{") ? "\"" + FieldName + "\":\"" : Marker;
        return string.Concat(body, separator, escaped, "\"}");
    }

    /// <summary>Checks one event line's signature against the entity's keys and the grants its owner signed.</summary>
    /// <param name="line">The line as read (a trailing carriage return is ignored).</param>
    /// <param name="ownerKeys">The entity's keys (published or pinned); empty when none is known.</param>
    /// <param name="grants">The owner-signed grants and revocations (<see cref="AgentGrants.Read"/>), or <see cref="AgentGrants.Empty"/>.</param>
    /// <returns>The verdict.</returns>
    public static EventSignatureCheck Verify(string line, IReadOnlyCollection<SshPublicKey> ownerKeys, AgentGrants grants)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(ownerKeys);
        ArgumentNullException.ThrowIfNull(grants);
        line = line.TrimEnd('\r');
        if (!HasTopLevelSignature(line))
        {
            // A payload may hold a member of the same name; only the line's own member is a signature.
            return new EventSignatureCheck(EventSignatureStatus.Unsigned);
        }

        if (!TrySplit(line, out var unsigned, out var armored))
        {
            return new EventSignatureCheck(EventSignatureStatus.BadSignature, Problem: SignatureMemberProblem(line));
        }

        if (!SshSignature.TryParse(armored, out var signature, out var problem))
        {
            return new EventSignatureCheck(EventSignatureStatus.BadSignature, Problem: $"its signature cannot be read ({problem})");
        }

        var signer = signature.PublicKey;
        if (!signature.Verify(Encoding.UTF8.GetBytes(unsigned), SignatureNamespace))
        {
            return new EventSignatureCheck(EventSignatureStatus.BadSignature, signer, Problem: $"the signature by {signer.Fingerprint} does not verify over the line (altered after signing, or not an event signature)");
        }

        if (ownerKeys.Contains(signer))
        {
            return new EventSignatureCheck(EventSignatureStatus.OwnerKey, signer);
        }

        // An agent's key: the grant must name the line's actor and cover the line's time (its signed "ts").
        using var document = JsonDocument.Parse(unsigned);
        var actor = TextOf(document.RootElement, "actor");
        var at = DateTimeOffset.TryParse(TextOf(document.RootElement, "ts"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.MaxValue;
        var (status, grant) = grants.Evaluate(signer, at);

        // The actor and the agent are the chain's text (a line, a grant): shown printable in the problem, kept whole in the check.
        return status switch
        {
            AgentGrantStatus.Revoked => new EventSignatureCheck(EventSignatureStatus.GrantRevoked, signer, grant?.Agent, $"signed by {signer.Fingerprint}, a key the owner revoked"),
            AgentGrantStatus.Expired => new EventSignatureCheck(EventSignatureStatus.GrantExpired, signer, grant!.Agent, $"signed by {signer.Fingerprint} at {at:yyyy-MM-dd'T'HH:mm:ss'Z'}, after its grant to {MessageText.Printable(grant.Agent, MessageText.MaxCallerText)} ended ({grant.Expires:yyyy-MM-dd'T'HH:mm:ss'Z'})"),
            AgentGrantStatus.Valid when !string.Equals(grant!.Agent, actor, StringComparison.Ordinal)
                => new EventSignatureCheck(EventSignatureStatus.WrongAgent, signer, grant.Agent, $"signed by {signer.Fingerprint}, granted to {MessageText.Printable(grant.Agent, MessageText.MaxCallerText)}, but the line's actor is {(actor is null ? "(none)" : MessageText.Printable(actor, MessageText.MaxCallerText))}"),
            AgentGrantStatus.Valid => new EventSignatureCheck(EventSignatureStatus.AgentGrant, signer, grant!.Agent),
            _ => new EventSignatureCheck(EventSignatureStatus.UnknownKey, signer, Problem: $"signed by {signer.Fingerprint}, which is neither the entity's key nor granted by it"),
        };
    }

    // The line minus its last member, when that member is gt_sig with a string value and nothing follows but '}'.
    private static bool TrySplit(string line, out string unsigned, out string armored)
    {
        unsigned = "";
        armored = "";
        var start = line.LastIndexOf(Marker, StringComparison.Ordinal);
        var valueStart = start + Marker.Length - 1;
        if (start < 0)
        {
            // The only member: {"gt_sig":"…"} signs "{}".
            const string only = "{\"" + FieldName + "\":\"";
            if (!line.StartsWith(only, StringComparison.Ordinal))
            {
                return false;
            }

            start = 1;
            valueStart = only.Length - 1;
        }

        var tail = Encoding.UTF8.GetBytes(line[valueStart..]);
        var reader = new Utf8JsonReader(tail);
        if (!SafeRead(ref reader) || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var rest = Encoding.UTF8.GetString(tail.AsSpan((int)reader.BytesConsumed));
        if (rest != "}" || !IsObject(line) || !TryGetString(ref reader, out var value))
        {
            return false;
        }

        armored = value;
        unsigned = string.Concat(line.AsSpan(0, start), "}");
        return true;
    }

    // Why TrySplit found no signature where Sign puts it, for a line that has a top-level gt_sig: said precisely,
    // because "not the last member" is wrong about a line a tool re-serialised with its own spacing (Python's
    // json.dumps writes ', "gt_sig": "…"'), and that is the common way a signed line stops verifying whole.
    private static string SignatureMemberProblem(string line)
    {
        using var document = JsonDocument.Parse(line);
        var last = document.RootElement.EnumerateObject().Last();
        if (!string.Equals(last.Name, FieldName, StringComparison.Ordinal))
        {
            return $"its \"{FieldName}\" member is not the line's last (a member follows it: the line was rewritten after signing, a member added or moved after the signature)";
        }

        return last.Value.ValueKind != JsonValueKind.String
            ? $"its \"{FieldName}\" member is not a string"
            : $"its \"{FieldName}\" member is not written as a signer writes it (',\"{FieldName}\":\"…\"}}', no spaces or escapes): the line was re-serialised after signing, and the bytes that were signed cannot be recovered from it";
    }

    private static bool SafeRead(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // System.Text.Json refuses to decode an escaped lone surrogate ("\ud800") into a string: such a value is no text.
    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    // A member of the line as text, or null when it is missing, not a string, or not valid Unicode (see TryGetString).
    private static string? TextOf(JsonElement root, string name)
    {
        try
        {
            return root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool HasTopLevelSignature(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(FieldName, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsObject(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
