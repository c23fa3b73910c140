using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Relationships;

public sealed class RelationshipDocumentTests
{
    // The seed's three shapes (DESIGN §5), as this SDK writes them.
    private const string Employment = "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\"}";
    private const string Delegation = "{\"type\":\"delegation\",\"parent\":\"gt://acme.com/projects/proj-123\",\"child\":\"gt://alice@example.com/town/gastown/gt-xyz\",\"terms\":{\"portion\":\"backend\",\"deadline\":\"2025-02-01\"}}";
    private const string CrossReference = "{\"type\":\"cross_reference\",\"source\":\"gt://alice@example.com/town/gastown/gt-abc\",\"references\":[{\"type\":\"depends_on\",\"target\":\"gt://bob@example.com/chain/rig/bd-1\"}]}";

    [Fact]
    public void Reads_the_seeds_three_shapes()
    {
        var document = RelationshipDocument.Parse(Encoding.UTF8.GetBytes(string.Join('\n', Employment, Delegation, CrossReference) + "\n"));

        document.Diagnostics.ShouldBeEmpty();
        document.LineNumbers.ShouldBe([1, 2, 3]);
        var employment = document.Relationships[0].ShouldBeOfType<EmploymentRelationship>();
        employment.Entity.ShouldBe(EntityId.Parse("alice@example.com"));
        employment.Organization.ShouldBe(EntityId.Parse("acme.com"));

        var delegation = document.Relationships[1].ShouldBeOfType<DelegationRelationship>();
        delegation.Parent.ShouldBe(GtUri.Parse("gt://acme.com/projects/proj-123"));
        delegation.Child.Rig.ShouldBe("gastown");
        delegation.Terms.ShouldNotBeNull().Portion.ShouldBe("backend");
        delegation.Terms.Deadline.ShouldBe("2025-02-01");

        var reference = document.Relationships[2].ShouldBeOfType<CrossReferenceRelationship>();
        reference.Source.WorkId.ShouldBe("gt-abc");
        reference.References.ShouldHaveSingleItem().ShouldBe(new CrossReferenceTarget("depends_on", GtUri.Parse("gt://bob@example.com/chain/rig/bd-1")));
    }

    [Theory]
    [InlineData(Employment)]
    [InlineData(Delegation)]
    [InlineData(CrossReference)]
    [InlineData("{\"type\":\"delegation\",\"parent\":\"gt://acme.com/hq/ac-1\",\"child\":\"gt://bob@example.com/t/bd-2\",\"delegated_by\":\"acme/crew/max\",\"delegated_to\":\"bob\",\"terms\":{\"portion\":\"api\",\"deadline\":\"2026-01-31T17:00:00-08:00\",\"acceptance_criteria\":\"tests \\u003e 90%\",\"credit_share\":40,\"bonus\":\"x\"},\"created_at\":\"2025-12-30T10:00:00.123456789-08:00\",\"signature\":{\"alg\":\"none\"}}")]
    [InlineData("{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"acme.com\",\"since\":\"2024-01-01\",\"role\":[\"eng\",1]}")]
    [InlineData("{\"type\":\"mentorship\",\"mentor\":\"a@b.com\",\"nested\":{\"k\":[true,null]}}")]
    public void Writes_back_what_it_reads_unknown_fields_and_types_included(string line)
    {
        var document = RelationshipDocument.Parse(Encoding.UTF8.GetBytes(line));
        document.Diagnostics.ShouldBeEmpty();
        Encoding.UTF8.GetString(RelationshipDocument.Serialize(document.Relationships.ShouldHaveSingleItem())).ShouldBe(line);
    }

    [Fact]
    public void Upstreams_delegation_fields_are_read_from_the_top_level_or_from_the_terms()
    {
        var line = "{\"type\":\"delegation\",\"parent\":\"gt://acme.com/hq/ac-1\",\"child\":\"gt://bob@example.com/t/bd-2\",\"terms\":{\"delegated_by\":\"steve\",\"delegated_to\":\"alice\",\"credit_share\":100}}";
        var delegation = RelationshipDocument.Parse(Encoding.UTF8.GetBytes(line)).Relationships.ShouldHaveSingleItem().ShouldBeOfType<DelegationRelationship>();
        delegation.DelegatedBy.ShouldBe("steve");
        delegation.DelegatedTo.ShouldBe("alice");
        delegation.Terms!.CreditShare.ShouldBe(100);
    }

    [Fact]
    public void An_employment_by_a_person_is_a_bad_line_to_read_and_refused_to_write()
    {
        const string ByPerson = "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"bob@example.com\"}";
        RelationshipDocument.Parse(Encoding.UTF8.GetBytes(ByPerson + "\n")).Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("must be an organisation");

        var employment = new EmploymentRelationship(EntityId.Parse("alice@example.com"), EntityId.Parse("bob@example.com"));
        Should.Throw<ArgumentException>(() => RelationshipDocument.Empty.Append([employment])).Message.ShouldContain("bob@example.com is a person, not an organisation");
    }

    [Fact]
    public void A_work_unit_delegating_to_itself_is_a_bad_line_to_read_and_refused_to_write()
    {
        const string Loop = "{\"type\":\"delegation\",\"parent\":\"gt://a.com/c/x-1\",\"child\":\"gt://a.com/c/x-1\"}";
        var document = RelationshipDocument.Parse(Encoding.UTF8.GetBytes(Loop + "\n" + Delegation + "\n"));

        document.Relationships.ShouldHaveSingleItem().ShouldBeOfType<DelegationRelationship>().Parent.ToString().ShouldBe("gt://acme.com/projects/proj-123");
        document.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("does not delegate to itself");

        var unit = GtUri.Parse("gt://a.com/c/x-1");
        Should.Throw<ArgumentException>(() => RelationshipDocument.Empty.Append([new DelegationRelationship(unit, unit)])).Message.ShouldContain("cannot delegate to itself");
    }

