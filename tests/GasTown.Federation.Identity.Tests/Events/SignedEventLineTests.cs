using System.Text;
using System.Text.Json;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.Events;

/// <summary>Event lines signed with real keys (made by ssh-keygen), checked against the owner's key and its grants.</summary>
public sealed class SignedEventLineTests : IDisposable
{
    // An upstream line, byte for byte as gastown's events.go writes it (keys in order, payload keys sorted).
    private const string Line = """{"ts":"2026-11-30T12:00:00Z","source":"gt","type":"done","actor":"platform/polecats/rictus","payload":{"bead":"pl-101","branch":"polecat/rictus"},"visibility":"feed"}""";
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("gt-evsig");
    private readonly SshSigningKey _owner;
    private readonly SshSigningKey _agent;
    private readonly SshSigningKey _stranger;

    public SignedEventLineTests()
    {
        _owner = Load(SshKeygen.Create(_temp.Combine("owner"), comment: "mayor@acme.com"));
        _agent = Load(SshKeygen.Create(_temp.Combine("rictus"), comment: "rictus"));
        _stranger = Load(SshKeygen.Create(_temp.Combine("stranger"), comment: "stranger"));
    }

    public void Dispose()
    {
        _owner.Dispose();
        _agent.Dispose();
        _stranger.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("{\"type\":\"done\",\"actor\":\"mayor\" }")]
    [InlineData("{ }")]
    [InlineData("{\"type\":\"done\"}")]
    public void A_line_with_whitespace_before_its_closing_brace_verifies_once_signed(string line)
    {
        SignedEventLine.Verify(SignedEventLine.Sign(line, _owner), [_owner.PublicKey], AgentGrants.Empty).Status.ShouldBe(EventSignatureStatus.OwnerKey);
    }

    [Fact]
    public void A_signed_line_is_the_upstream_line_plus_one_last_member_and_ssh_keygen_checks_it()
    {
        var signed = SignedEventLine.Sign(Line, _owner);
        signed.ShouldStartWith(Line[..^1] + ",\"gt_sig\":\"-----BEGIN SSH SIGNATURE-----\\n");
        signed.ShouldEndWith("\"}");
        signed.ShouldNotContain('\n');

        // Every member upstream reads is unchanged: a reader that ignores unknown members sees the same event.
        using (var original = JsonDocument.Parse(Line))
        using (var read = JsonDocument.Parse(signed))
        {
            foreach (var member in original.RootElement.EnumerateObject())
            {
                read.RootElement.GetProperty(member.Name).GetRawText().ShouldBe(member.Value.GetRawText());
            }
        }

        SignedEventLine.Verify(signed, [_owner.PublicKey], AgentGrants.Empty).Status.ShouldBe(EventSignatureStatus.OwnerKey);

        // The signature is OpenSSH's: ssh-keygen verifies it over the unsigned line in the event namespace.
        using var document = JsonDocument.Parse(signed);
        File.WriteAllText(_temp.Combine("line.sig"), document.RootElement.GetProperty("gt_sig").GetString());
        File.WriteAllText(_temp.Combine("allowed"), $"mayor@acme.com {_owner.PublicKey.ToKeyString()}\n");
        var (exit, output) = SshKeygen.Run(Line, "-Y", "verify", "-f", _temp.Combine("allowed"), "-I", "mayor@acme.com", "-n", SignedEventLine.SignatureNamespace, "-s", _temp.Combine("line.sig"));
        exit.ShouldBe(0, output);
    }

    [Fact]
    public void An_agents_line_verifies_through_a_valid_grant_naming_its_actor()
    {
        var grants = Grants(AgentKeyStatement.Grant("platform/polecats/rictus", _agent.PublicKey, Issued.AddMonths(2), Issued, _owner));
        var check = SignedEventLine.Verify(SignedEventLine.Sign(Line, _agent), [_owner.PublicKey], grants);
        check.Status.ShouldBe(EventSignatureStatus.AgentGrant);
        check.IsVerified.ShouldBeTrue();
        check.Agent.ShouldBe("platform/polecats/rictus");
        check.Signer.ShouldBe(_agent.PublicKey);
    }

