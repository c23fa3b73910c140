using GasTown.Federation;
using GasTown.Federation.GitTransport;

// Usage (every command prints one line per call: "ok <detail>" or "error <type> <message>", and exits 0):
//   add <townRoot> <barrierFile> <url> <chain> <name>...
//       waits until <barrierFile> exists, then registers each <name> for <chain>-<name> (gt://host/chain-name).
//   fetch <townRoot> <barrierFile> <remote> <times>
//       waits until <barrierFile> exists, then fetches <remote> <times> times.
//   publish <townRoot> <rig>
//       publishes <rig> once.
if (args.Length < 2)
{
    return Usage();
}

var townRoot = args[1];
switch (args[0])
{
    case "add" when args.Length >= 6:
    {
        Barrier(args[2]);
        using var repository = FederationRepository.ForTown(townRoot);
        var registry = new RemoteRegistry(repository);
        foreach (var name in args[5..])
        {
            Report(() => registry.Add(name, args[3], GtUri.Parse($"{args[4]}-{name}")).Name);
        }

        return 0;
    }

    case "fetch" when args.Length == 5:
    {
        Barrier(args[2]);
        using var repository = FederationRepository.ForTown(townRoot);
        var fetcher = new ChainFetcher(new RemoteRegistry(repository));
        var times = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < times; i++)
        {
            Report(() => fetcher.FetchAsync(args[3]).GetAwaiter().GetResult().RemoteName);
        }

        return 0;
    }

    case "publish" when args.Length == 3:
    {
        using var repository = FederationRepository.ForTown(townRoot);
        var publisher = new TownPublisher(repository, townRoot);
        Report(() => publisher.PublishAsync(new PublishOptions { Rigs = [args[2]], Actor = "mayor", Owner = "alice@example.com" }).GetAwaiter().GetResult().Commit);
        return 0;
    }

    default:
        return Usage();
}

static void Barrier(string file)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (!File.Exists(file) && DateTime.UtcNow < deadline)
    {
        Thread.Sleep(1);
    }
}

static void Report(Func<string> call)
{
    try
    {
        Console.WriteLine($"ok {call()}");
    }
    catch (Exception ex)
    {
        Console.WriteLine($"error {ex.GetType().FullName} {ex.Message.ReplaceLineEndings(" ")}");
    }
}

static int Usage()
{
    Console.Error.WriteLine("usage: add <townRoot> <barrierFile> <url> <chain> <name>... | fetch <townRoot> <barrierFile> <remote> <times> | publish <townRoot> <rig>");
    return 2;
}
