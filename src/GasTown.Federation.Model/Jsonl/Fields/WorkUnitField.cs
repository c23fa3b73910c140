using System.Text;

namespace GasTown.Federation.Model;

/// <summary>One JSON key of a beads issue line: its name, its place in Go's struct order, its omit rule and its kind.</summary>
internal sealed class WorkUnitField
{
    public WorkUnitField(string name, FieldKind kind, GoOmit omit, bool pooled = false)
    {
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        Kind = kind;
        Omit = omit;
        Pooled = pooled;
    }

    /// <summary>The JSON key.</summary>
    public string Name { get; }

    /// <summary>The JSON key in UTF-8.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>How the value is read, held and written.</summary>
    public FieldKind Kind { get; }

    /// <summary>When the key is left out.</summary>
    public GoOmit Omit { get; }

    /// <summary>True when the value repeats across records (actors, reasons): strings are shared through the document's pool.</summary>
    public bool Pooled { get; }

    /// <summary>The position in Go struct order (the index in <see cref="WorkUnitFields.All"/>).</summary>
    public byte Ordinal { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
