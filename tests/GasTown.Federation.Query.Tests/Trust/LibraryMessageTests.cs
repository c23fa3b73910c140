using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace GasTown.Federation.Query.Tests.Trust;

/// <summary>
/// Issue 10: library messages name the step, never a CLI command, because a web host cannot act on "run gtfed …"; nor,
/// in what a host shows its readers as it is (an unreachable chain's advice), an SDK call. Read from the compiled package
/// itself: every string literal it can put in a message.
/// </summary>
public sealed class LibraryMessageTests
{
    [Fact]
    public void No_string_in_the_query_package_tells_the_user_to_run_a_gtfed_command()
    {
        var literals = LiteralsOf(typeof(FederationQueries).Assembly);

        literals.ShouldContain(s => s.Contains("does not go to the network unasked; fetch the remote first", StringComparison.Ordinal), "the scan must see the messages");
        literals.ShouldNotContain(s => s.Contains("gtfed", StringComparison.OrdinalIgnoreCase));
        literals.ShouldNotContain(s => s.Contains("ChainFetcher.FetchAsync", StringComparison.Ordinal) || s.Contains("WithFetch(", StringComparison.Ordinal)
            || s.Contains("(TrustedKeyStore.", StringComparison.Ordinal) || s.Contains("Model's ChainLimits", StringComparison.Ordinal));
    }

    [Fact]
    public void No_fetch_failure_names_the_sdk_call_that_failed()
    {
        // A fetch's failure is what a query says of a chain it answers without (GtWeb's pages showed "could not be fetched
        // (ChainFetcher.FetchAsync): …"); the exception's stack says the call to a developer.
        var literals = LiteralsOf(typeof(GasTown.Federation.GitTransport.ChainFetcher).Assembly);

        literals.ShouldContain(s => s.Contains("could not be fetched", StringComparison.Ordinal), "the scan must see the messages");
        literals.ShouldNotContain(s => s.Contains("(ChainFetcher.", StringComparison.Ordinal) || s.Contains("(Town.", StringComparison.Ordinal));
    }

    // Every string literal an assembly can put in a message, read from the compiled package itself.
    private static List<string> LiteralsOf(System.Reflection.Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var literals = new List<string>();
        var handle = MetadataTokens.UserStringHandle(1);
        while (!handle.IsNil)
        {
            literals.Add(metadata.GetUserString(handle));
            handle = metadata.GetNextHandle(handle);
        }

        return literals;
    }
}
