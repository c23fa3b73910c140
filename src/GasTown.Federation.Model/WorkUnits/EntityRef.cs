namespace GasTown.Federation.Model;

/// <summary>
/// A HOP entity reference as beads writes it (<c>creator</c>, a validation's <c>validator</c>):
/// <c>{"name"?,"platform"?,"org"?,"id"?}</c>, each omitted when empty.
/// </summary>
/// <param name="Name">A display name.</param>
/// <param name="Platform">The platform, e.g. <c>github</c>.</param>
/// <param name="Org">The organisation.</param>
/// <param name="Id">The platform's id for the entity.</param>
public sealed record EntityRef(string? Name = null, string? Platform = null, string? Org = null, string? Id = null);
