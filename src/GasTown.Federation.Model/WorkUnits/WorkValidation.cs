namespace GasTown.Federation.Model;

/// <summary>
/// One entry of a work unit's <c>validations</c> (HOP): <c>{"validator","outcome","timestamp","score"?}</c>.
/// </summary>
/// <param name="Validator">Who validated; null is written as JSON <c>null</c>, as Go writes a nil pointer.</param>
/// <param name="Outcome"><c>accepted</c>, <c>rejected</c> or <c>revision_requested</c> upstream; other values are kept.</param>
/// <param name="Timestamp">When.</param>
/// <param name="Score">An optional score (a Go <c>float32</c>); omitted when null.</param>
public sealed record WorkValidation(EntityRef? Validator, string Outcome, BeadsTimestamp Timestamp, float? Score = null);
