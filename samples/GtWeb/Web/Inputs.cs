using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GtWeb;

/// <summary>Turns what a page or API caller typed into SDK values, with messages that say what to type instead.</summary>
internal static class Inputs
{
    private static readonly string[] KnownStatuses = ["open", "in_progress", "blocked", "deferred", "closed", "pinned", "hooked", "tombstone"];

    /// <summary>A status filter, or null for none; an unknown status is bad input (it would silently match nothing).</summary>
    public static WorkFilter? Filter(string? status)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        if (!KnownStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, $"'{status}' is not a status; use one of {string.Join(", ", KnownStatuses)}.");
        }

        return new WorkFilter(Status: new WorkStatus(status));
    }

    /// <summary>An entity: an email for a person, a domain for an organisation.</summary>
    public static EntityId Entity(string text) =>
        EntityId.TryParse(text, out var entity)
            ? entity
            : throw new FederationException(FederationErrorKind.InvalidInput, $"'{text}' is not an entity: give an email (alice@example.com) for a person or a domain (acme.com) for an organisation.");
}
