namespace GasTown.Federation.Model;

/// <summary>A fetched snapshot of a chain that was refused, when an older one answers instead.</summary>
/// <param name="Revision">The refused snapshot's tip: a commit, or the object its branch names instead (a tree or a tag: <see cref="ChainUnavailableReason.Invalid"/>).</param>
/// <param name="Reason">Why: <see cref="ChainUnavailableReason.IdentityMismatch"/>, <see cref="ChainUnavailableReason.LimitExceeded"/>, <see cref="ChainUnavailableReason.SignatureRefused"/>, <see cref="ChainUnavailableReason.Invalid"/> or <see cref="ChainUnavailableReason.Unreadable"/>.</param>
/// <param name="Message">The refusal, naming what was wrong.</param>
/// <param name="AnsweredRevision">The older commit that answers instead.</param>
public sealed record RefusedSnapshot(string Revision, ChainUnavailableReason Reason, string Message, string AnsweredRevision);
