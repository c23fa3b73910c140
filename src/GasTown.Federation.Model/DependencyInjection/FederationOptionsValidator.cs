using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model;

/// <summary>Fails the host at start when the town root is missing or not a folder, naming the bad value.</summary>
internal sealed class FederationOptionsValidator : IValidateOptions<FederationOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TownRoot))
        {
            return ValidateOptionsResult.Fail(
                "FederationOptions.TownRoot is required: set it to the town's root folder (the one holding mayor/town.json) in AddGasTownFederation(options => options.TownRoot = ...).");
        }

        if (!Directory.Exists(options.TownRoot))
        {
            return ValidateOptionsResult.Fail($"FederationOptions.TownRoot '{options.TownRoot}' is not an existing folder.");
        }

        return ValidateOptionsResult.Success;
    }
}
