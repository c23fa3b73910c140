using System.Security.Cryptography;
using System.Text;
using GasTown.Federation.TestSupport;
using ZstdSharp;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// The dictionary stored lines are compressed with is part of the stored format: it is the one zstd's trainer makes from
/// the upstream fixtures, byte for byte, so anyone can see where it came from and nobody changes it by accident.
/// </summary>
public sealed class StoredLineDictionaryTests
{
    // The check the dictionary's loader does not do at run time (it would start OpenSSL in every fresh process): the
    // embedded bytes are the pinned ones, whatever the trainer does today.
    [Fact]
    public void The_embedded_dictionary_is_the_pinned_one()
        => Convert.ToHexString(SHA256.HashData(StoredLineDictionary.Bytes)).ShouldBe(StoredLineDictionary.Sha256);

    // This pins the trainer's output too: should a ZstdSharp upgrade train differently, this fails although the stored
    // format is unchanged. Keep the resource then (rows written with it need it) and record how it was made here.
    [Fact]
    public void The_dictionary_is_the_one_trained_from_the_upstream_fixtures()
    {
        var lines = new[] { Fixtures.BeadsSyncIssues, Fixtures.BeadsDoltEraIssues, Fixtures.GastownNoncanonicalIssues }
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Length > 0)
            .Select(Encoding.UTF8.GetBytes)
            .ToArray();
        var trained = DictBuilder.TrainFromBuffer(lines, 32768).ToArray();

        Convert.ToHexString(SHA256.HashData(trained)).ShouldBe(StoredLineDictionary.Sha256);
        StoredLineDictionary.Bytes.ShouldBe(trained);
    }
}
