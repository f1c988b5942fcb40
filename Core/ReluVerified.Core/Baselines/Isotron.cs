using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// Isotron (Kalai and Sastry 2009; peer:isotron): from w = 0 alternate (a) the link u_t = the isotonic (PAV) fit of the
/// labels against the scores w_t . x_i (tied scores pooled first, so the link is a function of the score) and (b)
/// w_{t+1} = w_t + (1/m) sum_i (y_i - u_t(w_t . x_i)) x_i; keep the (w_t, u_t) with the least held-out squared error.
/// The link is interpolated linearly between training scores and constant beyond them (<see cref="MonotoneLink"/>).
/// Deterministic. There is no false-positive control.
/// </summary>
public static class Isotron
{
    /// <summary>Iterations run when the caller gives none.</summary>
    public const int DefaultIterations = 100;

    /// <summary>Fits on <paramref name="fit"/> and selects the iterate on <paramref name="selection"/> (peer:isotron).</summary>
    public static BaselineFit Fit(LabelledSample fit, LabelledSample selection, int iterations = DefaultIterations, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(fit);
        Preconditions.NotNull(selection);
        Preconditions.Positive(iterations);
        int m = fit.Count, n = fit.Points.Dimension;
        var w = new double[n];
        var step = new double[n];
        (double Error, int Iteration, LinearHypothesis Hypothesis)? best = null;
        var trace = new List<double>();
        for (int t = 0; ; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scores = new double[m];
            for (int i = 0; i < m; i++) scores[i] = TensorPrimitives.Dot<double>(w, fit.Points[i]);
            var link = Link(scores, fit.Labels.AsSpan());
            var hypothesis = new LinearHypothesis([.. w], link);
            double error = HeldOut.SquaredError(hypothesis.Predict(selection.Points), selection.Labels.AsSpan());
            trace.Add(error);
            if (best is null || error < best.Value.Error) best = (error, t, hypothesis);
            if (t == iterations) break;
            Array.Clear(step);
            for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(fit.Points[i], (fit.Labels[i] - link.Apply(scores[i])) / m, step, step);
            TensorPrimitives.Add(w, step, w);
        }
        var (e, tb, hb) = best!.Value;
        return new BaselineFit("isotron", new BaselineHypothesis.SingleIndex(hb),
            ImmutableSortedDictionary.CreateRange(new Dictionary<string, double> { ["iteration"] = tb, ["knots"] = hb.Link.Knots.Length }), e, [.. trace], null);
    }

    /// <summary>The PAV link of labels against scores: knots at the distinct scores, values the isotonic fit of the tie-pooled means.</summary>
    internal static MonotoneLink Link(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var keys = scores.ToArray();
        var labelArray = labels.ToArray();
        // sort by score, then by label so that the order of tied rows never depends on the input order
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : labelArray[a].CompareTo(labelArray[b]));
        var knots = new List<double>();
        var means = new List<double>();
        var counts = new List<double>();
        foreach (int i in order)
        {
            if (knots.Count > 0 && knots[^1] == keys[i])
            {
                means[^1] += (labelArray[i] - means[^1]) / (counts[^1] + 1);
                counts[^1] += 1;
            }
            else
            {
                knots.Add(keys[i]);
                means.Add(labelArray[i]);
                counts.Add(1);
            }
        }
        var values = IsotonicRegression.Fit(means.ToArray(), counts.ToArray());
        return new MonotoneLink([.. knots], [.. values]);
    }
}
