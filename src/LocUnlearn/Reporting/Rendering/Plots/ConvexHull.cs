using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>Andrew's monotone chain: the convex hull of a point set, counter-clockwise, collinear points dropped.</summary>
internal static class ConvexHull
{
    public static Coordinates[] Of(IEnumerable<Coordinates> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
            return sorted.ToArray();
        var hull = new List<Coordinates>();
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            int start = hull.Count;
            foreach (Coordinates p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                    hull.RemoveAt(hull.Count - 1);
                hull.Add(p);
            }
            hull.RemoveAt(hull.Count - 1); // the last point of one chain is the first of the other
        }
        return hull.ToArray();
    }

    private static double Cross(Coordinates o, Coordinates a, Coordinates b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
}
