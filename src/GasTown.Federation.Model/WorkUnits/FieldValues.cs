namespace GasTown.Federation.Model;

/// <summary>
/// A work unit's field values: only the fields a record carries, sorted by Go order, so a unit costs what its line
/// holds and writing walks the table and the values together. Arrays are never changed once shared.
/// </summary>
internal static class FieldValues
{
    private static readonly object[] SmallInts = [.. Enumerable.Range(0, 16).Select(static i => (object)i)];

    public static readonly object True = true;

    public static readonly object False = false;

    public static object? Get(FieldEntry[] entries, WorkUnitField field)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (ReferenceEquals(entry.Field, field))
            {
                return entry.Value;
            }

            if (entry.Field.Ordinal > field.Ordinal)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>A copy with <paramref name="field"/> set to <paramref name="value"/> (removed when null).</summary>
    public static FieldEntry[] With(FieldEntry[] entries, WorkUnitField field, object? value)
    {
        var at = 0;
        while (at < entries.Length && entries[at].Field.Ordinal < field.Ordinal)
        {
            at++;
        }

        var present = at < entries.Length && ReferenceEquals(entries[at].Field, field);
        if (value is null)
        {
            if (!present)
            {
                return entries;
            }

            var shorter = new FieldEntry[entries.Length - 1];
            entries.AsSpan(0, at).CopyTo(shorter);
            entries.AsSpan(at + 1).CopyTo(shorter.AsSpan(at));
            return shorter;
        }

        if (present)
        {
            var copy = (FieldEntry[])entries.Clone();
            copy[at] = new FieldEntry(field, value);
            return copy;
        }

        var longer = new FieldEntry[entries.Length + 1];
        entries.AsSpan(0, at).CopyTo(longer);
        longer[at] = new FieldEntry(field, value);
        entries.AsSpan(at).CopyTo(longer.AsSpan(at + 1));
        return longer;
    }

    public static object Box(int value) => (uint)value < (uint)SmallInts.Length ? SmallInts[value] : value;

    public static object Box(bool value) => value ? True : False;
}
