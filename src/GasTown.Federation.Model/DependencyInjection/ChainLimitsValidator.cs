using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model;

/// <summary>Fails the host at start when a <see cref="ChainLimits"/> value is out of range, naming each one.</summary>
internal sealed class ChainLimitsValidator : IValidateOptions<ChainLimits>
{
    public ValidateOptionsResult Validate(string? name, ChainLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
