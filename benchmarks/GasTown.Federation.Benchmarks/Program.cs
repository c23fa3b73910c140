using BenchmarkDotNet.Running;

// Every benchmark class in this assembly compares against a baseline in the same run.
// Run all: dotnet run -c Release --project benchmarks/GasTown.Federation.Benchmarks -- --filter '*'
// CI dry run: ... -- --filter '*' --job Dry
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
