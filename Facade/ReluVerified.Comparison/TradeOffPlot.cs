namespace ReluVerified;

/// <summary>
/// The trade-off picture of a comparison (headless PNG through ScottPlot): for every method its curve of conditional
/// false-positive rate P(h != 0 | y = 0) (x) against positive loss (y) from <see cref="ComparisonResult.Curves"/> (averaged over
/// splits), a filled marker at its actual operating point, and a dashed vertical line at the requested eps. The x axis
/// shows [0, max(0.4, 4 eps)] (capped at 1) and the y axis the range of the points inside it; the JSON holds the full curves.
/// </summary>
public static class TradeOffPlot
{
    /// <summary>Writes the picture of <paramref name="result"/> to <paramref name="path"/> (atomically), titled <paramref name="title"/>.</summary>
    public static void Save(string path, ComparisonResult result, string title, int width = 1100, int height = 720)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(title);
        double eps = result.Options.Epsilon;
        double xMax = Math.Min(1.0, Math.Max(0.4, 4 * eps));
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var patterns = new[] { ScottPlot.LinePattern.Solid, ScottPlot.LinePattern.Dashed, ScottPlot.LinePattern.Dotted };
        var visible = new List<double>();
        for (int m = 0; m < result.Curves.Length; m++)
        {
            var curve = result.Curves[m];
            var color = palette.GetColor(m);
            var points = curve.Points.Where(p => double.IsFinite(p.ConditionalFalsePositiveRate)).ToArray();
            visible.AddRange(points.Where(p => p.ConditionalFalsePositiveRate <= xMax).Select(p => p.PositiveLoss));
            if (points.Length > 0)
            {
                var line = plot.Add.Scatter(points.Select(p => p.ConditionalFalsePositiveRate).ToArray(), points.Select(p => p.PositiveLoss).ToArray());
                line.Color = color;
                line.LineWidth = curve.Method == "reliable" ? 3 : 1.5f;
                line.LinePattern = curve.Method == "reliable" ? ScottPlot.LinePattern.Solid : patterns[m % patterns.Length];
                line.MarkerSize = 0;
                line.LegendText = curve.Method;
            }
            var operating = curve.OperatingPoint;
            if (double.IsFinite(operating.ConditionalFalsePositiveRate))
            {
                var marker = plot.Add.Marker(operating.ConditionalFalsePositiveRate, operating.PositiveLoss);
                marker.Color = color;
                marker.MarkerSize = 11;
                marker.MarkerShape = curve.Method == "reliable" ? ScottPlot.MarkerShape.FilledDiamond : ScottPlot.MarkerShape.FilledCircle;
                if (operating.ConditionalFalsePositiveRate <= xMax) visible.Add(operating.PositiveLoss);
            }
        }
        var target = plot.Add.VerticalLine(eps);
        target.LinePattern = ScottPlot.LinePattern.Dashed;
        target.Color = ScottPlot.Colors.Black;
        target.LegendText = $"eps = {eps}";
        int splits = result.Splits.Length;
        plot.Title(title);
        plot.XLabel($"conditional false-positive rate P(h != 0 | y = 0) on the test rows{(splits > 1 ? $", mean of {splits} splits" : "")}");
        plot.YLabel($"positive loss ({result.Loss}, over all test rows)");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        if (visible.Count > 0)
        {
            double low = visible.Min(), high = visible.Max(), pad = Math.Max(1e-6, 0.06 * (high - low));
            plot.Axes.SetLimits(0, xMax, Math.Max(0, low - pad), high + pad);
        }
        else plot.Axes.SetLimitsX(0, xMax);
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, width, height));
    }
}
