namespace LocUnlearn.Reporting.Rendering.Tables;

public enum ColumnAlignment
{
    Left,
    Right,
    Center,
}
