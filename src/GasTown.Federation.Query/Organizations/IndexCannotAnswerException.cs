namespace GasTown.Federation.Query;

/// <summary>Thrown inside an organisation query answered from the index where the index cannot answer exactly; caught there, never seen outside.</summary>
internal sealed class IndexCannotAnswerException : Exception;
