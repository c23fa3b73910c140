namespace GasTown.Federation.Model.Tests.Authoring;

/// <summary>
/// bd's id generation (beads fbcee6c6 internal/idgen/hash.go, issueops/helpers.go). The expected ids were computed
/// outside .NET (Python's hashlib and integer base 36 over the same content string), not by this code.
/// </summary>
public sealed class BeadsIdGeneratorTests
{
    // 2026-11-30T10:00:00.1234567Z = 1796032800123456700 ns after the Unix epoch.
    private static readonly DateTimeOffset Instant = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    [Theory]
    [InlineData(3, 0, "gt-3fi")]
    [InlineData(3, 1, "gt-cuc")]
    [InlineData(4, 0, "gt-seec")]
    [InlineData(5, 0, "gt-dye3u")]
    [InlineData(6, 0, "gt-jdye3u")]
    [InlineData(7, 0, "gt-xv8kbdg")]
    [InlineData(8, 1, "gt-djvn3mnz")]
    public void Hash_ids_match_bds_GenerateHashID(int length, int nonce, string expected)
    {
        BeadsIdGenerator.GenerateHashId("gt", "Fix the login bug", "", "Ada Lovelace", Instant, length, nonce).ShouldBe(expected);
    }

    [Fact]
    public void Non_ascii_text_and_newlines_are_hashed_as_utf8_like_go()
    {
        BeadsIdGenerator.GenerateHashId("bd", "Café ☕", "line1\nline2", "gastown/crew/joe", Instant, 5, 3).ShouldBe("bd-55cjb");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(163, 3)]
    [InlineData(164, 4)]
    [InlineData(983, 4)]
    [InlineData(984, 5)]
    [InlineData(5898, 5)]
    [InlineData(5899, 6)]
    [InlineData(35390, 7)]
    [InlineData(212340, 8)]
    [InlineData(5_000_000, 8)]
    public void Adaptive_length_keeps_the_birthday_bound_at_25_percent(int issues, int length)
    {
        BeadsIdGenerator.ComputeAdaptiveLength(issues).ShouldBe(length);
    }

    [Fact]
    public void A_collision_tries_the_next_nonce_then_a_longer_hash()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "gt-3fi" };
        BeadsIdGenerator.NewId("gt", "Fix the login bug", null, "Ada Lovelace", Instant, 0, taken.Contains).ShouldBe("gt-cuc");

        // Every nonce of length 3 taken: bd moves to length 4, nonce 0.
        var allThree = Enumerable.Range(0, 10).Select(n => BeadsIdGenerator.GenerateHashId("gt", "Fix the login bug", "", "Ada Lovelace", Instant, 3, n)).ToHashSet();
        BeadsIdGenerator.NewId("gt", "Fix the login bug", null, "Ada Lovelace", Instant, 0, allThree.Contains).ShouldBe("gt-seec");
    }

    [Fact]
    public void Children_count_only_direct_top_level_and_child_ids_as_bd_does()
    {
        string[] ids = ["gt-abc", "gt-abc.1", "gt-abc.3", "gt-abc.3.1", "gt-abcd", "gt-x.12", "bd-abc"];

        BeadsIdGenerator.NextChildId("gt-abc", ids).ShouldBe("gt-abc.4");
        BeadsIdGenerator.NextChildId("gt-abc.3", ids).ShouldBe("gt-abc.3.2");
        BeadsIdGenerator.NextChildId("gt-abcd", ids).ShouldBe("gt-abcd.1");
        BeadsIdGenerator.CountTopLevel(ids, "gt").ShouldBe(2);
    }

    [Fact]
    public void Base36_pads_and_keeps_the_least_significant_digits()
    {
        BeadsIdGenerator.EncodeBase36([0x00, 0x01], 3).ShouldBe("001");
        BeadsIdGenerator.EncodeBase36([0xFF, 0xFF, 0xFF, 0xFF], 5).ShouldBe("141z3"); // 0xFFFFFFFF is 1z141z3 in base 36
    }
}
