using GasTown.Federation.GitTransport;

// Usage:
//   publish <processCount> <rig> <townRoot>...
//       for each town in turn: waits until <processCount> runners are ready for that town (a file per runner in
//       <townRoot>/.race), then publishes <rig> there. Prints one line per town: "<townRoot> ok <commit>",
//       "<townRoot> conflict <message>" (PublishConflictException, a clean refusal) or "<townRoot> error <type> <message>".
if (args.Length >= 4 && args[0] == "publish")
{
    var processCount = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    var rig = args[2];
    foreach (var townRoot in args[3..])
    {
        var race = Path.Combine(townRoot, ".race");
        Directory.CreateDirectory(race);
        File.WriteAllText(Path.Combine(race, rig), "ready");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetFiles(race).Length < processCount && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }

        using var repository = FederationRepository.ForTown(townRoot);
        var publisher = new TownPublisher(repository, townRoot);
        try
        {
            var result = await publisher.PublishAsync(new PublishOptions { Rigs = [rig], Actor = "mayor", Owner = "alice@example.com" });
            Console.WriteLine($"{townRoot} ok {result.Commit}");
        }
        catch (PublishConflictException ex)
        {
            Console.WriteLine($"{townRoot} conflict {ex.Message.ReplaceLineEndings(" ")}");
        }
        catch (Exception ex)
        {
            Console.WriteLine($"{townRoot} error {ex.GetType().Name} {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    return 0;
}

Console.Error.WriteLine("usage: publish <processCount> <rig> <townRoot>...");
return 2;
