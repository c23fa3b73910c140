using BenchmarkDotNet.Running;

// Every benchmark class in this assembly compares against a baseline in the same run.
// Run all: dotnet run -c Release --project benchmarks/GasTown.Federation.Benchmarks -- --filter '*'
// CI dry run (every benchmark compiled and run once, in this process): ... -- --filter '*' --job Dry --inProcess
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();

// BenchmarkDotNet reports a benchmark that threw, or a class it refused, in its log and still exits 0: a CI that runs
// the benchmarks to prove they still run must see the failure in the exit code.
var failed = summaries
    .SelectMany(s => s.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo)
        .Concat(s.HasCriticalValidationErrors ? s.ValidationErrors.Where(e => e.IsCritical).Select(e => e.Message) : []))
    .ToList();
foreach (var failure in failed)
{
    Console.Error.WriteLine($"benchmark failed: {failure}");
}

// A filter that matches nothing, or arguments BenchmarkDotNet could not read, run nothing and say so only in the log
// (--list and --help run nothing either, and are not failures).
if (args.Contains("--filter") && summaries.Sum(s => s.Reports.Length) == 0)
{
    Console.Error.WriteLine("no benchmark ran: check --filter and the other arguments");
    return 1;
}

return failed.Count == 0 ? 0 : 1;
