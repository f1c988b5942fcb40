using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Regression;

/// <summary>
/// The least-squares partition algorithm of Magnani and Boyd (2009) for max-k-affine regression, the classic heuristic
/// beside T2.6's provable kernel method: start from a Voronoi partition around k random data points, fit each part by
/// least squares, reassign every point to the piece attaining the max, and repeat until the partition stops changing
/// (a fixpoint) or an iteration limit; keep the best of several seeded restarts. No guarantee: it can stall in a local
/// optimum, which is what the comparison shows.
/// </summary>
public static class LeastSquaresPartition
{
    /// <summary>Ridge added to each part's normal equations, relative to their trace, so that tiny parts stay solvable.</summary>
    private const double RelativeRidge = 1e-8;

    /// <summary>Fits k pieces to (points, labels); deterministic for a given <paramref name="seed"/>.</summary>
    public static LeastSquaresPartitionFit Fit(LabelledSample sample, int pieces, int restarts, int seed, int maxIterations = 100,
        double lower = -1, double upper = 1, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(sample);
        Preconditions.Positive(pieces);
        Preconditions.Positive(restarts);
        Preconditions.Positive(maxIterations);
        int m = sample.Count, n = sample.Points.Dimension;
        var rng = new Random(seed);
        LeastSquaresPartitionFit? best = null;
        for (int r = 0; r < restarts; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var assignment = InitialVoronoi(sample.Points, pieces, rng);
            var weights = new double[pieces * n];
            int iterations = 0;
            bool fixpoint = false;
            while (iterations < maxIterations)
            {
                iterations++;
                for (int j = 0; j < pieces; j++) SolvePart(sample, assignment, j, weights.AsSpan(j * n, n));
                var next = Reassign(sample.Points, weights, pieces);
                if (next.AsSpan().SequenceEqual(assignment)) { fixpoint = true; break; }
                assignment = next;
            }
            var hypothesis = new MaxAffineHypothesis(Matrix.Create(pieces, n, weights), lower, upper);
            var predictions = hypothesis.Predict(sample.Points);
            double mse = 0;
            for (int i = 0; i < m; i++) { double e = predictions[i] - sample.Labels[i]; mse += e * e; }
            mse /= m;
            if (best is null || mse < best.TrainingError)
                best = new LeastSquaresPartitionFit(hypothesis, mse, iterations, fixpoint, r);
        }
        return best!;
    }

    private static int[] InitialVoronoi(PointSet points, int pieces, Random rng)
    {
        var centers = Enumerable.Range(0, pieces).Select(_ => rng.Next(points.Count)).ToArray();
        var assignment = new int[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            double best = double.PositiveInfinity;
            for (int j = 0; j < pieces; j++)
            {
                double d = TensorPrimitives.Distance(points[i], points[centers[j]]);
                if (d < best) { best = d; assignment[i] = j; }
            }
        }
        return assignment;
    }

    private static int[] Reassign(PointSet points, double[] weights, int pieces)
    {
        int n = points.Dimension;
        var assignment = new int[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j < pieces; j++)
            {
                double s = TensorPrimitives.Dot(weights.AsSpan(j * n, n), points[i]);
                if (s > best) { best = s; assignment[i] = j; }
            }
        }
        return assignment;
    }

    /// <summary>
    /// Least squares on one part through ridge-stabilised normal equations; an empty part (or one whose normal matrix cannot be
    /// factored) keeps its previous weights.
    /// </summary>
    private static void SolvePart(LabelledSample sample, int[] assignment, int part, Span<double> w)
    {
        int n = sample.Points.Dimension;
        var gram = new double[n * n];
        var rhs = new double[n];
        int count = 0;
        for (int i = 0; i < sample.Count; i++)
        {
            if (assignment[i] != part) continue;
            count++;
            var x = sample.Points[i];
            for (int a = 0; a < n; a++)
            {
                rhs[a] += x[a] * sample.Labels[i];
                for (int b = 0; b <= a; b++) gram[a * n + b] += x[a] * x[b];
            }
        }
        if (count == 0) return;
        double trace = 0;
        for (int a = 0; a < n; a++) trace += gram[a * n + a];
        double ridge = RelativeRidge * Math.Max(trace, 1e-300) + 1e-300;
        for (int a = 0; a < n; a++) gram[a * n + a] += ridge;
        // the ridge makes the normal matrix positive definite: Cholesky (SymmetricFactor) on both triangles, then its two
        // triangular solves; a factorisation that still fails (non-finite data) keeps the part's previous weights
        for (int a = 0; a < n; a++)
            for (int b = 0; b < a; b++) gram[b * n + a] = gram[a * n + b];
        var factor = SymmetricFactor.TryFactor(gram, n, native: false);
        if (factor is null) return;
        factor.SolveInPlace(rhs);
        rhs.CopyTo(w);
    }
}
