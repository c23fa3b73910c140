using CsCheck;

namespace GasTown.Federation.Uri.Tests.Properties;

/// <summary>CsCheck generators of valid parts and URIs, built from the documented grammar.</summary>
internal static class GtUriGenerators
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string LetterOrDigit = Lower + Upper + Digits;

    private static Gen<string> StringOf(string chars, int min, int max)
        => Gen.Char[chars].Array[min, max].Select(a => new string(a));

    /// <summary>A domain label: letters, digits and inner hyphens, 1–20 characters (the limits have their own tests).</summary>
    public static readonly Gen<string> Label =
        Gen.Select(StringOf(LetterOrDigit, 1, 1), StringOf(LetterOrDigit + "-", 0, 18), StringOf(LetterOrDigit, 1, 1), Gen.Bool)
            .Select((first, middle, last, single) => single ? first : first + middle + last);

    public static readonly Gen<string> Domain = Label.Array[1, 4].Select(labels => string.Join('.', labels));

    public static readonly Gen<string> LocalPart =
        StringOf(LetterOrDigit + "_-+", 1, 6).Array[1, 3].Select(parts => string.Join('.', parts));

    /// <summary>An entity in any case: the canonical form lower-cases it.</summary>
    public static readonly Gen<string> Entity =
        Gen.Select(LocalPart, Domain, Gen.Bool).Select((local, domain, person) => person ? $"{local}@{domain}" : domain);

    public static readonly Gen<string> Name =
        Gen.Select(StringOf(LetterOrDigit, 1, 1), StringOf(LetterOrDigit + "._-", 0, 20)).Select((a, b) => a + b);

    /// <summary>Work ids like upstream's: prefix, '-', a rest of hyphen-separated words, optional dotted children.</summary>
    public static readonly Gen<string> WorkId =
        Gen.Select(
                StringOf(LetterOrDigit + "_", 1, 6),
                StringOf(LetterOrDigit + "_", 1, 8).Array[1, 3],
                Gen.Int[0, 999].Array[0, 3])
            .Where((prefix, _, _) => char.IsAsciiLetterOrDigit(prefix[0]))
            .Select((prefix, words, children) =>
                prefix + "-" + string.Join('-', words) + string.Concat(children.Select(c => "." + c)));

    public static readonly Gen<string> Scheme = Gen.OneOf("gt", "GT", "Gt", "hop", "HOP", "hOp");

    /// <summary>A valid URI of any kind, as text that may need canonicalising.</summary>
    /// <remarks>
    /// A hop:// text whose entity has no '.' or '@' with 2 or 4 segments is the Wasteland's shape, not a gt:// URI
    /// (see WastelandReference); such a text is written with gt:// here.
    /// </remarks>
    public static readonly Gen<string> UriText =
        Gen.Select(Scheme, Entity, Name, Name, WorkId, Gen.Int[1, 4])
            .Select((scheme, entity, chain, rig, id, segments) =>
                (scheme.Equals("hop", StringComparison.OrdinalIgnoreCase) && entity.IndexOfAny(['.', '@']) < 0 && segments is 2 or 4 ? "gt" : scheme,
                 entity, chain, rig, id, segments))
            .Select(t => t.Item6 switch
            {
                1 => $"{t.Item1}://{t.entity}",
                2 => $"{t.Item1}://{t.entity}/{t.chain}",
                3 => $"{t.Item1}://{t.entity}/{t.chain}/{t.id}",
                _ => $"{t.Item1}://{t.entity}/{t.chain}/{t.rig}/{t.id}",
            });

    /// <summary>Text that looks like a URI but is mangled: characters replaced, inserted or removed at random.</summary>
    public static readonly Gen<string> MangledUriText =
        Gen.Select(UriText, Gen.Int[0, 1000].Array[1, 4], Gen.Char.Array[1, 4], Gen.Int[0, 2])
            .Select((text, positions, chars, mode) =>
            {
                var builder = new System.Text.StringBuilder(text);
                for (var i = 0; i < positions.Length && builder.Length > 0; i++)
                {
                    var at = positions[i] % builder.Length;
                    var c = chars[i % chars.Length];
                    switch (mode)
                    {
                        case 0: builder[at] = c; break;
                        case 1: builder.Insert(at, c); break;
                        default: builder.Remove(at, 1); break;
                    }
                }

                return builder.ToString();
            });
}
