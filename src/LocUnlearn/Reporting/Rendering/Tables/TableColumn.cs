namespace LocUnlearn.Reporting.Rendering.Tables;

/// <summary>A column header and how its cells are aligned (numbers read best right-aligned).</summary>
public sealed record TableColumn(string Header, ColumnAlignment Alignment = ColumnAlignment.Left);
