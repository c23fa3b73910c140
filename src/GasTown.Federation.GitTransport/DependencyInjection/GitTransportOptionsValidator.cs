using Microsoft.Extensions.Options;

namespace GasTown.Federation.GitTransport;

/// <summary>Checks <see cref="GitTransportOptions"/> when the host starts, naming each bad value and what is expected.</summary>
internal sealed class GitTransportOptionsValidator : IValidateOptions<GitTransportOptions>
{
    public ValidateOptionsResult Validate(string? name, GitTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TownRoot))
        {
            failures.Add("GitTransportOptions.TownRoot is required: set it to the town folder (the one holding mayor/town.json).");
        }

        if (options.RepositoryPath is not null && string.IsNullOrWhiteSpace(options.RepositoryPath))
        {
            failures.Add("GitTransportOptions.RepositoryPath is blank: leave it null for <TownRoot>/federation/git, or give a folder.");
        }

        if (options.FetchTimeout <= TimeSpan.Zero || options.FetchTimeout > GitTransportOptions.MaxFetchTimeout)
        {
            failures.Add($"GitTransportOptions.FetchTimeout must be positive and at most {GitTransportOptions.MaxFetchTimeout.TotalDays:0} days; it is {options.FetchTimeout}.");
        }

        if (options.MaxConcurrentFetches is < 1 or > GitTransportOptions.MaxConcurrentFetchesLimit)
        {
            failures.Add($"GitTransportOptions.MaxConcurrentFetches must be between 1 and {GitTransportOptions.MaxConcurrentFetchesLimit}; it is {options.MaxConcurrentFetches}.");
        }

        if (options.MaxFetchObjectBytes < 1)
        {
            failures.Add($"GitTransportOptions.MaxFetchObjectBytes must be at least 1 (bytes); it is {options.MaxFetchObjectBytes}. The default is {GitTransportOptions.DefaultMaxFetchObjectBytes}.");
        }

        if (options.MaxFetchBytes < 1)
        {
            failures.Add($"GitTransportOptions.MaxFetchBytes must be at least 1 (bytes); it is {options.MaxFetchBytes}. The default is {GitTransportOptions.DefaultMaxFetchBytes}.");
        }

        if (options.PushTimeout <= TimeSpan.Zero)
        {
            failures.Add($"GitTransportOptions.PushTimeout must be positive; it is {options.PushTimeout}.");
        }

        if (options.StaleAfter <= TimeSpan.Zero)
        {
            failures.Add($"GitTransportOptions.StaleAfter must be positive; it is {options.StaleAfter}.");
        }

        if (options.FetchPolicy is null)
        {
            failures.Add("GitTransportOptions.FetchPolicy is required: FetchPolicy.Never, IfMissing or IfOlderThan(ttl).");
        }

        if (options.ChainCacheEntries < 1)
        {
            failures.Add($"GitTransportOptions.ChainCacheEntries must be at least 1; it is {options.ChainCacheEntries}.");
        }

        if (options.ParsedBlobCacheEntries < 1)
        {
            failures.Add($"GitTransportOptions.ParsedBlobCacheEntries must be at least 1; it is {options.ParsedBlobCacheEntries}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
