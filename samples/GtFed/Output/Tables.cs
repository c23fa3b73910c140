using Spectre.Console;

namespace GtFed;

/// <summary>
/// gtfed's tables: a light border, and URI columns that never wrap, so a gt:// URI is always printed
/// whole (a reader can copy it); the free-text columns (titles) wrap instead to fit 80 columns.
/// </summary>
internal static class Tables
{
    public static Table Create(params (string Header, bool IsUri)[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var (header, isUri) in columns)
        {
            var column = new TableColumn(header);
            if (isUri)
            {
                column.NoWrap();
            }

            table.AddColumn(column);
        }

        return table;
    }
}
