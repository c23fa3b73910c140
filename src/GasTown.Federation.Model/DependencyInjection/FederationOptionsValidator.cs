using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model;

/// <summary>Fails the host at start when the town root is missing or not a folder, naming the bad value.</summary>
internal sealed class FederationOptionsValidator : IValidateOptions<FederationOptions>
{
    /// <summary>What is said when no town root is set (Hosting says it too, as a <see cref="FederationException"/>).</summary>
    public const string TownRootRequired =
        "FederationOptions.TownRoot is required: set it to the town's root folder (the one holding mayor/town.json) in AddGasTownFederation(options => options.TownRoot = ...).";

    public ValidateOptionsResult Validate(string? name, FederationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TownRoot))
        {
            return ValidateOptionsResult.Fail(TownRootRequired);
        }

        if (!Directory.Exists(options.TownRoot))
        {
            return ValidateOptionsResult.Fail($"FederationOptions.TownRoot '{options.TownRoot}' is not an existing folder.");
        }

        return ValidateOptionsResult.Success;
    }
}
