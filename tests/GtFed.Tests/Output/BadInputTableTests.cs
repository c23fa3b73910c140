using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Output;

/// <summary>
/// Every command's bad input, with the exit code the README promises (1 not found, 2 bad usage or input,
/// 3 remote or I/O failure) and, with --json, one error object on standard output whose message is
/// written for a person: no SDK type, parameter or .NET type names.
/// </summary>
public sealed class BadInputTableTests : IDisposable
{
    private static readonly string[] SdkWords = ["Exception", "(Parameter", "System.", "RemoteRegistry", "WorkReferenceContext", "Options.", "AddGasTownFederation", "please report"];
    private readonly TempDirectory _temp = new("gtfed-table");
    private readonly BuiltTown _town;

    public BadInputTableTests()
    {
        _town = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Work"))
            .Build();
    }

    public static TheoryData<string, int, string> Cases => new()
    {
        { "frobnicate", 2, "invalid_input" },
        { "list --remote a --org b.com", 2, "invalid_input" },
        { "list --ready --status bogus", 2, "invalid_input" },
        { "list --ready --town <empty>", 2, "invalid_input" },
        { "list --ready --town <missing>", 2, "invalid_input" },
        { "list --remote nobody", 1, "not_found" },
        { "list --org not-an-entity!", 2, "invalid_input" },
        { "list --project gt-nope", 1, "not_found" },
        { "show gt://alice@example.com/town/gastown/gt-nope", 1, "not_found" },
        { "show gt://bad..uri/x", 2, "invalid_input" },
        { "show gt://nobody.example/chain/x-1", 1, "not_found" },
        { "fetch nobody", 1, "not_found" },
        { "remote add x notauri --url /tmp", 2, "invalid_input" },
        { "remote add x gt://acme.com/eng/ac-1 --url /tmp", 2, "invalid_input" },
        { "remote add x gt://acme.com/eng --rig r", 2, "invalid_input" }, // without --url the chain is discovered; a one-rig repository cannot be
        { "remote remove nobody", 1, "not_found" },
        { "publish --rig nosuchrig", 2, "refused" },
        { "audit --actor <empty>", 2, "invalid_input" },
        { "audit --actor gastown/* --since bogus", 2, "invalid_input" },
        { "audit --actor gastown/* --since <empty>", 2, "invalid_input" },
        { "event emit <empty>", 2, "invalid_input" },
        { "event emit sling --payload [1]", 2, "invalid_input" },
        { "event emit sling --payload {nope", 2, "invalid_input" },
        { "event emit sling --visibility nope", 2, "invalid_input" },
        { "relate employ alice@ --org acme.com", 2, "invalid_input" },
        { "relate delegate gt-1 notaref!!", 2, "invalid_input" },
        { "relate delegate gt-1 gt://bob@example.com/t/web/bb-1 --deadline tomorrow", 2, "invalid_input" },
        { "init --owner @@bad --name t --town <new>", 2, "invalid_input" },
        { "init --owner a@b.com --name t --town <town>", 2, "invalid_input" },
        { "demo", 2, "invalid_input" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_exits_with_the_documented_code_and_one_json_error(string commandLine, int exitCode, string kind)
    {
        var args = commandLine.Split(' ').Select(Expand).ToList();
        if (!args.Contains("--town") && args[0] is not ("frobnicate" or "demo"))
        {
            args.AddRange(["--town", _town.Root]);
        }

        args.Add("--json");
        var before = Snapshot();
        var run = GtFedProcess.Run(null, new Dictionary<string, string?> { ["BD_ACTOR"] = "gastown/crew/joe" }, [.. args]);

        run.ExitCode.ShouldBe(exitCode, run.ToString());
        var error = run.Json().GetProperty("error");
        error.GetProperty("kind").GetString().ShouldBe(kind, run.ToString());
        error.GetProperty("exit_code").GetInt32().ShouldBe(exitCode);
        var message = error.GetProperty("message").GetString()!;
        message.ShouldNotBeNullOrWhiteSpace();
        foreach (var word in SdkWords)
        {
            message.ShouldNotContain(word, Case.Sensitive, run.ToString());
            run.StandardError.ShouldNotContain(word, Case.Sensitive, run.ToString());
        }

        // The same message for a person on standard error, once.
        run.StandardError.Split('\n').Count(l => l.StartsWith("gtfed: ", StringComparison.Ordinal)).ShouldBe(1, run.ToString());
        Snapshot().ShouldBe(before, "bad input must change nothing in the town");
    }

    public void Dispose() => _temp.Dispose();

    private string Expand(string arg) => arg switch
    {
        "<empty>" => "",
        "<missing>" => _temp.Combine("missing"),
        "<new>" => _temp.Combine("new-town"),
        "<town>" => _town.Root,
        _ => arg,
    };

    // The town's own files: not the federation repository, nor the index, a cache any query may build (show answers from it).
    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_town.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.Combine("federation", "git"), StringComparison.Ordinal)
                && !Path.GetRelativePath(_town.Root, f).StartsWith(Path.Combine("federation", "index."), StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(_town.Root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
