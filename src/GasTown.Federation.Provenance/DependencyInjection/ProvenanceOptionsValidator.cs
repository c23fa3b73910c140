using Microsoft.Extensions.Options;

namespace GasTown.Federation.Provenance;

/// <summary>Checks <see cref="ProvenanceOptions"/> at start-up, with messages that name the option and its value.</summary>
internal sealed class ProvenanceOptionsValidator : IValidateOptions<ProvenanceOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvenanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.LockTimeout <= TimeSpan.Zero && options.LockTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"ProvenanceOptions.LockTimeout must be positive or Timeout.InfiniteTimeSpan; it is {options.LockTimeout}.");
        }

        if (string.IsNullOrWhiteSpace(options.EventSource) || options.EventSource.Any(char.IsControl))
        {
            failures.Add($"ProvenanceOptions.EventSource must be a non-empty single-line name such as \"gt\"; it is '{options.EventSource}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.Actor) && !ActorId.TryParse(options.Actor.Trim(), out _, out var error))
        {
            failures.Add($"ProvenanceOptions.Actor is not a valid actor path: {error}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
