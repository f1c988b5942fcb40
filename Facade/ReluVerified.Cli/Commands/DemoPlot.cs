using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Cli.Commands;

/// <summary>The demo's picture: prediction h(x) against w*.x on held-out points, zero labels and positive labels apart, with the planted ReLU.</summary>
internal static class DemoPlot
{
    internal static void Save(string path, LabelledSample test, ReadOnlySpan<double> plantedWeights, double[] predictions)
    {
        var zeroX = new List<double>(); var zeroY = new List<double>();
        var posX = new List<double>(); var posY = new List<double>();
        for (int i = 0; i < test.Count; i++)
        {
            double s = TensorPrimitives.Dot(plantedWeights, test.Points[i]);
            if (test.Labels[i] == 0) { zeroX.Add(s); zeroY.Add(predictions[i]); }
            else { posX.Add(s); posY.Add(predictions[i]); }
        }
        var plot = new ScottPlot.Plot();
        var positives = plot.Add.ScatterPoints(posX.ToArray(), posY.ToArray());
        positives.LegendText = "h(x), label > 0";
        positives.MarkerSize = 3;
        var zeros = plot.Add.ScatterPoints(zeroX.ToArray(), zeroY.ToArray());
        zeros.LegendText = "h(x), label = 0 (non-zero here is a false positive)";
        zeros.MarkerSize = 3;
        double lo = Math.Min(zeroX.DefaultIfEmpty(-1).Min(), posX.DefaultIfEmpty(-1).Min());
        double hi = Math.Max(zeroX.DefaultIfEmpty(1).Max(), posX.DefaultIfEmpty(1).Max());
        var relu = plot.Add.Scatter(new[] { lo, 0, hi }, new[] { 0, 0, Math.Max(0, hi) });
        relu.LegendText = "planted ReLU max(0, w*.x)";
        relu.LineWidth = 2;
        relu.MarkerSize = 0;
        plot.Title("relu demo: learned h on held-out points");
        plot.XLabel("w*.x");
        plot.YLabel("prediction h(x)");
        plot.ShowLegend();
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 900, 600));
    }
}
