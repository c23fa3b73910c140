namespace GasTown.Federation.Model;

/// <summary>What every package of the SDK needs to know about the host's town.</summary>
public sealed class FederationOptions
{
    /// <summary>
    /// The town's root folder: the one holding <c>mayor/town.json</c> (find it with
    /// <see cref="TownLocator.FindTownRoot(string)"/>). Required.
    /// </summary>
    /// <value>The default value is the empty string, which fails validation at start.</value>
    public string TownRoot { get; set; } = string.Empty;
}
