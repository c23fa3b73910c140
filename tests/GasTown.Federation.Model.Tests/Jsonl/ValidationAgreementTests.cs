using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// Loading validates each line and builds its work unit later; both walk the same field table, and this checks they
/// agree: a line accepted at load always builds, a line refused at load never reads as a work unit.
/// </summary>
public sealed class ValidationAgreementTests
{
    [Fact]
    public void Load_time_validation_and_building_agree_on_mutated_real_lines()
    {
        var random = new Random(20260301);
        var lines = new[] { Fixtures.BeadsSyncIssues, Fixtures.BeadsDoltEraIssues, Fixtures.GastownNoncanonicalIssues }
            .SelectMany(path => FixtureLines.Lines(File.ReadAllBytes(path)))
            .Where((_, i) => i % 7 == 0)
            .ToList();
        byte[] replacements = "\"{}[],:0-9aZ\\ tn."u8.ToArray();
        int accepted = 0, refused = 0;
        foreach (var original in lines)
        {
            for (var m = 0; m < 6; m++)
            {
                var line = (byte[])original.Clone();
                line[random.Next(line.Length)] = replacements[random.Next(replacements.Length)];

                var document = WorkUnitDocument.Parse(line);
                var built = WorkUnitJson.TryRead(line, out var unit, out var error);
                if (document.Count == 1)
                {
                    built.ShouldBeTrue($"validated but not built: {Encoding.UTF8.GetString(line)}: {error}");
                    WorkUnitJson.ToUtf8Bytes(document.WorkUnits[0]).ShouldBe(WorkUnitJson.ToUtf8Bytes(unit!));
                    document.ToUtf8Bytes().ShouldBe(line);
                    accepted++;
                }
                else
                {
                    built.ShouldBeFalse($"refused at load but built: {Encoding.UTF8.GetString(line)}");
                    document.Diagnostics.ShouldNotBeEmpty();
                    refused++;
                }
            }
        }

        accepted.ShouldBeGreaterThan(100);
        refused.ShouldBeGreaterThan(100);
    }
}
