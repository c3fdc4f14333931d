using LocUnlearn.Evaluation.Statistics;
using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>One metric of one objective against the overlap q with V_tgt: every seed's value and the mean with its 95%
/// interval at each q.</summary>
public sealed record DoseSeries(string Objective, string Metric, IReadOnlyList<(double Q, IReadOnlyList<double> Values, ConfidenceInterval? Mean)> Points);

/// <summary>
/// dose_response.png: a row per objective and a panel per metric, the overlap with V_tgt on x (0 = Random's region, 1 = Oracle's),
/// the metric on y; seeds as small points, the mean as a line with its 95% t interval as error bars, so the slope a
/// reader sees is the trend the report tests.
/// </summary>
public static class DoseResponseFigure
{
    public static void Save(string path, IReadOnlyList<DoseSeries> series, IReadOnlyDictionary<string, string> yLabels)
    {
        var drawn = series.Where(s => s.Points.Any(p => p.Values.Count > 0)).ToList();
        if (drawn.Count == 0)
            throw new ArgumentException("Nothing to plot: no dose-response run has a value.", nameof(series));
        // Every series keeps its panel (an empty one says the metric had no value) so each row is one objective.
        int columns = series.Select(s => s.Metric).Distinct().Count();
        PngFigure.SaveGrid(path, series.Select(s => Panel(s, yLabels.GetValueOrDefault(s.Metric, s.Metric))).ToList(), columns);
    }

    private static Plot Panel(DoseSeries s, string yLabel)
    {
        var plot = new Plot();
        FigureStyle.Apply(plot, RegionStyle.ObjectiveDisplayName(s.Objective), "overlap with V_tgt (0 = Random, 1 = Oracle)", yLabel);
        var color = Color.FromHex("#D55E00");
        foreach (var (q, values, _) in s.Points)
        {
            var seeds = plot.Add.Markers(values.Select(_ => q).ToArray(), values.ToArray(), MarkerShape.OpenCircle, 6, color.WithOpacity(0.5));
            seeds.LegendText = "";
        }
        var means = s.Points.Where(p => p.Mean is not null).ToList();
        var line = plot.Add.Scatter(means.Select(p => p.Q).ToArray(), means.Select(p => p.Mean!.Mean).ToArray(), color);
        line.LineWidth = FigureStyle.MeanLineWidth;
        line.MarkerSize = FigureStyle.MeanMarkerSize;
        line.LegendText = "mean over seeds, 95% CI";
        foreach (var p in means.Where(p => p.Mean!.HasBounds))
        {
            var bar = plot.Add.Line(p.Q, p.Mean!.Low, p.Q, p.Mean.High);
            bar.Color = color;
            bar.LineWidth = 2;
        }
        plot.Axes.SetLimitsX(-0.05, 1.05);
        return plot;
    }
}
