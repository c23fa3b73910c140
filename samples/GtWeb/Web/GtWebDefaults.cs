namespace GtWeb;

/// <summary>GtWeb's defaults.</summary>
internal static class GtWebDefaults
{
    /// <summary>Where GtWeb listens when no --urls is given: loopback only.</summary>
    public const string Url = "http://127.0.0.1:5180";

    /// <summary>The host names a request may address GtWeb by when no <c>--AllowedHosts</c> is given: this machine's loopback names.</summary>
    public const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    /// <summary>The largest page the API and the pages serve (a page asks for fewer with limit).</summary>
    public const int MaxPageSize = 500;

    /// <summary>The page size of an API list asked for with <c>after</c> but no <c>limit</c> (gtfed list's default for <c>--after</c>).</summary>
    public const int ApiPageSize = 50;

    /// <summary>Rows per page on the ready page when the link does not say.</summary>
    public const int ReadyPageSize = 20;

    /// <summary>Rows (entries) per page on the remote, organisation and audit pages when the link does not say.</summary>
    public const int ListPageSize = 50;

    /// <summary>
    /// The most dependents a unit's page lists; it counts the rest. An epic can have tens of thousands of children: listed
    /// whole, the page of one with 50,000 was 15 MB of HTML.
    /// </summary>
    public const int DependentsShown = 100;
}
