using System.Collections.Immutable;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// Best uniform approximation on [-1, 1] by the Remez exchange algorithm (L-approx), in the Chebyshev basis:
/// solve sum_k c_k T_k(x_i) + (-1)^i E = f(x_i) on a reference of d+2 points, locate the alternating extrema of the error
/// on a theta-uniform grid (kinks and endpoints included) refined by golden-section search, exchange, repeat.
/// </summary>
public static class Remez
{
    /// <summary>Relative spread of |error| over the reference at which the exchange stops (equioscillation to 1e-6).</summary>
    public const double ConvergenceTolerance = 1e-6;

    /// <summary>Exchange steps allowed.</summary>
    public const int MaxIterations = 60;

    /// <summary>
    /// The near-best degree-d approximation of <paramref name="target"/> (d in 0..2000). For ReLU, |t| and leaky ReLU
    /// (f = alpha t + gamma |t|, d &gt;= 1) the exchange runs on the even part only: |t| = sqrt((1 + x)/2) with x = T_2(t),
    /// and T_k(T_2(t)) = T_{2k}(t), so the best degree-floor(d/2) approximation r of sqrt((1+x)/2) on [-1, 1] gives the best
    /// even approximation sum r_k T_{2k} of |t| (the best approximation of an even function is even). A direct exchange on
    /// |t| is degenerate: symmetric references make the levelled system pick up spurious odd parts.
    /// The <see cref="RemezResult.Reference"/> is then the alternation set in t &gt;= 0 (floor(d/2) + 2 points).
    /// </summary>
    public static RemezResult BestApproximation(TargetFunction target, int degree)
    {
        Preconditions.NotNull(target);
        Preconditions.InRange(degree, 0, 2000);
        (double alpha, double gamma)? evenReduction = target switch
        {
            TargetFunction.Abs => (0.0, 1.0),
            TargetFunction.Relu when degree >= 1 => (0.5, 0.5),
            TargetFunction.Leaky l when degree >= 1 => ((1 + l.Slope) / 2, (1 - l.Slope) / 2),
            _ => null,
        };
        if (evenReduction is not (double a, double g))
        {
            var direct = Exchange(target.Evaluate, [.. target.Kinks], degree);
            return new RemezResult(Polynomial.FromChebyshev(direct.Coefficients), [.. direct.Reference], direct.Levelled,
                direct.Iterations, direct.Converged);
        }
        int half = degree / 2;
        var r = Exchange(x => Math.Sqrt(Math.Max(0.0, (1 + x) / 2)), [], half);
        var c = new double[degree + 1];
        for (int k = 0; k <= half; k++) c[2 * k] = g * r.Coefficients[k];
        if (degree >= 1) c[1] += a;
        var reference = r.Reference.Select(x => Math.Sqrt(Math.Max(0.0, (1 + x) / 2))).Order().ToImmutableArray();
        return new RemezResult(Polynomial.FromChebyshev(c), reference, Math.Abs(g) * r.Levelled, r.Iterations, r.Converged);
    }

    private sealed record Outcome(double[] Coefficients, double[] Reference, double Levelled, int Iterations, bool Converged);

    private static Outcome Exchange(Func<double, double> f, double[] kinks, int degree)
    {
        int m = degree + 2;
        var grid = Grid(kinks, degree);
        double[] best = ChebyshevInterpolation.Coefficients(f, degree);
        // Start from the alternating extrema of the interpolant's error (it changes sign at the d+1 nodes); fall back
        // to the extrema of T_{d+1}.
        var start = AlternatingExtrema(f, kinks, best, grid);
        double[] reference = start.Count >= m
            ? Select(f, best, start, m)
            : Enumerable.Range(0, m).Select(i => -Math.Cos(Math.PI * i / (m - 1))).ToArray();
        double bestMax = double.PositiveInfinity, levelled = 0.0;
        double[] bestReference = reference;
        int iteration = 0;
        bool converged = false;
        while (iteration < MaxIterations)
        {
            iteration++;
            var solved = Solve(f, reference, degree, out double e);
            if (solved is null) break;
            var extrema = AlternatingExtrema(f, kinks, solved, grid);
            double maxErr = 0.0;
            foreach (var x in extrema) maxErr = Math.Max(maxErr, Math.Abs(Error(f, solved, x)));
            if (maxErr < bestMax)
            {
                bestMax = maxErr;
                best = solved;
                levelled = Math.Abs(e);
                bestReference = reference;
            }
            if (extrema.Count < m) break;
            reference = Select(f, solved, extrema, m);
            double minRef = double.PositiveInfinity;
            foreach (var x in reference) minRef = Math.Min(minRef, Math.Abs(Error(f, solved, x)));
            if ((maxErr - minRef) <= ConvergenceTolerance * maxErr)
            {
                converged = ReferenceEquals(best, solved);
                if (converged) bestReference = reference;
                break;
            }
        }
        return new Outcome(best, bestReference, levelled, iteration, converged);
    }

