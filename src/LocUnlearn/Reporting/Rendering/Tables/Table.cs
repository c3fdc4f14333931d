namespace LocUnlearn.Reporting.Rendering.Tables;

/// <summary>
/// A results table independent of its output format (Markdown, CSV, a terminal). Every row has exactly one
/// cell per column, checked when the row is added so a writer never has to guess.
/// </summary>
public sealed class Table
{
    private readonly List<IReadOnlyList<TableCell>> _rows = [];

    public Table(IEnumerable<TableColumn> columns)
    {
        Columns = columns.ToList();
        if (Columns.Count == 0)
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
    }

    public Table(params TableColumn[] columns)
        : this((IEnumerable<TableColumn>)columns)
    {
    }

    /// <summary>Left-aligned columns with these headers.</summary>
    public Table(params string[] headers)
        : this(headers.Select(h => new TableColumn(h)))
    {
    }

    public IReadOnlyList<TableColumn> Columns { get; }
    public IReadOnlyList<IReadOnlyList<TableCell>> Rows => _rows;

    public Table AddRow(params TableCell[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException(
                $"Row {_rows.Count} has {cells.Length} cells but the table has {Columns.Count} columns.", nameof(cells));
        _rows.Add(cells.ToArray());
        return this;
    }
}
