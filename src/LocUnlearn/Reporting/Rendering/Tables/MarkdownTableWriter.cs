using System.Text;
using LocUnlearn.Common;

namespace LocUnlearn.Reporting.Rendering.Tables;

/// <summary>
/// GitHub-flavoured Markdown pipe tables, padded so the raw file is readable too. Pipes in cells are escaped
/// and line breaks become &lt;br&gt;, since either would otherwise break the row.
/// </summary>
public static class MarkdownTableWriter
{
    public static string Write(Table table)
    {
        string[] headers = table.Columns.Select(c => Escape(c.Header)).ToArray();
        List<string[]> rows = table.Rows.Select(r => r.Select(c => Escape(c.Text)).ToArray()).ToList();
        // At least 3 so the delimiter row stays valid (":-:" needs three characters).
        int[] widths = headers.Select((h, i) => Math.Max(3, rows.Select(r => r[i].Length).Prepend(h.Length).Max())).ToArray();

        var sb = new StringBuilder();
        AppendRow(sb, headers, widths, table.Columns);
        sb.Append('|');
        for (int i = 0; i < widths.Length; i++)
            sb.Append(' ').Append(Delimiter(table.Columns[i].Alignment, widths[i])).Append(" |");
        sb.Append('\n');
        foreach (string[] row in rows)
            AppendRow(sb, row, widths, table.Columns);
        return sb.ToString();
    }

    public static void Save(string path, Table table) => AtomicFile.WriteAllText(path, Write(table));

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths, IReadOnlyList<TableColumn> columns)
    {
        sb.Append('|');
        for (int i = 0; i < cells.Length; i++)
            sb.Append(' ').Append(Pad(cells[i], widths[i], columns[i].Alignment)).Append(" |");
        sb.Append('\n');
    }

    private static string Delimiter(ColumnAlignment alignment, int width) => alignment switch
    {
        ColumnAlignment.Right => new string('-', width - 1) + ":",
        ColumnAlignment.Center => ":" + new string('-', width - 2) + ":",
        _ => new string('-', width),
    };

    private static string Pad(string text, int width, ColumnAlignment alignment) => alignment switch
    {
        ColumnAlignment.Right => text.PadLeft(width),
        ColumnAlignment.Center => text.PadLeft((width + text.Length) / 2).PadRight(width),
        _ => text.PadRight(width),
    };

    private static string Escape(string text) =>
        text.Replace("|", "\\|").Replace("\r\n", "<br>").Replace("\n", "<br>").Replace("\r", "<br>");
}
