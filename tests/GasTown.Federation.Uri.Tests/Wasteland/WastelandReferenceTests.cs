namespace GasTown.Federation.Uri.Tests.Wasteland;

/// <summary>
/// The two hop:// shapes: our alias hop://entity/chain[/rig]/id and the Wasteland's hop://org/database/table/id
/// (gastown docs/guides/mvgt-integration.md). The Wasteland's is reported as its own kind, never misread as a work unit.
/// </summary>
public sealed class WastelandReferenceTests
{
    [Theory]
    [InlineData("hop://steveyegge/wl-commons/completions/c-demo-001", "steveyegge", "wl-commons", "completions", "c-demo-001")]
    [InlineData("hop://steveyegge/wl-commons/stamps/s-demo-001", "steveyegge", "wl-commons", "stamps", "s-demo-001")]
    [InlineData("hop://steveyegge/wl-commons/chain/chain-main-stamps", "steveyegge", "wl-commons", "chain", "chain-main-stamps")]
    [InlineData("HOP://my_org/wl-commons/chain_meta/c.1", "my_org", "wl-commons", "chain_meta", "c.1")]
    public void A_wasteland_row_reference_is_read_as_one_and_refused_as_a_gt_uri(string text, string org, string database, string table, string id)
    {
        WastelandReference.TryParse(text, out var reference).ShouldBeTrue();
        reference.ShouldBe(new WastelandReference(org, database, table, id));
        reference.IsRow.ShouldBeTrue();

        GtUri.TryParse(text, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(GtUriError.WastelandReference);
        error.Position.ShouldBe(6);
        error.Message.ShouldContain("WastelandReference.TryParse");
        GtUri.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _, out var utf8Error).ShouldBeFalse();
        utf8Error.Kind.ShouldBe(GtUriError.WastelandReference);
        Should.Throw<GtUriFormatException>(() => GtUri.Parse(text)).Error.ShouldBe(GtUriError.WastelandReference);
    }

    [Fact]
    public void A_wasteland_database_reference_is_read_and_formatted()
    {
        var reference = WastelandReference.Parse("hop://steveyegge/wl-commons");

        reference.IsRow.ShouldBeFalse();
        reference.ToString().ShouldBe("hop://steveyegge/wl-commons");
        WastelandReference.Parse("hop://steveyegge/wl-commons/wanted/w-1").ToString().ShouldBe("hop://steveyegge/wl-commons/wanted/w-1");
        GtUri.TryParse("hop://steveyegge/wl-commons", out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(GtUriError.WastelandReference);
    }

    [Theory]
    [InlineData("hop://acme.com/eng/stamps/s-1", "gt://acme.com/eng/stamps/s-1")]
    [InlineData("hop://steve@example.com/main-town/gastown/gt-xyz", "gt://steve@example.com/main-town/gastown/gt-xyz")]
    [InlineData("hop://acme.com/wl-commons", "gt://acme.com/wl-commons")]
    [InlineData("hop://localhost", "gt://localhost")]
    [InlineData("hop://localhost/town/gt-1", "gt://localhost/town/gt-1")]
    [InlineData("gt://localhost/town", "gt://localhost/town")]
    [InlineData("gt://steveyegge/wl-commons/completions/c-1", "gt://steveyegge/wl-commons/completions/c-1")]
    public void Our_alias_and_gt_uris_are_not_wasteland_references(string text, string canonical)
    {
        WastelandReference.TryParse(text, out _).ShouldBeFalse();
        GtUri.Parse(text).ToString().ShouldBe(canonical);
    }

    [Theory]
    [InlineData("hop://steveyegge")]
    [InlineData("hop://steveyegge/wl-commons/completions")]
    [InlineData("hop://steveyegge/wl-commons/completions/c-1/x")]
    [InlineData("hop://steve.yegge/wl-commons/completions/c-1")]
    [InlineData("hop://steveyegge//completions/c-1")]
    [InlineData("gt://steveyegge/wl-commons")]
    [InlineData("hop://steveyegge/wl commons")]
    [InlineData("hop://molmall.gastown.io/formulas/mol-polecat-work@4.0.0")]
    [InlineData(null)]
    public void Other_texts_are_not_wasteland_references(string? text)
    {
        WastelandReference.TryParse(text, out var reference).ShouldBeFalse();
        reference.ShouldBeNull();
        if (text is not null)
        {
            Should.Throw<FormatException>(() => WastelandReference.Parse(text));
            if (GtUri.TryParse(text, out _, out var error) is false)
            {
                error.Kind.ShouldNotBe(GtUriError.WastelandReference, "only the Wasteland's shape is reported as one");
            }
        }
    }

    [Fact]
    public void A_mol_mall_formula_address_is_neither_shape()
    {
        const string text = "hop://molmall.gastown.io/formulas/mol-polecat-work@4.0.0";

        WastelandReference.IsWastelandShape(text).ShouldBeFalse();
        GtUri.TryParse(text, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(GtUriError.InvalidCharacter);
    }
}
