namespace LocUnlearn.Reporting.Rendering.Tables;

/// <summary>
/// A cell: the text shown to a reader, and for a plain number also the exact value. Markdown shows
/// <see cref="Text"/>; CSV writes <see cref="Number"/> in full precision when there is one, since a CSV is
/// read back by programs and rounding there would lose data.
/// </summary>
public sealed record TableCell(string Text, double? Number = null)
{
    /// <summary>A number shown with <paramref name="significantDigits"/> significant digits.</summary>
    public static TableCell Of(double value, int significantDigits = 3) =>
        new(NumberFormat.Significant(value, significantDigits), value);

    public static implicit operator TableCell(string text) => new(text);

    public static implicit operator TableCell(double value) => Of(value);

    public static implicit operator TableCell(int value) => new(NumberFormat.Integer(value), value);
}
