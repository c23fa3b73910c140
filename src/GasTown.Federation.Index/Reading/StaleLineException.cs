namespace GasTown.Federation.Index;

/// <summary>A local line no longer holds what was indexed: the index refreshes and the query runs again. Never leaves the package.</summary>
internal sealed class StaleLineException : Exception
{
    public StaleLineException()
        : base("The local file changed since it was indexed.")
    {
    }
}
