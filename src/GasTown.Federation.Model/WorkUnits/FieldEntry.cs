namespace GasTown.Federation.Model;

/// <summary>One field value a work unit carries: its descriptor and the value as <see cref="FieldKind"/> holds it.</summary>
internal readonly record struct FieldEntry(WorkUnitField Field, object Value);
