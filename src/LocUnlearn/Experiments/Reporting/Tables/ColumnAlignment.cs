namespace LocUnlearn.Experiments.Reporting.Tables;

public enum ColumnAlignment
{
    Left,
    Right,
    Center,
}
