using System.Reflection;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Query.Tests.Diagnostics;

/// <summary>
/// Every package's <c>Log</c> class declares its EventId range (FirstEventId..LastEventId), its ids stay in it, and no
/// two log messages of the SDK share an id: a host filters or alerts on ids without knowing which package wrote them.
/// This project is the one that references all four packages with log messages.
/// </summary>
public sealed class EventIdRangeTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(ChainLoader).Assembly,
        typeof(EventLogWriter).Assembly,
        typeof(ChainFetcher).Assembly,
        typeof(FederationQueries).Assembly,
    ];

    public static TheoryData<string> PackageNames() => [.. Packages.Select(p => p.GetName().Name!)];

    private static Type LogOf(Assembly package)
        => package.GetTypes().Single(t => t.Name == "Log" && t.IsAbstract && t.IsSealed);

    private static (int First, int Last) RangeOf(Type log)
    {
        static int Constant(Type type, string name) => (int)(type.GetField(name, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException($"{type.FullName} does not declare {name}")).GetRawConstantValue()!;
        return (Constant(log, "FirstEventId"), Constant(log, "LastEventId"));
    }

    private static IEnumerable<(string Package, string Method, int Id)> MessagesOf(Assembly package)
        => LogOf(package).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (package.GetName().Name!, x.Method.Name, x.Attribute!.EventId));

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Each_package_logs_only_inside_its_declared_range(string packageName)
    {
        var package = Packages.Single(p => p.GetName().Name == packageName);
        var (first, last) = RangeOf(LogOf(package));
        var messages = MessagesOf(package).ToList();

        messages.ShouldNotBeEmpty();
        messages.ShouldAllBe(m => m.Id >= first && m.Id <= last);
    }

    [Fact]
    public void Ranges_do_not_overlap_and_no_two_messages_share_an_id()
    {
        var ranges = Packages.Select(p => (p.GetName().Name, Range: RangeOf(LogOf(p)))).OrderBy(r => r.Range.First).ToList();
        for (var i = 1; i < ranges.Count; i++)
        {
            ranges[i].Range.First.ShouldBeGreaterThan(ranges[i - 1].Range.Last, $"{ranges[i].Name} overlaps {ranges[i - 1].Name}");
        }

        var all = Packages.SelectMany(MessagesOf).ToList();
        all.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => $"{m.Package}.{m.Method}"))}")
            .ShouldBeEmpty();
        all.Count.ShouldBeGreaterThan(30);
    }
}
