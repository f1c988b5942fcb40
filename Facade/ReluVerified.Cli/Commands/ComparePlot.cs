namespace ReluVerified.Cli.Commands;

/// <summary>The comparison's picture: one labelled point per method at (false-positive rate, positive loss) on the test rows.</summary>
internal static class ComparePlot
{
    internal static void Save(string path, ComparisonResult result, string source)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < result.Rows.Length; i++)
        {
            var row = result.Rows[i];
            var marker = plot.Add.Marker(row.FalsePositiveRate, row.PositiveLoss);
            marker.MarkerSize = 12;
            marker.Color = palette.GetColor(i);
            marker.LegendText = row.Method;
            var text = plot.Add.Text(row.Method, row.FalsePositiveRate, row.PositiveLoss);
            text.LabelFontSize = 12;
            text.LabelFontColor = palette.GetColor(i);
            text.OffsetX = 8;
            text.OffsetY = -8;
        }
        var target = plot.Add.VerticalLine(result.Options.Epsilon);
        target.LinePattern = ScottPlot.LinePattern.Dashed;
        target.LegendText = $"eps = {result.Options.Epsilon}";
        plot.Title($"relu compare: {source}, {result.TestCount} test rows");
        plot.XLabel("joint false-positive rate P(h != 0, y = 0) (lower is better)");
        plot.YLabel($"positive loss, {result.Loss} (lower is better)");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Axes.Margins(0.12, 0.15);
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 900, 600));
    }
}