    [Fact]
    public void A_line_signed_after_the_grant_expired_is_refused()
    {
        var grants = Grants(AgentKeyStatement.Grant("platform/polecats/rictus", _agent.PublicKey, new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero), Issued, _owner));
        var check = SignedEventLine.Verify(SignedEventLine.Sign(Line, _agent), [_owner.PublicKey], grants);
        check.Status.ShouldBe(EventSignatureStatus.GrantExpired);
        check.IsVerified.ShouldBeFalse();
        check.Problem!.ShouldContain("2026-11-15T00:00:00Z");

        // The same grant covers a line of its time.
        var earlier = Line.Replace("2026-11-30T12:00:00Z", "2026-11-10T12:00:00Z", StringComparison.Ordinal);
        SignedEventLine.Verify(SignedEventLine.Sign(earlier, _agent), [_owner.PublicKey], grants).Status.ShouldBe(EventSignatureStatus.AgentGrant);
    }

    [Fact]
    public void A_revoked_key_is_refused_whatever_time_its_line_claims()
    {
        var grants = Grants(
            AgentKeyStatement.Grant("platform/polecats/rictus", _agent.PublicKey, Issued.AddMonths(2), Issued, _owner),
            AgentKeyStatement.Revoke("platform/polecats/rictus", _agent.PublicKey, Issued.AddDays(20), _owner));
        var backdated = Line.Replace("2026-11-30T12:00:00Z", "2026-11-02T12:00:00Z", StringComparison.Ordinal);
        SignedEventLine.Verify(SignedEventLine.Sign(backdated, _agent), [_owner.PublicKey], grants).Status.ShouldBe(EventSignatureStatus.GrantRevoked);
    }

    [Fact]
    public void A_grant_is_for_its_agent_only_and_a_grant_not_signed_by_the_owner_counts_for_nothing()
    {
        var grants = Grants(AgentKeyStatement.Grant("platform/polecats/nux", _agent.PublicKey, Issued.AddMonths(2), Issued, _owner));
        SignedEventLine.Verify(SignedEventLine.Sign(Line, _agent), [_owner.PublicKey], grants).Status.ShouldBe(EventSignatureStatus.WrongAgent);

        var forged = Grants(AgentKeyStatement.Grant("platform/polecats/rictus", _agent.PublicKey, Issued.AddMonths(2), Issued, _stranger));
        forged.Statements.ShouldBeEmpty();
        SignedEventLine.Verify(SignedEventLine.Sign(Line, _agent), [_owner.PublicKey], forged).Status.ShouldBe(EventSignatureStatus.UnknownKey);
    }

    [Fact]
    public void An_altered_line_has_a_bad_signature_and_upstream_lines_are_unsigned()
    {
        var signed = SignedEventLine.Sign(Line, _owner);
        var altered = signed.Replace("pl-101", "pl-102", StringComparison.Ordinal);
        SignedEventLine.Verify(altered, [_owner.PublicKey], AgentGrants.Empty).Status.ShouldBe(EventSignatureStatus.BadSignature);

        // A signature moved off the end, or not a string, is not a signature.
        var moved = signed.Replace(",\"visibility\":\"feed\"", "", StringComparison.Ordinal)[..^1] + ",\"visibility\":\"feed\"}";
        SignedEventLine.Verify(moved, [_owner.PublicKey], AgentGrants.Empty).Status.ShouldBe(EventSignatureStatus.BadSignature);

        SignedEventLine.Verify(Line, [_owner.PublicKey], AgentGrants.Empty).Status.ShouldBe(EventSignatureStatus.Unsigned);
        var payloadNamesIt = Line.Replace("\"branch\":\"polecat/rictus\"", "\"gt_sig\":\"x\"", StringComparison.Ordinal);
        SignedEventLine.Verify(payloadNamesIt, [_owner.PublicKey], AgentGrants.Empty).Status.ShouldBe(EventSignatureStatus.Unsigned);

        Should.Throw<ArgumentException>(() => SignedEventLine.Sign(signed, _owner));
    }

    [Fact]
    public void A_line_re_serialised_after_signing_says_so_rather_than_that_its_signature_moved()
    {
        var signed = SignedEventLine.Sign(Line, _owner);

        // Python's json.dumps, for one, writes ', "key": value': the signature is still the last member.
        var respaced = signed.Replace(",\"gt_sig\":\"", ", \"gt_sig\": \"", StringComparison.Ordinal);
        var check = SignedEventLine.Verify(respaced, [_owner.PublicKey], AgentGrants.Empty);
        check.Status.ShouldBe(EventSignatureStatus.BadSignature);
        check.Problem.ShouldNotBeNull().ShouldContain("re-serialised after signing");
        check.Problem.ShouldNotContain("not the line's last");

        var moved = signed.Replace(",\"visibility\":\"feed\"", "", StringComparison.Ordinal)[..^1] + ",\"visibility\":\"feed\"}";
        SignedEventLine.Verify(moved, [_owner.PublicKey], AgentGrants.Empty).Problem.ShouldNotBeNull().ShouldContain("not the line's last");

        var number = signed[..signed.IndexOf(",\"gt_sig\"", StringComparison.Ordinal)] + ",\"gt_sig\":7}";
        SignedEventLine.Verify(number, [_owner.PublicKey], AgentGrants.Empty).Problem.ShouldBe("its \"gt_sig\" member is not a string");
    }

    [Fact]
    public void A_grants_line_holding_an_escaped_lone_surrogate_is_skipped_and_the_others_still_count()
    {
        // "\ud800" is valid JSON but no text: System.Text.Json throws InvalidOperationException when it is read as a string.
        var good = AgentKeyStatement.Grant("platform/polecats/rictus", _agent.PublicKey, Issued.AddMonths(2), Issued, _owner).ToJsonLine();
        var file = "{\"type\":\"\\ud800\",\"agent\":\"x\",\"key\":\"k\",\"signature\":\"s\"}\n" + good + "\n";

        var grants = AgentGrants.Read(Encoding.UTF8.GetBytes(file), [_owner.PublicKey]);

        grants.SkippedCount.ShouldBe(1);
        grants.Statements.Single().Agent.ShouldBe("platform/polecats/rictus");
        AgentKeyStatement.TryParse(file.Split('\n')[0], out _, out var problem).ShouldBeFalse();
        problem.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void A_signature_member_holding_an_escaped_lone_surrogate_is_a_bad_signature()
    {
        var check = SignedEventLine.Verify(Line[..^1] + ",\"gt_sig\":\"\\ud800\"}", [_owner.PublicKey], AgentGrants.Empty);

        check.Status.ShouldBe(EventSignatureStatus.BadSignature);
    }

    [Fact]
    public void An_agents_line_whose_actor_is_an_escaped_lone_surrogate_is_judged_without_an_actor()
    {
        // Anyone can sign with a key of their own; the check reads the actor only after the signature verified.
        var grants = Grants(AgentKeyStatement.Grant("platform/polecats/rictus", _agent.PublicKey, Issued.AddMonths(2), Issued, _owner));
        var line = Line.Replace("\"actor\":\"platform/polecats/rictus\"", "\"actor\":\"\\ud800\"", StringComparison.Ordinal);

        var check = SignedEventLine.Verify(SignedEventLine.Sign(line, _agent), [_owner.PublicKey], grants);

        check.Status.ShouldBe(EventSignatureStatus.WrongAgent);
        SignedEventLine.Verify(SignedEventLine.Sign(line, _stranger), [_owner.PublicKey], grants).Status.ShouldBe(EventSignatureStatus.UnknownKey);
    }

    [Fact]
    public void An_actor_holding_terminal_escapes_is_shown_printable_in_the_problem()
    {
        var grants = Grants(AgentKeyStatement.Grant("platform/polecats/rictus", _agent.PublicKey, Issued.AddMonths(2), Issued, _owner));
        var line = Line.Replace("\"actor\":\"platform/polecats/rictus\"", "\"actor\":\"\\u001b]0;pwned\\u0007\"", StringComparison.Ordinal);

        var check = SignedEventLine.Verify(SignedEventLine.Sign(line, _agent), [_owner.PublicKey], grants);

        check.Status.ShouldBe(EventSignatureStatus.WrongAgent);
        check.Problem.ShouldNotBeNull().ShouldContain("<U+001B>]0;pwned<U+0007>");
    }

    private AgentGrants Grants(params AgentKeyStatement[] statements)
        => AgentGrants.Read(Encoding.UTF8.GetBytes(string.Join('\n', statements.Select(s => s.ToJsonLine())) + "\n"), [_owner.PublicKey]);

    private static SshSigningKey Load(string path) => SshSigningKey.LoadAsync(path).GetAwaiter().GetResult();
}
