using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Query;

/// <summary>What one running query holds: its chain session, walker, options and logger.</summary>
internal sealed class QueryContext
{
    public QueryContext(IChainProvider provider, QueryOptions options, ChainFetchMode fetch, ILogger logger, TimeProvider time, IQueryIndex? index = null)
    {
        Options = options;
        Fetch = fetch;

        // The one rule for answering from the index: only a query that may not fetch (the index never goes to the
        // network, so a query allowed to fetch loads its chains through the provider).
        Index = fetch == ChainFetchMode.Never ? index : null;
        Logger = logger;
        Session = new ChainSession(provider, options, fetch, logger, time);
        Walker = new LazyWalker(Session, options, logger);
        Now = time.GetUtcNow();
    }

    /// <summary>The instant the query started: one "now" for every comparison it makes (deferral, staleness).</summary>
    public DateTimeOffset Now { get; }

    public QueryOptions Options { get; }

    /// <summary>Whether the query may fetch before answering.</summary>
    public ChainFetchMode Fetch { get; }

    /// <summary>The index this query may answer from, or null when it must load chains.</summary>
    public IQueryIndex? Index { get; }

    /// <summary>
    /// The index reader a walk holds for all its pages (<see cref="PageWalk"/>): <see cref="IndexAttempt"/> opens it for the
    /// walk's first page that asks the index, and answers every later page from it, so the whole walk reads one state of
    /// the index however it changes between pages. The walk disposes it. Null for a query on its own.
    /// </summary>
    public WalkReader? Walk { get; set; }

    public ILogger Logger { get; }

    public ChainSession Session { get; }

    public LazyWalker Walker { get; }

    /// <summary>
    /// Resolves what a user typed (a <c>gt://</c> URI or a short form) to a work-unit URI; short forms
    /// resolve against the local town (and <see cref="QueryOptions.CurrentRig"/>).
    /// </summary>
    /// <exception cref="FederationQueryException">The text is malformed, or a short form has no local town to resolve against.</exception>
    public async ValueTask<GtUri> ResolveUserReferenceAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!WorkReference.TryParse(text.AsSpan(), out var reference, out var parseError))
        {
            // The parser says what is wrong and at which position: keep it (and, as the inner exception, its Position and
            // Error) rather than one sentence for every malformed reference.
            // ./ID is offered only where it can resolve: a host that gives no current rig (a web frontend) cannot take it.
            var forms = Options.CurrentRig is null ? "gt://ENTITY/CHAIN[/RIG]/ID, RIG/ID, ID or external:RIG:ID" : "gt://ENTITY/CHAIN[/RIG]/ID, RIG/ID, ./ID, ID or external:RIG:ID";
            throw new FederationQueryException(FederationQueryError.BadInput,
                $"{MessageText.Quote(text)} is not a work reference: {parseError.Message} Use {forms}.",
                text, new GtUriFormatException(parseError));
        }

        if (reference.Kind == WorkReferenceKind.Absolute)
        {
            if (reference.Uri.Kind != GtUriKind.WorkUnit)
            {
                throw new FederationQueryException(FederationQueryError.BadInput,
                    $"{MessageText.Quote(text)} names a {reference.Uri.Kind.ToString().ToLowerInvariant()}, not a work unit; add the work id (gt://ENTITY/CHAIN/ID).", text);
            }

            return reference.Uri;
        }

        if (reference.Kind == WorkReferenceKind.CurrentRig && Options.CurrentRig is null)
        {
            // Said here, in the reader's terms: the resolver's own message is for a developer building its context.
            throw new FederationQueryException(FederationQueryError.BadInput,
                $"{MessageText.Quote(text)} refers to the current rig, and there is none here; write RIG/{reference.WorkId} or the unit's gt:// URI.", text);
        }

        var local = await Session.GetLocalChainAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new FederationQueryException(FederationQueryError.BadInput,
                $"{MessageText.Quote(text)} is a short form, but there is no local town to resolve it against; use a full gt:// URI, or give the chain provider a local town.", text);
        var attempt = await Session.GetAsync(local.Uri, cancellationToken).ConfigureAwait(false);
        if (attempt.Chain is not { } chain)
        {
            throw Unavailable(attempt, text);
        }

        if (!ReferenceResolver.TryResolve(ReferenceResolver.ContextFor(chain, Options.CurrentRig), text, out var uri, out var error))
        {
            throw new FederationQueryException(FederationQueryError.BadInput, $"{MessageText.Quote(text)} could not be resolved in {chain.Uri}: {error}", text);
        }

        return uri;
    }

    public static FederationQueryException Unavailable(ChainAttempt attempt, string target) =>
        new(FederationQueryError.Unavailable, attempt.Message ?? $"Chain {attempt.Uri} is unavailable.", target)
        {
            Reason = attempt.Reason,
            Chain = attempt.Uri,
        };
}
