namespace GasTown.Federation;

/// <summary>
/// Why parsing failed, returned by the <c>TryParse</c> overloads that report errors without throwing.
/// </summary>
/// <param name="Position">Zero-based index in the input (characters for text, bytes for UTF-8) where the problem is.</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Message">A sentence for people: what is wrong, where, and what to write instead.</param>
public readonly record struct GtUriParseError(int Position, GtUriError Kind, string Message);
