namespace GasTown.Federation.Parsing;

/// <summary>Where the parts of a parsed URI are, in input coordinates, before the canonical string is chosen.</summary>
/// <param name="EntityEnd">Index just after the entity.</param>
/// <param name="At">Index of '@' in the entity (input coordinates), or -1.</param>
/// <param name="HasUpper">The entity holds upper-case letters.</param>
/// <param name="ChainEnd">Index just after the chain; 0 for an entity URI.</param>
/// <param name="RigEnd">Index just after the rig; 0 when there is none.</param>
/// <param name="Kind">The kind of URI.</param>
internal readonly record struct UriLayout(int EntityEnd, int At, bool HasUpper, int ChainEnd, int RigEnd, GtUriKind Kind);
