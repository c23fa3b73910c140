using System.Text;
using CsCheck;
using GasTown.Federation.Parsing;

namespace GasTown.Federation.Uri.Tests.Properties;

public sealed class GtUriPropertyTests
{
    [Fact]
    public void Parse_of_format_is_identity_for_generated_uris()
    {
        GtUriGenerators.UriText.Sample(text =>
        {
            var uri = GtUri.Parse(text);
            var formatted = uri.ToString();
            GtUri.Parse(formatted).ShouldBe(uri);

            Span<char> chars = stackalloc char[GtUriLimits.MaxUriLength];
            uri.TryFormat(chars, out var written).ShouldBeTrue();
            GtUri.Parse(chars[..written]).ShouldBe(uri);

            Span<byte> bytes = stackalloc byte[GtUriLimits.MaxUriLength];
            uri.TryFormat(bytes, out var bytesWritten).ShouldBeTrue();
            GtUri.Parse(bytes[..bytesWritten]).ShouldBe(uri);

            formatted.ShouldStartWith("gt://");
            formatted.ShouldBe(formatted[..(5 + uri.EntitySpan.Length)].ToLowerInvariant() + formatted[(5 + uri.EntitySpan.Length)..]);
        }, iter: 20_000);
    }

    [Fact]
    public void Builders_agree_with_the_parser()
    {
        GtUriGenerators.UriText.Sample(text =>
        {
            var uri = GtUri.Parse(text);
            var rebuilt = uri.Kind switch
            {
                GtUriKind.Entity => GtUri.ForEntity(uri.Entity),
                GtUriKind.Chain => GtUri.ForChain(uri.Entity, uri.Chain!),
                _ => GtUri.ForWorkUnit(uri.Entity, uri.Chain!, uri.Rig, uri.WorkId!),
            };
            rebuilt.ShouldBe(uri);
            rebuilt.Kind.ShouldBe(uri.Kind);
            rebuilt.Rig.ShouldBe(uri.Rig);
            rebuilt.EntitySpan.SequenceEqual(uri.EntitySpan).ShouldBeTrue();
        }, iter: 5_000);
    }

    [Fact]
    public void Utf16_and_utf8_parsing_agree()
    {
        Gen.OneOf(GtUriGenerators.UriText, GtUriGenerators.MangledUriText, Gen.String).Sample(text =>
        {
            var utf16 = GtUri.TryParse(text.AsSpan(), out var fromChars, out var charError);
            var bytes = Encoding.UTF8.GetBytes(text);
            var utf8 = GtUri.TryParse(bytes, out var fromBytes, out var byteError);
            utf8.ShouldBe(utf16, $"'{text}': {charError.Message} / {byteError.Message}");
            fromBytes.ShouldBe(fromChars);
            if (!utf16 && Encoding.UTF8.GetByteCount(text) == text.Length)
            {
                // ASCII input: the same error at the same place.
                byteError.Kind.ShouldBe(charError.Kind);
                byteError.Position.ShouldBe(charError.Position);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void TryParse_never_throws_on_arbitrary_strings()
    {
        Gen.OneOf(Gen.String, Gen.String[0, 1000], GtUriGenerators.MangledUriText,
                  Gen.Char["gthop:/@.%?#-_+ \0аｇ／"].Array[0, 40].Select(a => "gt://" + new string(a)))
            .Sample(text =>
            {
                if (GtUri.TryParse(text, out var uri, out var error))
                {
                    GtUri.Parse(uri.ToString()).ShouldBe(uri);
                }
                else
                {
                    error.Position.ShouldBeInRange(0, Math.Max(text.Length, GtUriLimits.MaxUriLength));
                    error.Message.ShouldNotBeNullOrEmpty();
                }

                WorkReference.TryParse(text, out _);
                EntityId.TryParse(text, out _);
            }, iter: 50_000);
    }

    [Fact]
    public void TryParse_never_throws_on_arbitrary_bytes()
    {
        Gen.OneOf(Gen.Byte.Array[0, 600], Gen.Byte.Array[0, 40].Select(b => Encoding.ASCII.GetBytes("gt://").Concat(b).ToArray()))
            .Sample(bytes =>
            {
                if (GtUri.TryParse(bytes, out var uri, out var error))
                {
                    Encoding.ASCII.GetString(bytes).ShouldBe(uri.ToString(), StringCompareShould.IgnoreCase);
                }
                else
                {
                    error.Message.ShouldNotBeNullOrEmpty();
                }

                EntityId.TryParse(bytes, out _);
            }, iter: 50_000);
    }

    [Fact]
    public void Equality_hash_and_order_follow_the_canonical_form()
    {
        Gen.Select(GtUriGenerators.UriText, GtUriGenerators.UriText).Sample((a, b) =>
        {
            var x = GtUri.Parse(a);
            var y = GtUri.Parse(b);
            (x == y).ShouldBe(string.Equals(x.ToString(), y.ToString(), StringComparison.Ordinal));
            if (x == y)
            {
                x.GetHashCode().ShouldBe(y.GetHashCode());
            }

            Math.Sign(x.CompareTo(y)).ShouldBe(Math.Sign(string.CompareOrdinal(x.ToString(), y.ToString())));
            (x < y).ShouldBe(x.CompareTo(y) < 0);

            // Changing the case of the scheme and entity never changes the value.
            var shouted = GtUri.Parse(a.ToUpperInvariant()[..(a.IndexOf("://", StringComparison.Ordinal) + 3 + x.EntitySpan.Length)] + a[(a.IndexOf("://", StringComparison.Ordinal) + 3 + x.EntitySpan.Length)..]);
            shouted.ShouldBe(x);
        }, iter: 5_000);
    }

    [Fact]
    public void The_fast_paths_accept_only_what_the_precise_path_accepts_with_the_same_layout()
    {
        var fastAccepted = 0;
        var vectorAccepted = 0;
        Gen.OneOf(GtUriGenerators.UriText, GtUriGenerators.MangledUriText,
                  Gen.Char["ab.-_+@/Z1"].Array[0, 30].Select(a => "gt://" + new string(a)))
            .Sample(text =>
            {
                var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
                if (start < 3)
                {
                    return;
                }

                if (GtUriFastPath.TryRead(text, start, out var fast))
                {
                    Interlocked.Increment(ref fastAccepted);
                    var accepted = GtUriParser.TryReadPrecise(text, start, out var precise, out var failure);
                    accepted.ShouldBeTrue(accepted ? null : $"'{text}': {failure.ToError().Message}");
                    fast.ShouldBe(precise, text);
                }

                if (GtUriVectorPath.IsSupported && GtUriVectorPath.TryRead(text, start, out var vector))
                {
                    Interlocked.Increment(ref vectorAccepted);
                    var accepted = GtUriParser.TryReadPrecise(text, start, out var precise, out var failure);
                    accepted.ShouldBeTrue(accepted ? null : $"'{text}': {failure.ToError().Message}");
                    vector.ShouldBe(precise, text);
                }
            }, iter: 50_000);
        fastAccepted.ShouldBeGreaterThan(10_000);
        if (GtUriVectorPath.IsSupported)
        {
            vectorAccepted.ShouldBeGreaterThan(10_000);
        }
    }
}
