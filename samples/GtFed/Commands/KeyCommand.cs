using System.CommandLine;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed key show|use|grant|revoke|pin|accept|discover|forget</c>: the town's signing key and the keys it trusts for others.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var show = new Command("show", "Show the key this town's publishes are signed with, and the keys it trusts for the entities it follows.");
        show.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => ShowAsync(context, ct)));

        var usePath = new Argument<string>("private-key") { Description = "An Ed25519 OpenSSH private key without passphrase, e.g. ~/.ssh/id_ed25519." };
        var use = new Command("use", "Sign this town's publishes with a key (sets gpg.format=ssh and user.signingKey in federation/git).") { usePath };
        use.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => UseAsync(context, parse.GetValue(usePath)!, ct)));

        var pinEntity = new Argument<string>("entity") { Description = "The entity, e.g. acme.com or alice@example.com." };
        var pinKey = new Argument<string>("public-key") { Description = "Its public key line (ssh-ed25519 AAAA…), or a .pub file." };
        var pin = new Command("pin", "Trust exactly this key for an entity's chains (replacing what was kept).") { pinEntity, pinKey };
        pin.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => PinAsync(context, parse.GetValue(pinEntity)!, parse.GetValue(pinKey)!, ct)));

        var acceptName = new Argument<string>("remote") { Description = "The remote whose fetched tip's signer to trust." };
        var accept = new Command("accept", "Accept the key that signed a remote's newest snapshot (after a KEY CHANGED refusal, once you checked it with its owner).") { acceptName };
        accept.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => AcceptAsync(context, parse.GetValue(acceptName)!)));

        var discoverName = new Argument<string>("remote") { Description = "The remote whose entity's published keys to read again." };
        var discover = new Command("discover", "Read again the keys a remote's entity publishes in its well-known document (after it published a new key), and trust those.") { discoverName };
        discover.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => DiscoverAsync(context, parse.GetValue(discoverName)!, ct)));

        var forgetEntity = new Argument<string>("entity") { Description = "The entity whose keys to forget." };
        var forget = new Command("forget", "Forget an entity's keys: its chains are trusted by name only again.") { forgetEntity };
        forget.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => ForgetAsync(context, parse.GetValue(forgetEntity)!)));

        var grantAgent = new Argument<string>("agent") { Description = "The agent, e.g. gastown/crew/joe." };
        var grantKey = new Argument<string>("public-key") { Description = "The agent's public key line, or its .pub file." };
        var expires = new Option<string>("--expires") { Description = "When the grant ends: a date (2026-12-31, midnight UTC) or a time (2026-12-31T18:00:00Z).", Required = true };
        var grant = new Command("grant", "Grant an agent its own signing key until --expires, signed with this town's key; published with the next publish.") { grantAgent, grantKey, expires };
        grant.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => GrantAsync(context, parse.GetValue(grantAgent)!, parse.GetValue(grantKey)!, Inputs.ParseExpires(parse.GetValue(expires)!), ct)));

        var revokeKey = new Argument<string>("public-key") { Description = "The agent's public key line, or its .pub file." };
        var revoke = new Command("revoke", "Revoke an agent's key for good; published with the next publish.") { revokeKey };
        revoke.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RevokeAsync(context, parse.GetValue(revokeKey)!, ct)));

        return new Command("key", "Show this town's signing key and agent grants; grant or revoke agent keys; pin, accept or forget the keys of the entities it follows.") { show, use, grant, revoke, pin, accept, discover, forget };
    }

    private static async Task<int> ShowAsync(GtFedContext context, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var own = await town.GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var trusted = town.Keys.List();
        var grants = await town.GetAgentGrantsAsync(cancellationToken).ConfigureAwait(false);
        if (grants.SkippedCount > 0)
        {
            // Lines another key signed (the town's earlier signing key, say) verify for no follower of this one: said, not hidden.
            await context.NoteAsync($"{grants.SkippedCount} line(s) of {AgentKeyStatement.RelativePath} are not signed by this town's signing key (an earlier key's, or damaged) and are not shown: followers who trust only this key ignore them. Grant again what should still hold.").ConfigureAwait(false);
        }

        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                if (own is null)
                {
                    w.WriteNull("signing_key");
                }
                else
                {
                    w.WriteStartObject("signing_key");
                    w.WriteString("key", own.ToString());
                    w.WriteString("fingerprint", own.Fingerprint);
                    w.WriteEndObject();
                }

                w.WriteStartArray("grants");
                foreach (var statement in grants.Statements)
                {
                    w.WriteStartObject();
                    w.WriteString("type", statement.Kind == AgentKeyStatementKind.Grant ? "grant" : "revoke");
                    w.WriteString("agent", statement.Agent);
                    w.WriteString("fingerprint", statement.Key.Fingerprint);
                    if (statement.Expires is { } until)
                    {
                        w.WriteString("expires", until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("grant_lines_skipped", grants.SkippedCount);
                w.WriteStartArray("trusted");
                foreach (var entry in trusted)
                {
                    w.WriteStartObject();
                    w.WriteString("entity", entry.Entity.Value);
                    w.WriteString("trust", RemoteCommand.TrustOf(entry));
                    w.WriteStartArray("keys");
                    foreach (var key in entry.Keys)
                    {
                        w.WriteStringValue(key.ToKeyString());
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await context.Out.WriteLineAsync(own is null
            ? "Signing key: none (publishes are unsigned). Set one with: gtfed key use ~/.ssh/id_ed25519"
            : TerminalText.Clean($"Signing key: {own.Fingerprint}\n  {own}")).ConfigureAwait(false);
        foreach (var statement in grants.Statements)
        {
            await context.Out.WriteLineAsync(TerminalText.Clean(statement.Kind == AgentKeyStatementKind.Grant
                ? $"Grant: {statement.Agent} {statement.Key.Fingerprint} until {statement.Expires:yyyy-MM-dd'T'HH:mm:ss'Z'}"
                : $"Revoked: {statement.Agent} {statement.Key.Fingerprint}")).ConfigureAwait(false);
        }

        if (trusted.Count == 0)
        {
            await context.Out.WriteLineAsync("Trusted keys: none (remotes are trusted by name only until a signed snapshot pins a key).").ConfigureAwait(false);
        }

        foreach (var entry in trusted)
        {
            await context.Out.WriteLineAsync(TerminalText.Clean($"{entry.Entity,-24} {RemoteCommand.TrustOf(entry)}: {string.Join(", ", entry.Keys.Select(k => k.Fingerprint))}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> GrantAsync(GtFedContext context, string agent, string keyText, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var key = await ReadKeyAsync(keyText, cancellationToken).ConfigureAwait(false);
        var statement = await context.OpenTown().GrantAgentKeyAsync(agent, key, expires, cancellationToken).ConfigureAwait(false);
        await WriteKeyAsync(context, "granted", statement.Agent, key, $"Granted {key.Fingerprint} to {statement.Agent} until {statement.Expires:yyyy-MM-dd'T'HH:mm:ss'Z'}. Publish to let others see it: gtfed publish").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> RevokeAsync(GtFedContext context, string keyText, CancellationToken cancellationToken)
    {
        var key = await ReadKeyAsync(keyText, cancellationToken).ConfigureAwait(false);
        AgentKeyStatement statement;
        try
        {
            statement = await context.OpenTown().RevokeAgentKeyAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (FederationException ex) when (ex.ErrorKind == FederationErrorKind.NotFound)
        {
            throw GtFedException.NotFound(ex.Message, "Nothing was written. 'gtfed key show' lists the keys granted, each with its fingerprint.");
        }

        await WriteKeyAsync(context, "revoked", statement.Agent, key, $"Revoked {key.Fingerprint} ({statement.Agent}). Publish now so followers refuse it: gtfed publish").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    // A file named here is read as given (not through the SDK's refusal of pipes): `<(cat key.pub)` is a way to pass it.
    private static async Task<SshPublicKey> ReadKeyAsync(string keyText, CancellationToken cancellationToken)
    {
        var line = File.Exists(keyText) ? await File.ReadAllTextAsync(keyText, cancellationToken).ConfigureAwait(false) : keyText;
        return SshPublicKey.Parse(line.Trim());
    }

    private static async Task<int> UseAsync(GtFedContext context, string path, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var key = await town.SetSigningKeyAsync(path, cancellationToken).ConfigureAwait(false);
        await WriteKeyAsync(context, "signing_key", town.Metadata.Owner ?? "", key, $"Publishes of this town are now signed with {key.Fingerprint}. Publish to sign the published branch (gtfed publish), and serve the key: gtfed well-known").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> PinAsync(GtFedContext context, string entityText, string keyText, CancellationToken cancellationToken)
    {
        var entity = EntityId.TryParse(entityText, out var parsed) ? parsed : throw GtFedException.BadInput($"'{TerminalText.Clean(entityText)}' is not an entity (a domain or an email).");
        var key = await ReadKeyAsync(keyText, cancellationToken).ConfigureAwait(false);
        context.OpenTown().Keys.Set(entity, [key], KeySource.Pinned);
        await WriteKeyAsync(context, "pinned", entity.Value, key, $"Pinned {key.Fingerprint} for {entity}: its chains' snapshots must be signed with it.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> AcceptAsync(GtFedContext context, string name)
    {
        var town = context.OpenTown();
        var remote = town.Remotes.Get(name);
        var kept = town.Keys.Get(remote.Chain.Entity);
        EntityKeys entry;
        try
        {
            entry = town.Keys.AcceptSigner(remote);
        }
        catch (GitTransportException ex)
        {
            // Not fetched, an unsigned or badly signed tip, or a tip this repository cannot read: the message says which.
            // None is the network's, so the generic remote-failure advice would mislead.
            throw new GtFedException(ExitCodes.RemoteOrIo, ex.Message, ex, hint:
                $"Nothing was accepted. A key is taken from the signature on the remote's last fetched snapshot: fetch it first if it never was (gtfed fetch {name}); "
                + $"an unsigned snapshot has no key to take, and 'gtfed key forget {remote.Chain.Entity}' trusts {remote.Chain.Entity}'s chains by name only again.");
        }

        var key = entry.Keys[0];
        if (kept?.Source == KeySource.Published)
        {
            // Said, not done silently: the chain's proof drops from the domain's word to the user's.
            await context.NoteAsync($"{entry.Entity}'s keys were the ones it publishes; {key.Fingerprint} is now trusted on your word alone (a pinned key). Once {entry.Entity} publishes it, 'gtfed key discover {name}' trusts its published keys again.").ConfigureAwait(false);
        }

        await WriteKeyAsync(context, "accepted", entry.Entity.Value, key, $"Accepted {key.Fingerprint} for {entry.Entity}. Fetch again: gtfed fetch {name}").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> DiscoverAsync(GtFedContext context, string name, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var entity = town.Remotes.Get(name).Chain.Entity;
        var entry = await town.RefreshPublishedKeysAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new GtFedException(ExitCodes.NotFound, $"{entity}'s well-known document lists the chain but no key; the keys kept for it are unchanged.",
                hint: $"Ask its owner to publish the key its publishes are signed with ('gtfed well-known' in their town), or, once you have checked the signer with them, 'gtfed key accept {name}'.");
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("action", "discovered");
                w.WriteString("entity", entry.Entity.Value);
                w.WriteStartArray("keys");
                foreach (var key in entry.Keys)
                {
                    w.WriteStartObject();
                    w.WriteString("key", key.ToKeyString());
                    w.WriteString("fingerprint", key.Fingerprint);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync(TerminalText.Clean(
                $"Trusting the keys {entry.Entity} publishes: {string.Join(", ", entry.Keys.Select(k => k.Fingerprint))}. Fetch again: gtfed fetch {name}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> ForgetAsync(GtFedContext context, string entityText)
    {
        var entity = EntityId.TryParse(entityText, out var parsed) ? parsed : throw GtFedException.BadInput($"'{TerminalText.Clean(entityText)}' is not an entity (a domain or an email).");
        var removed = context.OpenTown().Keys.Remove(entity);
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("entity", entity.Value);
                w.WriteBoolean("forgotten", removed);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync(removed ? $"Forgot the keys of {entity}: its chains are trusted by name only." : $"No keys were kept for {entity}.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task WriteKeyAsync(GtFedContext context, string action, string entity, SshPublicKey key, string human)
    {
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("action", action);
                w.WriteString("entity", entity);
                w.WriteString("key", key.ToKeyString());
                w.WriteString("fingerprint", key.Fingerprint);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync(TerminalText.Clean(human)).ConfigureAwait(false);
        }
    }
}
