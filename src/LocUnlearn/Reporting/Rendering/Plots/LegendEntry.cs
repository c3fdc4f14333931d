using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>A legend entry that draws no data: explains a convention (a band, hollow markers, a line that pairs seeds)
/// once per panel instead of once per region.</summary>
internal sealed class LegendEntry : IPlottable
{
    private readonly LegendItem item;

    private LegendEntry(LegendItem item) => this.item = item;

    public bool IsVisible { get; set; } = true;
    public IAxes Axes { get; set; } = new ScottPlot.Axes();
    public IEnumerable<LegendItem> LegendItems => [item];

    /// <summary>A filled square (a band's tint).</summary>
    public static LegendEntry Fill(string label, Color color) => new(new LegendItem { LabelText = label, FillColor = color });

    /// <summary>A marker alone (a seed's point).</summary>
    public static LegendEntry Marker(string label, Color color, MarkerShape shape) => new(new LegendItem
    {
        LabelText = label, MarkerShape = shape, MarkerSize = 11, MarkerFillColor = color, MarkerLineColor = color, MarkerLineWidth = 2,
    });

    /// <summary>A line, optionally with a marker on it.</summary>
    public static LegendEntry Line(string label, Color color, LinePattern pattern, float width = 1.5f) => new(new LegendItem
    {
        LabelText = label, LineColor = color, LineWidth = width, LinePattern = pattern,
    });

    public AxisLimits GetAxisLimits() => AxisLimits.NoLimits;

    public void Render(RenderPack rp)
    {
    }
}
