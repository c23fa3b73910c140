// AOT smoke test: run after `dotnet publish -c Release -r linux-x64` (its project sets PublishAot). Builds a town in a temp
// folder, opens it through the SDK's facade and exercises parse, query, events, publish, signing and signature checks natively.
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Identity;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

var root = Path.Combine(Path.GetTempPath(), $"gtfed-aot-{Environment.ProcessId}");
try
{
    Directory.CreateDirectory(Path.Combine(root, "gastown", ".beads"));
    await TownMetadata.CreateNew("town", "alice@example.com", null, TimeProvider.System).SaveAsync(root);
    await RouteTable.Empty.With(new Route("gt-", "gastown")).SaveAsync(Path.Combine(root, RouteTable.RelativePath));
    await File.WriteAllTextAsync(Path.Combine(root, "gastown", ".beads", "issues.jsonl"),
        """
        {"id":"gt-1","title":"Native","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}
        {"id":"gt-2","title":"Depends","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","dependencies":[{"issue_id":"gt-2","depends_on_id":"gt-1","type":"blocks","created_at":"2026-01-01T00:00:00Z","created_by":"mayor"}]}

        """);

    var uri = GtUri.Parse("gt://alice@example.com/town/gastown/gt-2");
    await using var town = Town.Open(root, builder => builder.AddProvenance(o => o.Actor = "gastown/crew/aot"));
    var shown = await town.Queries.ShowAsync(uri.ToString());
    var ready = await town.Queries.GetReadyWorkAsync();
    var written = await town.Events.AppendAsync("aot_smoke");
    var published = await town.PublishAsync(new PublishOptions { Rigs = ["gastown"] });
    var found = await town.Index.SearchAsync("native", new GasTown.Federation.Index.IndexQuery()); // SQLite + FTS5, natively

    // Signed publishing and signature checks go through libgit2 buffers, which LibGit2Sharp's own calls lose under AOT.
    var keyPath = Path.Combine(root, "keys", "alice_ed25519");
    Directory.CreateDirectory(Path.GetDirectoryName(keyPath)!);
    await SshSigningKey.Generate("alice@example.com").SaveAsync(keyPath);
    var key = await town.SetSigningKeyAsync(keyPath);
    await File.AppendAllTextAsync(Path.Combine(root, "gastown", ".beads", "issues.jsonl"),
        "{\"id\":\"gt-3\",\"title\":\"Signed\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\"}\n");
    var signed = await town.PublishAsync(new PublishOptions { Rigs = ["gastown"] });
    var check = CommitSignatureVerifier.Verify(FederationRepository.DefaultPathFor(root), signed.Commit);
    var unsigned = CommitSignatureVerifier.Verify(FederationRepository.DefaultPathFor(root), published.Commit);

    Check(shown.Dependencies.Count == 1 && shown.Dependencies[0].Title == "Native", "show resolves the dependency");
    Check(ready.Ready.Count == 1, "one work unit is ready");
    Check(written.Actor == "gastown/crew/aot", "the event carries the agent");
    Check(published.PublicRigs.Contains("gastown"), "the rig is published");
    Check(found.Items.Count == 1 && found.Items[0].Id == "gt-1", "the index finds the unit");
    Check(signed.Commit != published.Commit, "the signed publish made a new commit");
    Check(check.Status == CommitSignatureStatus.Valid && check.Key?.Fingerprint == key.Fingerprint, $"the signed commit verifies with the town's key ({check.Status}: {check.Problem})");
    Check(unsigned.Status == CommitSignatureStatus.Unsigned, $"the first commit reads as unsigned ({unsigned.Status})");
    Console.WriteLine($"aot smoke ok: {town.Chain} {shown.WorkUnit.Uri} published {published.Commit[..12]}");
    return 0;
}
catch (FederationException ex)
{
    Console.Error.WriteLine($"aot smoke failed ({ex.ErrorKind}): {ex.Message}");
    return 1;
}
finally
{
    Directory.Delete(root, recursive: true);
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new FederationException(FederationErrorKind.InvalidInput, $"AOT smoke check failed: {what}.");
    }
}
