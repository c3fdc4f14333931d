namespace LocUnlearn.Evaluation;

/// <summary>
/// AUES, the area under the FS–RS curve (SPEC 9, [default] construction): the area of [0,1]² dominated by the
/// run's evaluated (FS, RS) points (θo included), i.e. the 2-D hypervolume with reference point (0, 0).
/// Coordinates are clamped to [0, 1] first (FS/RS are in [0, 1] by definition; clamping only absorbs rounding).
/// </summary>
public static class Aues
{
    public static double Compute(IEnumerable<(double ForgetScore, double RetainScore)> points)
    {
        // Sweep by FS descending: each point adds the strip between the highest RS seen so far and its own RS,
        // of width FS (everything to the left of it down to the reference).
        var sorted = points
            .Select(p => (X: Math.Clamp(p.ForgetScore, 0.0, 1.0), Y: Math.Clamp(p.RetainScore, 0.0, 1.0)))
            .OrderByDescending(p => p.X).ThenByDescending(p => p.Y);
        double area = 0.0, highest = 0.0;
        foreach (var (x, y) in sorted)
        {
            if (double.IsNaN(x) || double.IsNaN(y)) throw new ArgumentException("AUES points must not be NaN", nameof(points));
            if (y > highest)
            {
                area += x * (y - highest);
                highest = y;
            }
        }
        return area;
    }

    public static double Compute(IEnumerable<TradeOffPoint> points) =>
        Compute(points.Select(p => (p.ForgetScore, p.RetainScore)));
}
