namespace GasTown.Federation.Index;

/// <summary>How far the indexing of one issues file has come (reported every 16,384 lines and at the end of the file).</summary>
/// <param name="Chain">The chain being indexed.</param>
/// <param name="Path">The issues file, relative to the chain root.</param>
/// <param name="BytesDone">Bytes of the file read so far.</param>
/// <param name="BytesTotal">The file's size.</param>
/// <param name="Lines">Lines read so far.</param>
public sealed record IndexProgress(GtUri Chain, string Path, long BytesDone, long BytesTotal, long Lines);
