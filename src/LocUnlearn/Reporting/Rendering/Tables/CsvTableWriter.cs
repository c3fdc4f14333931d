using System.Globalization;
using System.Text;
using LocUnlearn.Common;

namespace LocUnlearn.Reporting.Rendering.Tables;

/// <summary>
/// RFC 4180 CSV: CRLF line ends, a header row, fields holding a comma, quote, CR or LF quoted with quotes
/// doubled. Numbers are written in invariant culture at round-trip precision (see <see cref="TableCell"/>).
/// </summary>
public static class CsvTableWriter
{
    public static string Write(Table table)
    {
        var sb = new StringBuilder();
        AppendRecord(sb, table.Columns.Select(c => c.Header));
        foreach (IReadOnlyList<TableCell> row in table.Rows)
            AppendRecord(sb, row.Select(Field));
        return sb.ToString();
    }

    public static void Save(string path, Table table) => AtomicFile.WriteAllText(path, Write(table));

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    private static string Field(TableCell cell) =>
        cell.Number is double number ? number.ToString("R", CultureInfo.InvariantCulture) : cell.Text;

    private static void AppendRecord(StringBuilder sb, IEnumerable<string> fields)
    {
        sb.AppendJoin(',', fields.Select(Quote));
        sb.Append("\r\n");
    }
}
