namespace GasTown.Federation;

/// <summary>What a <see cref="GtUri"/> names, decided by how many segments follow the scheme.</summary>
public enum GtUriKind
{
    /// <summary>One segment: an entity, <c>gt://acme.com</c>.</summary>
    Entity = 1,

    /// <summary>Two segments: a chain (a town) of an entity, <c>gt://acme.com/engineering</c>.</summary>
    Chain = 2,

    /// <summary>
    /// Three or four segments: a work unit, either routed by its id prefix (<c>gt://acme.com/eng/ac-123</c>)
    /// or in a named rig (<c>gt://steve@example.com/main-town/gastown/gt-xyz</c>).
    /// </summary>
    WorkUnit = 3,
}
