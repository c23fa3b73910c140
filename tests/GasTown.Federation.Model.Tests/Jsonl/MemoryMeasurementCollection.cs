namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// Tests that measure the process's managed heap must not run beside other tests, whose allocations would be
/// counted as ours; xunit runs a collection with parallelization disabled on its own.
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurementCollection), DisableParallelization = true)]
public sealed class MemoryMeasurementCollection;