    [Fact]
    public void Reports_bad_lines_with_their_numbers_and_keeps_the_rest()
    {
        var lines = new[]
        {
            Employment,                                                                                    // 1
            "",                                                                                            // 2 blank
            "{oops",                                                                                       // 3
            "{\"entity\":\"a@b.com\"}",                                                                    // 4 no type
            "{\"type\":\"employment\",\"entity\":\"alice@example.com\",\"organization\":\"bob@acme.com\"}", // 5 org is a person
            "{\"type\":\"employment\",\"entity\":\"not an entity\",\"organization\":\"acme.com\"}",        // 6
            "{\"type\":\"delegation\",\"parent\":\"https://x\",\"child\":\"gt://a.com/c/x-1\"}",           // 7 not gt://
            "{\"type\":\"delegation\",\"parent\":\"gt://a.com/c\",\"child\":\"gt://a.com/c/x-1\"}",       // 8 chain, not work unit
            "{\"type\":\"delegation\",\"parent\":\"gt://a.com/c/x-2\",\"child\":\"gt://a.com/c/x-1\",\"terms\":{\"credit_share\":101}}", // 9
            "{\"type\":\"cross_reference\",\"source\":\"gt://a.com/c/x-1\"}",                              // 10 no references
            "{\"type\":\"cross_reference\",\"source\":\"gt://a.com/c/x-1\",\"references\":[{\"type\":\"t\"}]}", // 11 no target
            Delegation,                                                                                    // 12
        };
        var document = RelationshipDocument.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        document.Relationships.Count.ShouldBe(2);
        document.LineNumbers.ShouldBe([1, 12]);
        document.Diagnostics.Select(d => d.LineNumber).ShouldBe([3, 4, 5, 6, 7, 8, 9, 10, 11]);
        document.Diagnostics.ShouldAllBe(d => d.Severity == ChainDiagnosticSeverity.Error && d.Message.EndsWith("line skipped"));
        document.Diagnostics.Single(d => d.LineNumber == 9).Message.ShouldContain("0 to 100");
        document.Diagnostics.Single(d => d.LineNumber == 11).Message.ShouldContain("references[0]");
    }

    [Fact]
    public async Task Appends_atomically_keeping_existing_bytes_exactly()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var path = temp.Combine("town", "federation", "relationships.jsonl");

        // Created with its folder when missing.
        await RelationshipDocument.AppendAsync(path, [new EmploymentRelationship(EntityId.Parse("alice@example.com"), EntityId.Parse("acme.com"))], ct);
        (await File.ReadAllTextAsync(path, ct)).ShouldBe(Employment + "\n");

        // A hand-edited file (spaces, a bad line, no final newline) is kept as is.
        const string handEdited = "{ \"type\" : \"employment\", \"entity\":\"bob@example.com\", \"organization\":\"acme.com\" }\n{broken\n# note";
        await File.WriteAllTextAsync(path, handEdited, ct);
        var delegation = new DelegationRelationship(
            GtUri.Parse("gt://acme.com/projects/proj-123"),
            GtUri.Parse("gt://alice@example.com/town/gastown/gt-xyz"),
            new DelegationTerms("backend", "2025-02-01"));
        var written = await RelationshipDocument.AppendAsync(path, [delegation], ct);

        (await File.ReadAllTextAsync(path, ct)).ShouldBe(handEdited + "\n" + Delegation + "\n");
        written.Relationships.Count.ShouldBe(2);
        written.LineNumbers.ShouldBe([1, 0]);
        Directory.GetFiles(temp.Combine("town", "federation")).ShouldBe([path]);
        (await RelationshipDocument.LoadAsync(path, ct)).Relationships[1].ShouldBeOfType<DelegationRelationship>().Child.WorkId.ShouldBe("gt-xyz");
    }

    [Fact]
    public void Credit_share_outside_0_to_100_is_refused_when_built()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new DelegationTerms(creditShare: -1)).Message.ShouldContain("0 to 100");
        Should.Throw<ArgumentOutOfRangeException>(() => new DelegationTerms(creditShare: 101));
        new DelegationTerms(creditShare: 0).CreditShare.ShouldBe(0);
    }

    [Fact]
    public async Task Reads_what_the_town_builder_writes()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path)
            .WithEmployment("alice@example.com", "acme.com")
            .WithDelegation("gt://acme.com/hq/ac-1", "gt://alice@example.com/town/gastown/gt-1", portion: "backend", creditShare: 30, delegatedBy: "acme/crew/max")
            .WithCrossReference("gt://alice@example.com/town/gastown/gt-1", ("depends_on", "gt://bob@example.com/b/bd-1"), ("related", "gt://bob@example.com/b/bd-2"))
            .Build();
        var document = await RelationshipDocument.LoadAsync(town.PathOf(RelationshipDocument.RelativePath), TestContext.Current.CancellationToken);

        document.Diagnostics.ShouldBeEmpty();
        document.Relationships.Select(r => r.Type).ShouldBe(["employment", "delegation", "cross_reference"]);
        document.Relationships[1].ShouldBeOfType<DelegationRelationship>().Terms!.CreditShare.ShouldBe(30);
        document.Relationships[2].ShouldBeOfType<CrossReferenceRelationship>().References.Count.ShouldBe(2);
    }
}
