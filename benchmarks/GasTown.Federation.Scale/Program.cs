using System.Diagnostics;
using System.Globalization;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

// The federation index at scale: CHAINS towns of ISSUES synthetic issues each (SyntheticIssues, ~470 B a line), written
// to disk, published and fetched over git into one observer town, indexed; then each query timed from a fresh gtfed
// process (9 runs; 3 for whole lists) against the `gtfed --version` floor run just before each of them (the median of
// the runs' ratios), with peak RSS from /usr/bin/time when it is there.
const string Usage = "usage: GasTown.Federation.Scale [CHAINS [ISSUES]] [--dir DIR [--build-only]] [--gtfed PATH] [--runs N] [--no-whole-answers] [--keep]";
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}

// CHAINS and ISSUES are the arguments before the first option (at most two); after it, each argument is an option or
// the value of the one before it; every count is a positive whole number.
var counts = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
static int? PositiveOrNull(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
string[] flags = ["--keep", "--build-only", "--no-whole-answers"];
string[] valued = ["--dir", "--gtfed", "--runs"];
var optionsWellFormed = true;
for (var i = counts.Length; i < args.Length; i++)
{
    if (valued.Contains(args[i]) && i + 1 < args.Length)
    {
        i++;
    }
    else if (!flags.Contains(args[i]))
    {
        optionsWellFormed = false;
    }
}

var runsAt = Array.IndexOf(args, "--runs");
if (counts.Length > 2 || counts.Any(c => PositiveOrNull(c) is null) || !optionsWellFormed
    || (runsAt >= 0 && (runsAt + 1 >= args.Length || PositiveOrNull(args[runsAt + 1]) is null)))
{
    Console.Error.WriteLine("CHAINS and ISSUES (before any option) and --runs are positive whole numbers; the options are those below.");
    Console.Error.WriteLine(Usage);
    return 2;
}

var chains = counts.Length > 0 ? PositiveOrNull(counts[0])!.Value : 1;
var issues = counts.Length > 1 ? PositiveOrNull(counts[1])!.Value : 1_000;
var keep = args.Contains("--keep");
// --gtfed PATH: time that executable (an installed tool: `dotnet tool install GtFed --tool-path DIR`, so the ReadyToRun
// package users get) instead of `dotnet gtfed.dll` from this build.
var gtfedAt = OptionValue("--gtfed") is { } tool ? Path.GetFullPath(tool) : null;
GtfedCommand.Executable = gtfedAt;
// --dir DIR: build the federation in DIR and keep it; when DIR already holds one of this size (its federation.txt),
// measure it again without building (the index is deleted first, so the full index is still timed). --build-only stops
// after building: a 100 x 100k federation takes long to build and may be built while the machine is busy, then
// measured when it is quiet. --runs N: fresh processes per timed query, each after a run of the floor (the median
// ratio is reported; default 9, 3 for whole lists).
var dir = OptionValue("--dir") is { } given ? Path.GetFullPath(given) : null;
var buildOnly = args.Contains("--build-only");
var runs = OptionValue("--runs") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 9;
var wholeRuns = Math.Min(runs, 3);
// --no-whole-answers: leave out the two queries whose answer is a large part of the federation (every ready unit, an
// eighth of all units for one actor's audit), which at 10M issues take minutes each; time them on their own instead.
var wholeAnswers = !args.Contains("--no-whole-answers");
var temp = dir is null ? new TempDirectory("gtfed-scale") : null;
var rootPath = dir ?? temp!.Path;
string At(params string[] parts) => Path.Combine([rootPath, .. parts]);
string? OptionValue(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
try
{
    var observerRoot = At("observer");
    var built = At("federation.txt");
    if (!File.Exists(built))
    {
        // Written only when the federation is: rewritten at every start, the observer's own files were "racily clean"
        // (written within the index's 2-second tick) while the first queries ran, so at 1 x 1k, where they run within
        // a second or two, each of them re-read the local chain under the index's write lock.
        TownBuilder.At(observerRoot).OwnedBy("observer@example.com").WithRig("local", "lc-", r => r.WithIssue("lc-1", "Local work")).Build();
    }

    long jsonlBytes = 0;
    var setup = Stopwatch.StartNew();
    if (File.Exists(built))
    {
        var recorded = File.ReadAllText(built).Split(' ');
        if (int.Parse(recorded[0], CultureInfo.InvariantCulture) != chains || int.Parse(recorded[1], CultureInfo.InvariantCulture) != issues)
        {
            throw new InvalidOperationException($"{rootPath} holds a federation of {recorded[0]} x {recorded[1]}, not {chains} x {issues}.");
        }

        jsonlBytes = long.Parse(recorded[2], CultureInfo.InvariantCulture);
        foreach (var file in Directory.EnumerateFiles(At("observer", "federation"), "index.db*"))
        {
            File.Delete(file);
        }
    }

    for (var c = 0; c < chains && !File.Exists(built); c++)
    {
        var root = At($"town{c}");
        var town = TownBuilder.At(root).OwnedBy($"owner{c}@example.com").Named($"town{c}").WithRig("gastown", "gt-").Build();
        var bytes = SyntheticIssues.Generate(issues, seed: c + 1);
        jsonlBytes += bytes.Length;
        File.WriteAllBytes(town.IssuesPathOf("gastown"), bytes);
        await using (var owner = Town.Open(root, b => b.AddProvenance(o => o.Actor = "mayor")))
        {
            await owner.PublishAsync(new PublishOptions { Rigs = ["gastown"] });
        }

        await using var observer = Town.Open(observerRoot);
        observer.Remotes.Add($"r{c}", FederationRepository.DefaultPathFor(root), GtUri.Parse($"gt://owner{c}@example.com/town{c}"));
        await observer.FetchAsync($"r{c}");
    }

    if (!File.Exists(built))
    {
        Console.WriteLine(FormattableString.Invariant($"federation: {chains} x {issues} issues, {jsonlBytes / 1e6:0.0} MB of JSONL, built, published and fetched in {setup.Elapsed.TotalSeconds:0.0} s"));
        File.WriteAllText(built, FormattableString.Invariant($"{chains} {issues} {jsonlBytes}"));
    }
    else
    {
        Console.WriteLine(FormattableString.Invariant($"federation: {chains} x {issues} issues, {jsonlBytes / 1e6:0.0} MB of JSONL, as built before in {rootPath}"));
    }

    if (buildOnly)
    {
        return 0;
    }

    // Said first, so a reader compares like with like: the issue's verdicts on show and pages were measured with the
    // native (AOT) tool, whose start is a fraction of the JIT one's, and the ratios to the floor differ accordingly.
    Console.WriteLine(GtfedCommand.Executable is { } timed
        ? $"timing {timed}"
        : "timing `dotnet gtfed.dll` of this build (JIT: each command compiles what it runs; pass --gtfed PATH to time a native or installed tool)");

    // The full index and the re-index are each run several times (each full run from no index file, each re-index from
    // a copy of the index as the last full run left it), and their medians compared: one run of each said 0.08 and 0.14
    // of the same pair on one quiet machine, the full index's writes alone drifting by half.
    var indexFolder = Path.Combine(observerRoot, "federation");
    var index = MedianOfFresh("index (full, fresh process)", wholeRuns, () => DeleteIndexFiles(indexFolder), "index", "--town", observerRoot, "--json");
    var indexCopy = Path.Combine(rootPath, "index-before-the-change");
    CopyIndexFiles(indexFolder, indexCopy);
    var dbBytes = new FileInfo(Path.Combine(observerRoot, "federation", "index.db")).Length
                  + (File.Exists(Path.Combine(observerRoot, "federation", "index.db-wal")) ? new FileInfo(Path.Combine(observerRoot, "federation", "index.db-wal")).Length : 0);
    Console.WriteLine(FormattableString.Invariant($"index size {dbBytes / 1e6:0.0} MB = {(double)dbBytes / jsonlBytes:0.00} x the JSONL"));

    var floor = Median("gtfed --version (floor)", runs, "--version");

    // The issue's throughput baseline: WorkUnitDocument load-and-index of the same bytes, in process (best of 3).
    var sample = SyntheticIssues.Generate(issues, seed: 1);
    var parse = Enumerable.Range(0, 3).Select(_ =>
    {
        var watch = Stopwatch.StartNew();
        var document = GasTown.Federation.Model.WorkUnitDocument.Parse(sample);
        _ = document.WorkUnits.Sum(u => u.Priority); // every unit built, as the indexer builds each
        return watch.Elapsed.TotalMilliseconds;
    }).Min();
    var perChainIndex = (index.Ms - floor.Ms) / chains;
    Console.WriteLine(FormattableString.Invariant($"WorkUnitDocument load+index of one chain's bytes: {parse:0} ms; index per chain (process time less the floor): {perChainIndex:0} ms = {parse / perChainIndex:0%} of that throughput"));
    var sqlite = SqliteFloor.Measure(sample, At("sqlite-floor.db"));
    Console.WriteLine(FormattableString.Invariant($"SQLite floor for one chain (rows and full-text rows only, no parsing, no secondary index): {sqlite:0} ms = {sqlite / parse:0.0} x the WorkUnitDocument load"));
    string firstUri;
    await using (var observer = Town.Open(observerRoot))
    {
        var page = await observer.Index.ListAsync(new IndexQuery { Remote = "r0", Limit = 1 });
        firstUri = page.Items[0].Uri.ToString();
        var inProcess = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await observer.Index.ShowAsync(GtUri.Parse(firstUri));
        }

        Console.WriteLine(FormattableString.Invariant($"in-process index show: {inProcess.Elapsed.TotalMilliseconds / 20:0.0} ms"));
        inProcess.Restart();
        for (var i = 0; i < 20; i++)
        {
            await observer.Index.ListAsync(new IndexQuery { Remote = "r0", Limit = 50, Status = GasTown.Federation.Model.WorkStatus.Open });
        }

        Console.WriteLine(FormattableString.Invariant($"in-process index list --limit 50: {inProcess.Elapsed.TotalMilliseconds / 20:0.0} ms"));
    }

    var rows = new List<(string Name, double Ms, double FloorMs, double Ratio, long RssKb)>
    {
        AgainstFloor("show (gtfed show: from the index)", runs, "show", firstUri, "--town", observerRoot, "--json"),

        AgainstFloor("list --ready --limit 50 (index page)", runs, "list", "--ready", "--limit", "50", "--town", observerRoot, "--json"),
        // SyntheticIssues' first unit (gt- and 100,000 in base 36), the root its later units' parent-child edges grow from.
        AgainstFloor("list --project <first unit> --limit 50 (index page)", runs, "list", "--project", "gt://owner0@example.com/town0/gastown/gt-00255s", "--limit", "50", "--town", observerRoot, "--json"),
        AgainstFloor("list --project <first unit> (index walk, all)", wholeRuns, "list", "--project", "gt://owner0@example.com/town0/gastown/gt-00255s", "--town", observerRoot, "--json"),
        AgainstFloor("list --remote r0 --status open --limit 50 (index)", runs, "list", "--remote", "r0", "--status", "open", "--limit", "50", "--town", observerRoot, "--json"),
        // Without --limit: the whole list, walked page by page (items spooled past a page), memory bounded by a page.
        AgainstFloor("list --remote r0 --status open (index walk, all)", wholeRuns, "list", "--remote", "r0", "--status", "open", "--town", observerRoot, "--json"),
        AgainstFloor("search refinery --limit 50 (index)", runs, "search", "refinery", "--limit", "50", "--town", observerRoot, "--json"),
        // Audits from the index: an actor no line names (the cost of the walk alone), and one of SyntheticIssues' eight
        // creators (about an eighth of the units are the answer, and only their lines are parsed).
        AgainstFloor("audit --actor nobody (index)", wholeRuns, "audit", "--actor", "nobody", "--town", observerRoot, "--json"),
    };
    if (wholeAnswers)
    {
        rows.Insert(1, AgainstFloor("list --ready (from the index)", wholeRuns, "list", "--ready", "--town", observerRoot, "--json"));
        rows.Add(AgainstFloor("audit --actor stevey (index, ~1/8 of the units)", wholeRuns, "audit", "--actor", "stevey", "--town", observerRoot, "--json"));
    }

    foreach (var (name, ms, floorMs, ratio, rss) in rows)
    {
        Console.WriteLine(FormattableString.Invariant($"{name,-55} {ms,8:0} ms  {ratio,5:0.0} x floor ({floorMs:0} ms)  peak RSS {Rss(rss)}"));
    }

    // Re-index after one changed line in chain 0: publish, fetch, then time the index.
    var issuesPath = Path.Combine(At("town0"), "gastown", "mayor", "rig", ".beads", "issues.jsonl");
    var lines = File.ReadAllLines(issuesPath);
    lines[lines.Length / 2] = lines[lines.Length / 2].Replace("\"title\":\"", "\"title\":\"Changed ", StringComparison.Ordinal);
    File.WriteAllText(issuesPath, string.Join('\n', lines) + "\n");
    await using (var owner = Town.Open(At("town0"), b => b.AddProvenance(o => o.Actor = "mayor")))
    {
        await owner.PublishAsync(new PublishOptions { Rigs = ["gastown"] });
    }

    await using (var observer = Town.Open(observerRoot))
    {
        await observer.FetchAsync("r0");
    }

    var reindex = MedianOfFresh("re-index after one changed line (fresh process)", wholeRuns, () => CopyIndexFiles(indexCopy, indexFolder), "index", "--town", observerRoot, "--json");
    Console.WriteLine(FormattableString.Invariant($"re-index / full index: {reindex.Ms / index.Ms:0.00}"));
}
finally
{
    if (temp is not null && !keep)
    {
        temp.Dispose();
    }
    else
    {
        Console.WriteLine($"kept {rootPath}");
    }
}

return 0;

// Each run of the query follows a run of the floor, and the ratio reported is the median of the runs' own ratios: on a
// shared 2-core machine the floor itself drifts by a third within a minute (9 to 14 ms here), so a floor timed once, or
// medians taken apart, say more about the moment than about the query. The two medians in milliseconds are shown too.
static (string Name, double Ms, double FloorMs, double Ratio, long RssKb) AgainstFloor(string name, int runs, params string[] args)
{
    var floors = new List<double>(runs);
    var samples = new List<(double Ms, long RssKb)>(runs);
    if (!HarnessWarm.Done)
    {
        // Untimed pairs before the first timed query: the harness's own JIT still works in the background early on
        // (tier-1 compiles of Process and its pipes) on a machine of two cores.
        for (var i = 0; i < 3; i++)
        {
            Run(["--version"]);
            Run(args);
        }

        HarnessWarm.Done = true;
    }

    for (var i = 0; i < runs; i++)
    {
        floors.Add(Run(["--version"]).Ms);
        samples.Add(Run(args));
    }

    var ratios = samples.Select((s, i) => s.Ms / floors[i]).Order().ToList();
    return (name, MedianOf(samples.Select(s => s.Ms)), MedianOf(floors), ratios[ratios.Count / 2], samples.Max(s => s.RssKb));
}

static double MedianOf(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static (string Name, double Ms, long RssKb) Median(string name, int runs, params string[] args)
{
    var samples = Enumerable.Range(0, runs).Select(_ => Run(args)).OrderBy(s => s.Ms).ToList();
    var median = samples[samples.Count / 2];
    if (args[0] == "--version")
    {
        Console.WriteLine(FormattableString.Invariant($"{name,-55} {median.Ms,8:0} ms  peak RSS {Rss(median.RssKb)}"));
    }

    return (name, median.Ms, samples.Max(s => s.RssKb));
}

// Runs the command after prepare, runs times, and reports the median time and the highest peak RSS.
static (string Name, double Ms, long RssKb) MedianOfFresh(string name, int runs, Action prepare, params string[] args)
{
    var samples = new List<(double Ms, long RssKb)>(runs);
    for (var i = 0; i < runs; i++)
    {
        prepare();
        samples.Add(Run(args));
    }

    var ms = MedianOf(samples.Select(s => s.Ms));
    Console.WriteLine(FormattableString.Invariant($"{name,-55} {ms,8:0} ms  peak RSS {Rss(samples.Max(s => s.RssKb))}  (median of {runs}: {string.Join(", ", samples.Select(s => s.Ms.ToString("0", CultureInfo.InvariantCulture)))} ms)"));
    return (name, ms, samples.Max(s => s.RssKb));
}

static void DeleteIndexFiles(string folder)
{
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(Path.Combine(folder, "index.db" + suffix));
    }
}

// The index file with its write-ahead log, as a process that ended left them (the log empty or holding what it committed).
static void CopyIndexFiles(string from, string to)
{
    Directory.CreateDirectory(to);
    DeleteIndexFiles(to);
    foreach (var suffix in new[] { "", "-wal" })
    {
        var source = Path.Combine(from, "index.db" + suffix);
        if (File.Exists(source))
        {
            File.Copy(source, Path.Combine(to, "index.db" + suffix));
        }
    }
}

static (double Ms, long RssKb) Run(string[] args)
{
    // The built gtfed.dll through the dotnet host, or the executable given with --gtfed.
    string[] command = GtfedCommand.Executable is { } executable ? [executable] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "gtfed.dll")];
    var useTime = File.Exists("/usr/bin/time");
    var start = new ProcessStartInfo(useTime ? "/usr/bin/time" : command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    if (useTime)
    {
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("RSSKB=%M");
        start.ArgumentList.Add(command[0]);
    }

    foreach (var part in command.Skip(1))
    {
        start.ArgumentList.Add(part);
    }
    foreach (var arg in args)
    {
        start.ArgumentList.Add(arg);
    }

    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    var elapsed = watch.Elapsed.TotalMilliseconds;
    _ = stdout.Result;
    var error = stderr.Result;
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"gtfed {string.Join(' ', args)} exited {process.ExitCode}: {error}");
    }

    var marker = error.LastIndexOf("RSSKB=", StringComparison.Ordinal);
    var rss = marker >= 0 && long.TryParse(error[(marker + 6)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : -1;
    return (elapsed, rss);
}

static string Rss(long kb) => kb < 0 ? "n/a" : FormattableString.Invariant($"{kb / 1024.0:0} MB");

/// <summary>Which gtfed the harness times (set once from the command line).</summary>
internal static class GtfedCommand
{
    /// <summary>An executable to run instead of <c>dotnet gtfed.dll</c>, or null.</summary>
    public static string? Executable { get; set; }
}

/// <summary>Whether the harness has run its untimed warm-up pairs (once, before its first timed query).</summary>
internal static class HarnessWarm
{
    public static bool Done { get; set; }
}
