using Microsoft.Extensions.Options;

namespace GasTown.Federation.Query;

/// <summary>Checks <see cref="QueryOptions"/> at start, with messages that name the value given and the range allowed.</summary>
public sealed class QueryOptionsValidator : IValidateOptions<QueryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, QueryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, nameof(QueryOptions.MaxDepth), options.MaxDepth, 1, 1_000_000);
        Check(failures, nameof(QueryOptions.MaxNodes), options.MaxNodes, 1, 100_000_000);
        Check(failures, nameof(QueryOptions.MaxChains), options.MaxChains, 1, 10_000);
        if (options.CurrentRig is { } rig && (rig.Length == 0 || rig.Contains('/', StringComparison.Ordinal)))
        {
            failures.Add($"QueryOptions.CurrentRig is '{rig}'; it must be a rig name without '/' (or null for none).");
        }

        if (options.StaleAfter is { } stale && stale <= TimeSpan.Zero)
        {
            failures.Add($"QueryOptions.StaleAfter is {stale}; it must be positive (or null to never mark data stale).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string property, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"QueryOptions.{property} is {value}; it must be between {min} and {max}.");
        }
    }
}