    private static double Error(Func<double, double> f, double[] c, double x) => Polynomial.Clenshaw(c, x) - f(x);

    private static double[] Grid(double[] kinks, int degree)
    {
        int n = Math.Max(2000, 40 * (degree + 2));
        var points = new List<double>(n + 4);
        for (int j = n; j >= 0; j--) points.Add(Math.Cos(Math.PI * j / n));
        points[0] = -1.0;
        points[^1] = 1.0;
        foreach (double k in kinks) points.Add(k);
        points.Sort();
        return points.Distinct().ToArray();
    }

    /// <summary>One point of largest |error| per maximal run of constant sign, refined inside its grid cell pair.</summary>
    private static List<double> AlternatingExtrema(Func<double, double> f, double[] kinks, double[] c, double[] grid)
    {
        var result = new List<double>();
        int i = 0;
        while (i < grid.Length)
        {
            double first = Error(f, c, grid[i]);
            if (first == 0) { i++; continue; }
            int sign = Math.Sign(first);
            int bestIndex = i;
            double bestValue = Math.Abs(first);
            int j = i + 1;
            for (; j < grid.Length; j++)
            {
                double e = Error(f, c, grid[j]);
                if (Math.Sign(e) != sign) break;
                if (Math.Abs(e) > bestValue) { bestValue = Math.Abs(e); bestIndex = j; }
            }
            double x = grid[bestIndex];
            if (bestIndex > 0 && bestIndex < grid.Length - 1 && !kinks.Contains(x))
                x = GoldenMax(f, c, grid[bestIndex - 1], grid[bestIndex + 1], x);
            result.Add(x);
            i = j;
        }
        return result;
    }

    private static double GoldenMax(Func<double, double> f, double[] c, double a, double b, double start)
    {
        double Value(double x) => Math.Abs(Error(f, c, x));
        const double g = 0.6180339887498949;
        double x1 = b - g * (b - a), x2 = a + g * (b - a), f1 = Value(x1), f2 = Value(x2);
        for (int it = 0; it < 40 && b - a > 1e-15; it++)
        {
            if (f1 >= f2) { b = x2; x2 = x1; f2 = f1; x1 = b - g * (b - a); f1 = Value(x1); }
            else { a = x1; x1 = x2; f1 = f2; x2 = a + g * (b - a); f2 = Value(x2); }
        }
        double candidate = f1 >= f2 ? x1 : x2;
        return Value(candidate) >= Value(start) ? candidate : start;
    }

    /// <summary>Keeps m consecutive alternating points, dropping from the ends the one with smaller |error| (the global max stays).</summary>
    private static double[] Select(Func<double, double> f, double[] c, List<double> extrema, int m)
    {
        int lo = 0, hi = extrema.Count - 1;
        while (hi - lo + 1 > m)
        {
            if (Math.Abs(Error(f, c, extrema[lo])) < Math.Abs(Error(f, c, extrema[hi]))) lo++;
            else hi--;
        }
        return extrema.GetRange(lo, m).ToArray();
    }

    /// <summary>Solves the (d+2) x (d+2) levelled system by Gaussian elimination with partial pivoting; null if singular.</summary>
    private static double[]? Solve(Func<double, double> f, double[] x, int degree, out double levelled)
    {
        int m = degree + 2;
        var a = new double[m, m + 1];
        for (int i = 0; i < m; i++)
        {
            double t0 = 1.0, t1 = x[i];
            for (int k = 0; k <= degree; k++)
            {
                a[i, k] = k == 0 ? 1.0 : k == 1 ? x[i] : 0.0;
                if (k >= 2)
                {
                    double t2 = 2 * x[i] * t1 - t0;
                    t0 = t1;
                    t1 = t2;
                    a[i, k] = t2;
                }
            }
            a[i, m - 1] = i % 2 == 0 ? 1.0 : -1.0;
            a[i, m] = f(x[i]);
        }
        for (int col = 0; col < m; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < m; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (Math.Abs(a[pivot, col]) < 1e-300) { levelled = 0; return null; }
            if (pivot != col)
                for (int k = col; k <= m; k++) (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            for (int r = col + 1; r < m; r++)
            {
                double factor = a[r, col] / a[col, col];
                if (factor == 0) continue;
                for (int k = col; k <= m; k++) a[r, k] -= factor * a[col, k];
            }
        }
        var solution = new double[m];
        for (int r = m - 1; r >= 0; r--)
        {
            double s = a[r, m];
            for (int k = r + 1; k < m; k++) s -= a[r, k] * solution[k];
            solution[r] = s / a[r, r];
        }
        levelled = solution[m - 1];
        return solution[..(m - 1)];
    }
}
