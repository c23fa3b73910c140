namespace GasTown.Federation.Index;

/// <summary>One line found by <see cref="LineScanner"/>: its bytes (empty when too long), where it starts and how long it is.</summary>
internal readonly record struct ScannedLine(ReadOnlyMemory<byte> Content, long Offset, long Length, bool TooLong);
