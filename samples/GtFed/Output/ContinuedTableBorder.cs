using Spectre.Console;
using Spectre.Console.Rendering;

namespace GtFed;

/// <summary>
/// <see cref="TableBorder.Simple"/> with its top edge, its bottom edge (lines of spaces), or neither: the borders of a
/// table written in parts (<see cref="WorkTable"/>), so that the parts read as one table, not as tables apart.
/// </summary>
internal sealed class ContinuedTableBorder(bool top, bool bottom) : TableBorder
{
    /// <summary>The first part's border: the top edge only.</summary>
    public static ContinuedTableBorder First { get; } = new(top: true, bottom: false);

    /// <summary>A middle part's border: neither edge.</summary>
    public static ContinuedTableBorder Middle { get; } = new(top: false, bottom: false);

    /// <summary>The last part's border: the bottom edge only.</summary>
    public static ContinuedTableBorder Last { get; } = new(top: false, bottom: true);

    /// <inheritdoc />
    public override string GetPart(TableBorderPart part) => Simple.GetPart(part);

    /// <inheritdoc />
    public override string GetColumnRow(TablePart part, IReadOnlyList<int> widths, IReadOnlyList<IColumn> columns)
        => (part == TablePart.Top && !top) || (part == TablePart.Bottom && !bottom) ? string.Empty : base.GetColumnRow(part, widths, columns);
}
