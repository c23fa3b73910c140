namespace GasTown.Federation.GitTransport;

/// <summary>Which of a fetch's budgets (<see cref="GitTransportOptions"/>) a remote's objects would have broken.</summary>
public enum FetchBudgetKind
{
    /// <summary>
    /// An object (a file, as stored: inflated) is larger than <see cref="GitTransportOptions.MaxFetchObjectBytes"/>. A few
    /// megabytes of zeros compress to almost nothing, so a small transfer can hold an object that would fill the memory.
    /// </summary>
    ObjectSize = 0,

    /// <summary>The remote sent more than <see cref="GitTransportOptions.MaxFetchBytes"/> (the pack, as received).</summary>
    ReceivedBytes = 1,
}
