using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>
/// QueryDocuments writes chain states and truncations by hand (building QueryJsonContext's metadata cost a fresh process
/// hundreds of JIT compilations): every value of every field must come out exactly as the context writes it.
/// </summary>
public sealed class DocumentPartsTests
{
    [Fact]
    public void Chain_states_are_written_as_the_source_generated_context_writes_them()
    {
        var states = new List<ChainState>();
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.FromHours(-8)).AddTicks(1_234_500);
        foreach (var trust in Enum.GetValues<ChainTrust>())
        {
            foreach (var unreachable in Enum.GetValues<UnreachableReason>().Cast<UnreachableReason?>().Append(null))
            {
                foreach (var proof in Enum.GetValues<IdentityProof>().Cast<IdentityProof?>().Append(null))
                {
                    var i = states.Count;
                    states.Add(new ChainState(
                        GtUri.Parse($"gt://owner{i}@example.com/town"),
                        trust,
                        i % 3 == 0 ? null : at.AddSeconds(i),
                        i % 2 == 0,
                        i,
                        i % 4 == 0 ? [] : ["a note with \"quotes\", <angle> & ünïcödé", $"note {i}"],
                        unreachable) { Proof = proof });
                }
            }
        }

        states.Count.ShouldBeGreaterThan(20);
        QueryDocuments.Chains(states).ToJsonString()
            .ShouldBe(JsonSerializer.SerializeToNode(states, QueryJsonContext.Default.IReadOnlyListChainState)!.ToJsonString());
    }

    [Fact]
    public void Truncations_are_written_as_the_source_generated_context_writes_them()
    {
        var truncations = Enum.GetValues<TruncationBound>()
            .Select((bound, i) => new Truncation(bound, 100 * (i + 1), 100 * (i + 1) + 1, $"stopped at \"{bound}\" <{i}>"))
            .ToList();

        QueryDocuments.Truncations(truncations).ToJsonString()
            .ShouldBe(JsonSerializer.SerializeToNode(truncations, QueryJsonContext.Default.IReadOnlyListTruncation)!.ToJsonString());
    }

    [Fact]
    public void A_work_unit_names_its_rig_as_the_summary_converter_does_and_none_when_it_has_none()
    {
        var unit = new WorkUnit { Id = "gt-1", Title = "Ship it" };
        var inRig = new WorkUnitSummary(GtUri.Parse("gt://alice@example.com/town/gastown/gt-1"), "gastown", unit);
        var townLevel = new WorkUnitSummary(GtUri.Parse("gt://alice@example.com/town/gt-1"), null, unit);

        var written = QueryDocuments.WorkUnit(inRig);
        written["rig"]!.GetValue<string>().ShouldBe("gastown");
        JsonSerializer.SerializeToNode(inRig, QueryJsonContext.Default.WorkUnitSummary)!["rig"]!.GetValue<string>().ShouldBe("gastown");
        QueryDocuments.ListItem(inRig, [])["rig"]!.GetValue<string>().ShouldBe("gastown");
        QueryDocuments.WorkUnit(townLevel).ContainsKey("rig").ShouldBeFalse();
    }
}
