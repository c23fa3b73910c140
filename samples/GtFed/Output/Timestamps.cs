using System.Globalization;

namespace GtFed;

/// <summary>One timestamp shape for everything gtfed prints: RFC 3339 in UTC with a <c>Z</c>, whole seconds.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
