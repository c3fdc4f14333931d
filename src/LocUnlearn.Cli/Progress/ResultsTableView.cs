using Spectre.Console;
using ColumnAlignment = LocUnlearn.Reporting.Rendering.Tables.ColumnAlignment;
using ReportCell = LocUnlearn.Reporting.Rendering.Tables.TableCell;
using ReportColumn = LocUnlearn.Reporting.Rendering.Tables.TableColumn;
using ReportTable = LocUnlearn.Reporting.Rendering.Tables.Table;

namespace LocUnlearn.Cli.Progress;

/// <summary>Shows a report <see cref="ReportTable"/> in the terminal, with the same alignment as its Markdown.</summary>
public static class ResultsTableView
{
    public static Table ToSpectre(ReportTable table, string? title = null)
    {
        var view = new Table().Border(TableBorder.Rounded);
        if (title is not null)
            view.Title(Markup.Escape(title));
        foreach (ReportColumn column in table.Columns)
            view.AddColumn(new TableColumn(Markup.Escape(column.Header)) { Alignment = Justification(column.Alignment) });
        foreach (IReadOnlyList<ReportCell> row in table.Rows)
            view.AddRow(row.Select(c => Markup.Escape(c.Text)).ToArray());
        return view;
    }

    public static void Print(IAnsiConsole console, ReportTable table, string? title = null) =>
        console.Write(ToSpectre(table, title));

    private static Justify Justification(ColumnAlignment alignment) => alignment switch
    {
        ColumnAlignment.Right => Justify.Right,
        ColumnAlignment.Center => Justify.Center,
        _ => Justify.Left,
    };
}
