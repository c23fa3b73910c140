using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// The members of a result record as its <c>ToString()</c> prints them, with what a list holds rather than its type's
/// name: the compiler's own printing shows <c>Notes = System.Collections.Generic.List`1[System.String]</c>, which tells a
/// person reading a log or a console nothing. A record opts in with one line:
/// <c>private bool PrintMembers(StringBuilder builder) =&gt; RecordText.PrintMembers(this, builder);</c>.
/// </summary>
/// <remarks>
/// Every public instance property is printed in declaration order, as the compiler prints them; a list shows its first
/// <see cref="MaxItems"/> items and how many it holds in all, so a whole federation's answer stays one readable line.
/// </remarks>
internal static class RecordText
{
    /// <summary>How many items of a list are printed before the rest is counted.</summary>
    public const int MaxItems = 10;

    /// <summary>Appends <paramref name="record"/>'s members to <paramref name="builder"/>; true when it printed any.</summary>
    public static bool PrintMembers<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T record, StringBuilder builder)
    {
        var printed = false;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
            {
                continue;
            }

            if (printed)
            {
                builder.Append(", ");
            }

            builder.Append(property.Name).Append(" = ");
            Append(builder, property.GetValue(record));
            printed = true;
        }

        return printed;
    }

    private static void Append(StringBuilder builder, object? value)
    {
        if (value is string or null || value is not IEnumerable items)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{value}");
            return;
        }

        builder.Append('[');
        var count = 0;
        try
        {
            foreach (var item in items)
            {
                if (count == MaxItems)
                {
                    // A collection says how many it holds; anything else is counted no further than printed.
                    builder.Append(items is ICollection collection ? $", … ({collection.Count.ToString(CultureInfo.InvariantCulture)} in all)" : ", …");
                    break;
                }

                builder.Append(count == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{item}");
                count++;
            }
        }
        catch (InvalidOperationException)
        {
            // A list changed while printed (or a default ImmutableArray): what was printed stands; ToString never throws.
        }

        builder.Append(']');
    }
}
