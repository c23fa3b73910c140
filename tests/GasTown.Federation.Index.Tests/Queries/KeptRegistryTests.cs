using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A query's check that the index is current reads the registry (remotes, tips, verified commits, keys) from the snapshot
/// the index keeps, without opening git, while the files it came from are unchanged; any change to one of them (a
/// fetched tip, a ref moved by hand, a key pinned, a remote removed) is read from git again. The federation repository's
/// files are aged by hand: a file written within the last two seconds is racily clean and never trusted by its stamp.
/// </summary>
public sealed class KeptRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_query_answers_without_opening_git_while_the_registry_s_files_are_unchanged_and_reads_each_change()
    {
        using var federation = await ConnectedAsync();
        var git = new AgedFolder(federation.Observer.PathOf("federation/git"));
        string firstTip;

        // Written within the last two seconds (the fetch): read from git and not kept.
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct);
            git.AgeAll();
            using var read = await RefreshForReadAsync(town);
            read.Registry.IsReusable.ShouldBeTrue();
        }

        KeptSnapshot(federation).ShouldNotBeNull("an index found current keeps the registry it read");

        await using (var town = federation.OpenObserver())
        {
            using var sources = new QuerySources();
            var shown = await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-2", Ct);
            shown.WorkUnit.Title.ShouldBe("Needs gt-1");
            sources.Take().ShouldBe(["index"]);
            var page = await town.Queries.ListByRemotePageAsync("alice", 10, cancellationToken: Ct);
            page.Result.Items.Select(i => i.WorkUnit.Id).ShouldBe(["gt-1", "gt-2"]);
            (await town.Queries.ListByRemotePageAsync(IndexedFederation.AliceChain, 10, cancellationToken: Ct)).Result.Items.Count.ShouldBe(2);
            sources.Take().ShouldBe(["index", "index"]);
            town.Services.GetRequiredService<FederationRepository>().SharedOpens.ShouldBe(0, "the check, the show and the lists read the kept registry (its remote names too), not git");

            using var read = await RefreshForReadAsync(town);
            firstTip = read.Registry.Tips["alice"];
            var fromGit = town.Remotes.List();
            read.Registry.Remotes.ShouldBe(fromGit, "the kept remotes are the ones git lists");
            fromGit.Single().LastFetchedAt.ShouldNotBeNull();
        }

        // A new commit fetched: the tracking ref and the configuration (the fetch time) change.
        File.AppendAllText(federation.Alice.IssuesPathOf("gastown"), """{"id":"gt-9","title":"Fetched after the snapshot"}""" + "\n");
        await federation.PublishAliceAsync(Ct);
        await federation.FetchAsync(Ct);
        git.AgeChanged();
        string secondTip;
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.RefreshForReadAsync(TimeSpan.Zero, Ct)).ShouldBeNull("the new tip is seen: the index is brought up to date");
            using var read = await RefreshForReadAsync(town);
            secondTip = read.Registry.Tips["alice"];
            secondTip.ShouldNotBe(firstTip);
            (await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-9", Ct)).WorkUnit.Title.ShouldBe("Fetched after the snapshot");
        }

        // The tracking ref moved back by hand, the configuration untouched: only the ref's folder says so.
        await using (var town = federation.OpenObserver())
        {
            (await RefreshForReadAsync(town)).Dispose(); // keeps the snapshot of the second tip
            town.Services.GetRequiredService<FederationRepository>().SharedOpens.ShouldBe(0);
        }

        var config = new FileInfo(Path.Combine(git.Root, "config")).LastWriteTimeUtc;
        GitCli.Run(git.Root, "update-ref", "refs/remotes/alice/gt/published", firstTip);
        git.AgeChanged();
        new FileInfo(Path.Combine(git.Root, "config")).LastWriteTimeUtc.ShouldBe(config);
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.RefreshForReadAsync(TimeSpan.Zero, Ct)).ShouldBeNull("the moved ref is seen: the index is brought up to date");
            using var read = await RefreshForReadAsync(town);
            read.Registry.Tips["alice"].ShouldBe(firstTip);
            await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-9", Ct));
        }

        // The verified ref moved by hand: only its folder says so.
        GitCli.Run(git.Root, "update-ref", "refs/gt/verified/alice", firstTip);
        git.AgeChanged();
        await using (var town = federation.OpenObserver())
        {
            using var read = await RefreshForReadAsync(town);
            read.Registry.Verified["alice"].ShouldBe(firstTip);
        }

        // A key pinned for alice: kept in the configuration, read again.
        var alice = EntityId.Parse("alice@example.com");
        await using (var town = federation.OpenObserver())
        {
            git.AgeChanged();
            using (var read = await RefreshForReadAsync(town))
            {
                read.Registry.Keys.Get(alice).ShouldBeNull();
            }

            town.Keys.Set(alice, [SshPublicKey.Parse(Key)], KeySource.Pinned);
        }

        git.AgeChanged();
        await using (var town = federation.OpenObserver())
        {
            using var read = await RefreshForReadAsync(town);
            read.Registry.Keys.Get(alice).ShouldNotBeNull("the pinned key is read from the configuration again");
        }

        // The remote removed: the index no longer holds the registry's chains.
        await using (var town = federation.OpenObserver())
        {
            town.Remotes.Remove("alice");
        }

        git.AgeChanged();
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.RefreshForReadAsync(TimeSpan.Zero, Ct)).ShouldBeNull("alice's chain leaves the index");
            using var read = await RefreshForReadAsync(town);
            read.Registry.Remotes.ShouldBeEmpty();
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_registry_its_stamps_cannot_vouch_for_is_read_from_git_every_time()
    {
        using var federation = await ConnectedAsync();
        var git = new AgedFolder(federation.Observer.PathOf("federation/git"));

        // A file written within the last two seconds: the snapshot holds a racily clean stamp, and is not kept.
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct);
            File.SetLastWriteTimeUtc(Path.Combine(git.Root, "config"), DateTime.UtcNow);
            using var read = await RefreshForReadAsync(town);
            read.Registry.IsReusable.ShouldBeFalse();
        }

        KeptSnapshot(federation).ShouldBeNull();

        // A kept text this version cannot read (damaged, or another version's): read from git again, and replaced.
        git.AgeAll();
        await using (var town = federation.OpenObserver())
        {
            (await RefreshForReadAsync(town)).Dispose();
        }

        var key = KeptKey(federation);
        var good = KeptSnapshot(federation)!;
        var noSuchPath = System.Text.Json.Nodes.JsonNode.Parse(good)!;
        noSuchPath["files"]![0] = "";
        foreach (var damaged in new[] { "{\"version\":3,\"stamp\":", noSuchPath.ToJsonString() })
        {
            WriteKept(federation, key, damaged);
            await using (var town = federation.OpenObserver())
            {
                using var read = await RefreshForReadAsync(town);
                read.Registry.Remotes.Single().Name.ShouldBe("alice");
                town.Services.GetRequiredService<FederationRepository>().SharedOpens.ShouldBeGreaterThan(0);
            }

            KeptSnapshot(federation).ShouldBe(good, "read from git again, and kept in its place");
        }

        // Rows of other environments (another HOME, another path to the town) are bounded: keeping one forgets the rest
        // when there are as many as KeptRegistry.MaxRows.
        for (var other = 0; other < KeptRegistry.MaxRows; other++)
        {
            Insert(federation, "registry_snapshot:elsewhere-" + other, good);
        }

        WriteKept(federation, key, "");
        await using (var town = federation.OpenObserver())
        {
            (await RefreshForReadAsync(town)).Dispose();
        }

        KeptKeys(federation).ShouldBe([key]);
        WriteKept(federation, key, "");

        // A configuration that includes another file, which no stamp covers: never judged by stamps.
        File.WriteAllText(Path.Combine(git.Root, "extra.config"), "[gtKeys \"alice@example.com\"]\n");
        File.AppendAllText(Path.Combine(git.Root, "config"), "[include]\n\tpath = extra.config\n");
        git.AgeAll();
        for (var query = 0; query < 2; query++)
        {
            await using var town = federation.OpenObserver();
            using var read = await RefreshForReadAsync(town);
            read.Registry.Stamp.ShouldBeNull();
            town.Services.GetRequiredService<FederationRepository>().SharedOpens.ShouldBeGreaterThan(0);
        }

        KeptSnapshot(federation).ShouldBeNullOrEmpty();
    }

    [Fact]
    public async Task A_snapshot_read_from_git_is_what_the_files_say_not_what_the_process_remembers_of_them()
    {
        using var federation = await ConnectedAsync();
        var git = new AgedFolder(federation.Observer.PathOf("federation/git"));
        git.AgeAll();

        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var remembered = town.Remotes.List().Single().LastFetchedAt!.Value;

        // Another process rewrites the fetch time to one of the same length, within what the registry's cache can tell
        // apart (the same size and write time): the process's list is stale, the snapshot others reuse must not be.
        var config = Path.Combine(git.Root, "config");
        var written = File.GetLastWriteTimeUtc(config);
        var rewritten = remembered.AddYears(-1);
        GitCli.Run(git.Root, "config", "remote.alice.gtFetchedAt", rewritten.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        File.SetLastWriteTimeUtc(config, written);
        town.Remotes.List().Single().LastFetchedAt.ShouldBe(remembered, "the registry's cache did not see it");

        using var read = await RefreshForReadAsync(town);
        read.Registry.Remotes.Single().LastFetchedAt.ShouldBe(rewritten);
        read.Registry.IsReusable.ShouldBeTrue();
    }

    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    // Alice published and fetched by the observer, whose own files are old enough for its index to be current.
    private static async Task<IndexedFederation> ConnectedAsync()
    {
        var federation = new IndexedFederation();
        try
        {
            await federation.ConnectAsync(Ct);
            federation.Observer.BackdateOwnFiles();
            return federation;
        }
        catch
        {
            federation.Dispose();
            throw;
        }
    }

    private static async Task<IndexRead> RefreshForReadAsync(Hosting.Town town)
    {
        var read = await town.Index.RefreshForReadAsync(TimeSpan.Zero, Ct);
        read.ShouldNotBeNull("the index is current");
        return read;
    }

    private static string? KeptSnapshot(IndexedFederation federation)
    {
        using var connection = Open(federation);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key LIKE 'registry_snapshot:%'";
        return command.ExecuteScalar() as string;
    }

    private static string KeptKey(IndexedFederation federation) => KeptKeys(federation).Single();

    private static List<string> KeptKeys(IndexedFederation federation)
    {
        using var connection = Open(federation);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM meta WHERE key LIKE 'registry_snapshot:%' ORDER BY key";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static void Insert(IndexedFederation federation, string key, string text)
        => WriteMeta(federation, "INSERT INTO meta(key, value) VALUES($key, $value)", key, text);

    // Overwrites a row the index kept (it must exist).
    private static void WriteKept(IndexedFederation federation, string key, string text)
        => WriteMeta(federation, "UPDATE meta SET value = $value WHERE key = $key", key, text).ShouldBe(1);

    private static int WriteMeta(IndexedFederation federation, string sql, string key, string text)
    {
        using var connection = Open(federation);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", text);
        return command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(IndexedFederation federation)
    {
        var connection = new SqliteConnection($"Data Source={federation.Observer.PathOf("federation/index.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Ages a folder's files and subfolders as time would: first all of them to long ago, then after each change only what
    /// changed, to a later time that is still older than the two seconds within which a stamp is racily clean.
    /// </summary>
    private sealed class AgedFolder(string root)
    {
        private DateTime _last = DateTime.UtcNow.AddHours(-2);

        public string Root { get; } = root;

        public void AgeAll() => Age(_ => true);

        public void AgeChanged()
        {
            var before = _last;
            _last = _last.AddMinutes(1);
            Age(info => info.LastWriteTimeUtc > before);
        }

        private void Age(Func<FileSystemInfo, bool> which)
        {
            var entries = new DirectoryInfo(Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(Root)).Where(which).ToList();
            // Files first: setting a file's time does not move its folder's, but the order keeps it obvious.
            foreach (var entry in entries.OrderBy(e => e is DirectoryInfo))
            {
                entry.LastWriteTimeUtc = _last;
            }
        }
    }
}
