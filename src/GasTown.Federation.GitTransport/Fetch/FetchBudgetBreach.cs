namespace GasTown.Federation.GitTransport;

/// <summary>
/// The budget a fetch stopped on (<see cref="FetchFailureKind.BudgetExceeded"/>): which one, the option that sets it, its
/// value and what the remote would have brought, so that a host can say what was refused and how to allow it.
/// </summary>
/// <param name="Kind">The budget broken.</param>
/// <param name="Option">The option that sets it, e.g. <c>GitTransportOptions.MaxFetchObjectBytes</c>.</param>
/// <param name="Maximum">The budget's value, in bytes.</param>
/// <param name="Actual">
/// What the remote would have brought, in bytes: the object's size for <see cref="FetchBudgetKind.ObjectSize"/>, the bytes
/// received when the transfer was stopped for <see cref="FetchBudgetKind.ReceivedBytes"/> (at least that much).
/// </param>
/// <param name="ObjectId">For <see cref="FetchBudgetKind.ObjectSize"/>: the id of the oversized object, or <see langword="null"/> when it was found in a pack received over the network (a delta has no id until libgit2 rebuilds it, which is what the budget prevents); else <see langword="null"/>.</param>
public sealed record FetchBudgetBreach(FetchBudgetKind Kind, string Option, long Maximum, long Actual, string? ObjectId);
