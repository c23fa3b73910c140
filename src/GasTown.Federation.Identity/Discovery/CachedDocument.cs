namespace GasTown.Federation.Identity;

// A document kept until the freshness its server gave it runs out.
internal sealed record CachedDocument(WellKnownDocument Document, DateTimeOffset FreshUntil);
