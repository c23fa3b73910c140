using System.Text;
using System.Text.Json;
using GasTown.Federation.Provenance;

// Usage:
//   append <townRoot> <processId> <count> [batchSize] [goFile]
//       appends <count> events as gastown/polecats/p<processId>, payload {"proc":<id>,"seq":<i>}; exit 0 when done.
//       With goFile: prints "ready", then waits until that file exists before the first append, so that writers started
//       one after another append at once.
//   torn <eventsFile>
//       writes the first half of a valid event line (no newline), prints "ready", then waits to be killed:
//       a writer that dies mid-append.
if (args.Length >= 4 && args[0] == "append")
{
    var townRoot = args[1];
    var processId = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
    var batchSize = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1;
    var options = new ProvenanceOptions { Actor = $"gastown/polecats/p{processId}", LockTimeout = TimeSpan.FromMinutes(2) };
    var writer = new EventLogWriter(new ActorResolver(options), options);
    if (args.Length > 5)
    {
        Console.WriteLine("ready");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(args[5]))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                Console.Error.WriteLine($"{args[5]} did not appear within 2 minutes");
                return 1;
            }

            await Task.Delay(2);
        }
    }

    for (var i = 0; i < count; i += batchSize)
    {
        var drafts = new List<TownEventDraft>();
        for (var j = i; j < Math.Min(count, i + batchSize); j++)
        {
            using var payload = JsonDocument.Parse($$"""{"proc":{{processId}},"seq":{{j}},"text":"<padding & more>"}""");
            drafts.Add(new TownEventDraft("test_append", payload.RootElement.Clone()));
        }

        await writer.AppendBatchAsync(townRoot, drafts);
    }

    return 0;
}

if (args.Length >= 2 && args[0] == "torn")
{
    var line = """{"ts":"2025-12-30T18:02:04Z","source":"gt","type":"done","actor":"gastown/polecats/crash","payload":{"bead":"gt-123"},"visibility":"feed"}""";
    var half = Encoding.UTF8.GetBytes(line)[..(line.Length / 2)];
    await using (var stream = new FileStream(args[1], FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
    {
        stream.Write(half);
        stream.Flush();
    }

    Console.WriteLine("ready");
    Console.Out.Flush();
    await Task.Delay(Timeout.Infinite);
    return 0;
}

Console.Error.WriteLine("usage: append <townRoot> <processId> <count> [batchSize] | torn <eventsFile>");
return 2;
