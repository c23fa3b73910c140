using System.CommandLine;
using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed relate employ ENTITY --org ORG | delegate PARENT CHILD [--portion P] [--deadline D]</c>.</summary>
internal static class RelateCommand
{
    public static Command Create()
    {
        var entity = new Argument<string>("entity") { Description = "The person employed, e.g. alice@example.com." };
        var org = new Option<string>("--org") { Description = "The organisation, e.g. acme.com.", Required = true };
        var employ = new Command("employ", "Assert that ENTITY works for ORG (verified only when the organisation's own town asserts it).") { entity, org };
        employ.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context =>
            EmployAsync(context, parse.GetValue(entity)!, parse.GetValue(org)!, ct)));

        var parent = new Argument<string>("parent") { Description = "The delegating work unit (gt:// URI or short form in this town)." };
        var child = new Argument<string>("child") { Description = "The delegated work unit (gt:// URI, usually in another chain)." };
        var portion = new Option<string?>("--portion") { Description = "Which portion of the parent is delegated, e.g. backend." };
        var deadline = new Option<string?>("--deadline") { Description = "The agreed deadline, YYYY-MM-DD." };
        var @delegate = new Command("delegate", "Assert that PARENT delegates work to CHILD (the child's town accepts by asserting the same).")
        {
            parent, child, portion, deadline,
        };
        @delegate.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context =>
            DelegateAsync(context, parse.GetValue(parent)!, parse.GetValue(child)!, parse.GetValue(portion), parse.GetValue(deadline), ct)));

        return new Command("relate", "Assert relationships in this town's federation/relationships.jsonl.") { employ, @delegate };
    }

    private static async Task<int> EmployAsync(GtFedContext context, string entityText, string orgText, CancellationToken cancellationToken)
    {
        var organization = Inputs.ParseEntity(orgText, "--org");
        if (organization.Kind != EntityKind.Organization)
        {
            // Written, the line would be skipped by every reader, with a warning on every later command of this town.
            throw GtFedException.BadInput($"--org '{TerminalText.Clean(orgText)}' is a person, not an organisation; nothing was written.", hint: "Give the organisation's domain (acme.com); the person employed is ENTITY.");
        }

        var relationship = new EmploymentRelationship(Inputs.ParseEntity(entityText, "ENTITY"), organization);
        return await AppendAsync(context, relationship, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> DelegateAsync(GtFedContext context, string parentText, string childText, string? portion, string? deadline, CancellationToken cancellationToken)
    {
        if (deadline is not null && !DateOnly.TryParseExact(deadline, "yyyy-MM-dd", out _))
        {
            throw GtFedException.BadInput($"--deadline '{deadline}' is not a date: use YYYY-MM-DD.");
        }

        var town = context.OpenTown();
        var chain = context.ChainOf(town);
        var referenceContext = await town.GetReferenceContextAsync(Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false);
        var parent = ResolveWorkUnit(parentText, "PARENT", referenceContext);
        if (parent.ChainUri == chain)
        {
            // A parent in this town must exist: a delegation of nothing would be believed by the child's town.
            // (A parent in another chain is that chain's to answer for; it may not be fetched yet.)
            try
            {
                await town.Queries.ShowAsync(parent.ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (FederationQueryException ex) when (ex.Error == FederationQueryError.NotFound)
            {
                throw GtFedException.NotFound($"PARENT {parent} is not a work unit of this town.", hint: "Create it first (gtfed create --title ...), or check the id with gtfed list.");
            }
        }

        var relationship = new DelegationRelationship(
            parent,
            ResolveWorkUnit(childText, "CHILD", referenceContext),
            portion is null && deadline is null ? null : new DelegationTerms(portion, deadline),
            CreatedAt: BeadsTimestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()));
        return await AppendAsync(context, relationship, cancellationToken).ConfigureAwait(false);
    }

    private static GtUri ResolveWorkUnit(string text, string what, WorkReferenceContext referenceContext)
    {
        if (!WorkReference.TryParse(text, out var reference))
        {
            throw GtFedException.BadInput($"{what} '{TerminalText.Clean(text)}' is neither a gt:// URI nor a short form.", hint: "Use gt://ENTITY/CHAIN/[RIG/]ID, or in this town ID, RIG/ID, ./ID (inside the rig's folder) or external:RIG:ID.");
        }

        if (!reference.TryResolve(referenceContext, out var uri, out var error))
        {
            throw GtFedException.BadInput($"{what} '{TerminalText.Clean(text)}' cannot be resolved in this town: {error}");
        }

        if (uri.Kind != GtUriKind.WorkUnit)
        {
            throw GtFedException.BadInput($"{what} '{text}' names a {uri.Kind.ToString().ToLowerInvariant()}; a delegation links two work units.");
        }

        return uri;
    }

    private static async Task<int> AppendAsync(GtFedContext context, Relationship relationship, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var path = Path.Combine(town.Root, RelationshipDocument.RelativePath);
        var line = System.Text.Encoding.UTF8.GetString(RelationshipDocument.Serialize(relationship)).TrimEnd('\n');
        var existing = await RelationshipDocument.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        var index = existing.Relationships.ToList().FindIndex(r => SameAssertion(r, relationship));
        if (index >= 0)
        {
            // Asserting again is not a second assertion: say where the first one is and write nothing.
            await context.NoteAsync($"Already asserted on line {existing.LineNumbers[index]} of {RelationshipDocument.RelativePath}; nothing was written.").ConfigureAwait(false);
            await context.Out.WriteLineAsync(context.Json ? line : $"Already asserted in {context.ChainOf(town)}: {TerminalText.Clean(line)}").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await RelationshipDocument.AppendAsync(path, [relationship], cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"Asserted in {context.ChainOf(town)}: {TerminalText.Clean(line)}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>Whether two relationships assert the same thing (when they were asserted aside).</summary>
    private static bool SameAssertion(Relationship existing, Relationship asserted) => (existing, asserted) switch
    {
        (EmploymentRelationship a, EmploymentRelationship b) => a.Entity == b.Entity && a.Organization == b.Organization,
        (DelegationRelationship a, DelegationRelationship b) => a.Parent == b.Parent && a.Child == b.Child && SameTerms(a.Terms, b.Terms),
        _ => false,
    };

    // By value: the record's own equality also compares the unknown-field list, by reference.
    private static bool SameTerms(DelegationTerms? a, DelegationTerms? b)
        => (a?.Portion, a?.Deadline, a?.AcceptanceCriteria, a?.CreditShare) == (b?.Portion, b?.Deadline, b?.AcceptanceCriteria, b?.CreditShare);
}
