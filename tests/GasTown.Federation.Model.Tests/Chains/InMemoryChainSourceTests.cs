using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Chains;

public sealed class InMemoryChainSourceTests
{
    [Fact]
    public async Task Its_content_ids_are_the_blob_ids_git_computes()
    {
        using var temp = new TempDirectory();
        var content = "{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}\n";
        await File.WriteAllTextAsync(temp.Combine("routes.jsonl"), content, TestContext.Current.CancellationToken);

        var gitId = GitCli.Run(temp.Path, "hash-object", "routes.jsonl").Trim();

        InMemoryChainSource.GitBlobId(Encoding.UTF8.GetBytes(content)).ShouldBe(gitId);
    }
}
