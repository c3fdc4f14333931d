namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// One value per layer for one region (a count of value vectors, a reconstruction residual, ...).
/// <see cref="Region"/> picks the colour, <see cref="Label"/> is the legend text.
/// </summary>
public sealed record LayerSeries(string Region, string Label, IReadOnlyList<double> Values);
