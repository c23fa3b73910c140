using System.Globalization;
using System.Text;

namespace GasTown.Federation.Model.Internal;

/// <summary>
/// The fingerprint a continuation token carries of the list it continues (what selects the list and its filter), so a
/// token handed to another list is refused instead of starting that list part-way. The one rule for the Query package's
/// and the index's tokens, which share no other internals.
/// </summary>
internal static class ListFingerprint
{
    /// <summary>The length of every fingerprint.</summary>
    public const int Length = 8;

    /// <summary>
    /// Eight lowercase hexadecimal digits of FNV-1a (32 bits) over the parts, each ended by a newline (a null part is a
    /// zero byte, so "no filter" and a filter on the empty value differ): a check against a token given to the wrong list,
    /// not a secret, and short so a token stays short.
    /// </summary>
    public static string Of(params ReadOnlySpan<string?> parts)
    {
        var hash = 2166136261u;
        foreach (var part in parts)
        {
            var bytes = part is null ? [0] : Encoding.UTF8.GetBytes(part + "\n");
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 16777619u;
            }
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
