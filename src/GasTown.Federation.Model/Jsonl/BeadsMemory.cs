namespace GasTown.Federation.Model;

/// <summary>
/// A persistent memory (<c>bd remember</c>) as <c>bd export --include-memories</c> writes it after the issues:
/// <c>{"_type":"memory","key":…,"value":…}</c>. Documents keep these lines verbatim.
/// </summary>
/// <param name="Key">The memory's key (without bd's internal <c>kv.memory.</c> prefix).</param>
/// <param name="Value">The remembered text.</param>
public sealed record BeadsMemory(string Key, string Value);
