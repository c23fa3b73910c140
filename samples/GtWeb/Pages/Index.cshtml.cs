using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>The town: its chain, its remotes with fetch age and trust state, and a button that fetches them now.</summary>
public sealed class IndexModel(Town town, TimeProvider clock) : PageModel
{
    /// <summary>The town being served.</summary>
    public Town Town => town;

    /// <summary>Now, for fetch ages.</summary>
    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    /// <summary>The registered remotes.</summary>
    public IReadOnlyList<RegisteredRemote> Remotes { get; private set; } = [];

    /// <summary>What the last query knew about each chain (trust, staleness), by chain URI.</summary>
    public IReadOnlyDictionary<GtUri, ChainState> States { get; private set; } = new Dictionary<GtUri, ChainState>();

    /// <summary>What those chains said about themselves (lines left out as unreadable, notes), each once.</summary>
    public IReadOnlyList<ChainNote> ChainNotes { get; private set; } = [];

    /// <summary>The results of a fetch the user asked for, or null.</summary>
    public IReadOnlyList<FetchResult>? Fetched { get; private set; }

    /// <summary>Transfer progress reported during that fetch, per remote: the last report.</summary>
    public IReadOnlyDictionary<string, FetchProgress> Progress { get; private set; } = new Dictionary<string, FetchProgress>();

    /// <summary>Why the federation index could not be brought up to date after that fetch, or null.</summary>
    public string? IndexProblem { get; private set; }

    /// <summary>Why the page could not be built, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Fetch now: every remote, one failure not stopping the others.</summary>
    public async Task OnPostFetchAsync(CancellationToken cancellationToken)
    {
        var progress = new Dictionary<string, FetchProgress>(StringComparer.Ordinal);
        var reporter = new SynchronousProgress<FetchProgress>(p =>
        {
            lock (progress)
            {
                progress[p.RemoteName] = p;
            }
        });
        Fetched = await town.FetchAllAsync(reporter, cancellationToken);
        Progress = progress;
        IndexProblem = Fetched.Any(r => r.Succeeded) ? await IndexAfterFetch.RefreshAsync(town, cancellationToken) : null;
        await LoadAsync(cancellationToken);
    }

    /// <summary>How long ago, for a person.</summary>
    public string Age(DateTimeOffset? when)
    {
        if (when is not { } at)
        {
            return "never fetched";
        }

        var age = Now - at;
        return age.TotalSeconds < 60 ? "just now"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} days ago";
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Remotes = town.Remotes.List();
            // Any query reports the state of every chain it read; ready work reads them all. Its gaps are the whole
            // answer's chains without its lists (read from the index's edge rows when it can answer), so the page a team
            // lead keeps open does not compute the whole ready answer on every load.
            var gaps = await town.Queries.GetReadyWorkGapsAsync(cancellationToken);
            States = gaps.Chains.GroupBy(c => c.Chain).ToDictionary(g => g.Key, g => g.First());
            ChainNotes = ChainNote.Of(gaps.Chains);
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
