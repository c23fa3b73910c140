namespace GasTown.Federation.Provenance;

/// <summary>
/// Signs event lines as <see cref="EventLogWriter"/> writes them (<see cref="EventLogWriter.Signer"/>). GitTransport
/// registers one that signs with the town's configured signing key (an agent's own, or the owner's), leaving lines
/// unsigned when none is configured.
/// </summary>
public interface IEventLineSigner
{
    /// <summary>Loads the key for one batch of lines; null when no key is configured (the lines stay upstream's, unsigned).</summary>
    /// <param name="townRoot">The town the lines are appended to.</param>
    /// <param name="cancellationToken">Cancels reading the key.</param>
    /// <returns>A function from an unsigned line to the signed line (dispose it to drop the key), or null.</returns>
    ValueTask<IEventLineSigning?> BeginAsync(string townRoot, CancellationToken cancellationToken = default);
}
