namespace GasTown.Federation.Provenance;

/// <summary>A signing key held for one batch of event lines (<see cref="IEventLineSigner.BeginAsync"/>); dispose it to wipe the key.</summary>
public interface IEventLineSigning : IDisposable
{
    /// <summary>The line with its signature added (one JSON object on one line, without newline, in and out).</summary>
    /// <param name="unsignedLine">The line as upstream's format writes it.</param>
    /// <returns>The signed line.</returns>
    string Sign(string unsignedLine);
}
