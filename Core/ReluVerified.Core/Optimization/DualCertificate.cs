using System.Runtime.CompilerServices;
using ReluVerified.Core.Losses;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// T2.1's dual certificate at given predictions, multipliers and ball multiplier (Proofs/T2.1-reliable-program.md):
/// the multiplier vector s (s_i = (w_i/m) slope_i on P, nu_i on Z), the dual function
/// d(s) = -sum_{i in P} g_i*(s_i) - tau_c sum_Z s_i - sqrt(B s'K s) with g_i = (w_i/m) loss(., y_i), and the stationarity
/// sqrt(B) ||s + 2 theta alpha||_K. <see cref="Estimate"/> evaluates them in plain double (cheap: one mat-vec; used to steer
/// the interior-point method); <see cref="Bound"/> returns a dual value that is a rigorous lower bound on d(s) and a
/// stationarity that is a rigorous upper bound, under the standard model of floating-point arithmetic
/// (<see cref="FloatingPoint"/>), at the price of two compensated mat-vecs.
/// </summary>
internal static class DualCertificate
{
    /// <summary>
    /// Factor 1 - 2^-50 applied to multipliers whose conjugate is finite only on |s_i| &lt;= w_i/m (absolute and Huber losses):
    /// fl(fl(w_i/m) slope_i) may exceed w_i/m by (1 + u)^2, and (1 + u)^3 (1 - 8u) &lt; 1 puts the product back inside.
    /// </summary>
    private const double DomainShrink = 1 - 8 * FloatingPoint.U;

    /// <summary>The evaluated certificate: the multiplier vector s, the dual value, the stationarity and the ball multiplier theta it uses.</summary>
    internal sealed record Evaluation(double[] Multipliers, double Dual, double Stationarity, double Theta);

    /// <summary>
    /// Plain double evaluation (the solver's working estimate; not a bound). The dual value does not depend on theta (the
    /// dual function maximises over it in closed form), so theta is chosen for stationarity: the interior-point
    /// <paramref name="theta"/> or the least-squares multiplier max(0, -s'K alpha / (2 alpha'K alpha)) = max(0, -s.f / (2 q)),
    /// whichever leaves the smaller ||s + 2 theta alpha||_K (<paramref name="squaredNorm"/> is q = alpha'K alpha).
    /// </summary>
    internal static Evaluation Estimate(ISolvableProgram program, double[] coefficients, double[] predictions, double squaredNorm, double[] nu,
        double[]? slopes, double theta, ComputeBackend backend)
    {
        var (s, conj, _, nuSum, _, _) = Multipliers(program, predictions, nu, slopes);
        double leastSquares = squaredNorm > 0 ? Math.Max(0, -Dot(s, predictions) / (2 * squaredNorm)) : theta;
        double[] thetas = [theta, leastSquares];
        var (quadratic, stationarity) = program.DualQuadratics(s, coefficients, predictions, thetas, backend);
        int best = stationarity[1] < stationarity[0] ? 1 : 0;
        double dual = -conj - program.Threshold * nuSum - Math.Sqrt(program.NormBound * Math.Max(quadratic, 0));
        return new Evaluation(s, dual, Math.Sqrt(program.NormBound * Math.Max(stationarity[best], 0)), thetas[best]);
    }

    /// <summary>
    /// The dual value minus a bound on its rounding error (so at most d(s)) and the stationarity plus a bound on its rounding
    /// error (so at least the exact one), both for the multiplier vector s actually returned (its entries are doubles, exact
    /// inputs of d). Derivation: Proofs/T2.1-reliable-program.md, "Floating-point certificate".
    /// </summary>
    internal static Evaluation Bound(ISolvableProgram program, double[] coefficients, double[] predictions, double[] nu, double[]? slopes,
        double theta, ComputeBackend backend)
    {
        var (s, conj, conjMagnitude, nuSum, lossTerms, zeroTerms) = Multipliers(program, predictions, nu, slopes);
        var (norm, stationarityNorm) = program.DualNormBounds(s, coefficients, theta, backend);
        double sqrtB = Math.Sqrt(program.NormBound), tau = program.Threshold;
        double dual = -conj - tau * nuSum - sqrtB * norm;
        // |computed conj - exact| <= gamma_{|P|+6} conjMagnitude (each closed form: at most 6 roundings; the sum: |P| - 1 more);
        // |computed tau nuSum - exact| <= gamma_{|Z|+1} |tau| nuSum; the last products and subtractions: gamma_8 of the magnitudes.
        // Each allowance is itself computed with a relative error far below 1/2, which the factor 2 covers.
        double allowance = FloatingPoint.Gamma(lossTerms + 6) * conjMagnitude + FloatingPoint.Gamma(zeroTerms + 1) * Math.Abs(tau) * nuSum
                           + FloatingPoint.Gamma(8) * (Math.Abs(conj) + Math.Abs(tau * nuSum) + sqrtB * norm);
        // one step down covers the rounding of the subtraction itself (round to nearest moves it by at most half that step)
        double lower = Math.BitDecrement(dual - 2 * allowance);
        // sqrt(B) (one rounding) times the norm (one more) times (1 + 4u) (and its rounding): at least sqrt(B) ||.||
        return new Evaluation(s, lower, sqrtB * stationarityNorm * (1 + 4 * FloatingPoint.U), theta);
    }

    /// <summary>
    /// The multiplier vector s and the conjugate sum sum_P g_i*(s_i), from closed forms of the built-in losses' conjugates at
    /// the double s_i (so the sum is exact up to its own rounding, whatever slope produced s_i), with the sum of the terms'
    /// magnitudes for the rounding bound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] S, double Conjugate, double ConjugateMagnitude, double NuSum, int LossTerms, int ZeroTerms) Multipliers(
        ISolvableProgram program, double[] predictions, double[] nu, double[]? slopes)
    {
        int m = program.Count;
        var s = new double[m];
        double conj = 0, magnitude = 0, nuSum = 0;
        int lossTerms = 0, zeroTerms = 0;
        var loss = program.Loss;
        for (int i = 0; i < m; i++)
        {
            if (program.InLossSet(i))
            {
                double w = program.Weights[i];
                if (w == 0) continue; // g_i = 0: its conjugate is 0 at s_i = 0
                double scale = w / m, y = program.Labels[i], f = predictions[i];
                double slope = slopes is null ? loss.Derivative(f, y) : slopes[i];
                double c, size;
                switch (loss)
                {
                    case Loss.Square:
                    {
                        // g*(s) = s y + s^2 m / (4 w)
                        double si = scale * slope, a = si * y, b = si * si * (m / (4 * w));
                        (s[i], c, size) = (si, a + b, Math.Abs(a) + b);
                        break;
                    }
                    case Loss.Huber huber:
                    {
                        // g*(s) = s y + delta s^2 m / (2 w) for |s| <= w / m
                        double si = scale * Math.Clamp(slope, -1, 1) * DomainShrink, a = si * y, b = huber.Delta * si * si * (m / (2 * w));
                        (s[i], c, size) = (si, a + b, Math.Abs(a) + b);
                        break;
                    }
                    case Loss.Absolute:
                    {
                        // g*(s) = s y for |s| <= w / m
                        double si = scale * Math.Clamp(slope, -1, 1) * DomainShrink;
                        (s[i], c, size) = (si, si * y, Math.Abs(si * y));
                        break;
                    }
                    default:
                    {
                        // a custom loss has no closed-form conjugate here: the Fenchel-Young equality at the user's derivative
                        double value = loss.Value(f, y);
                        (s[i], c, size) = (scale * slope, scale * loss.ConjugateAtSlope(slope, f, y), scale * (Math.Abs(slope * f) + Math.Abs(value)));
                        break;
                    }
                }
                conj += c;
                magnitude += size;
                lossTerms++;
            }
            else if (program.InConstrainedSet(i))
            {
                // the penalised program (T2.1-budget) boxes nu_i into [0, c_i]: ZeroCap is +infinity for the hard program
                s[i] = double.IsFinite(program.ZeroPenalty) ? Math.Min(Math.Max(0, nu[i]), ZeroCap(program, i)) : Math.Max(0, nu[i]);
                nuSum += s[i];
                zeroTerms++;
            }
        }
        return (s, conj, magnitude, nuSum, lossTerms, zeroTerms);
    }

    /// <summary>
    /// The upper end c_i of the box 0 &lt;= nu_i &lt;= c_i that the penalised program's dual puts on the multiplier of a zero
    /// constraint (T2.1-budget, Proofs/T2.1-budgeted-program.md): fl(fl(lambda w_i) / m) (1 - 2^-50), which is at most the
    /// exact lambda w_i / m by the argument of <see cref="DomainShrink"/>; +infinity for the hard program.
    /// </summary>
    internal static double ZeroCap(ISolvableProgram program, int i)
        => double.IsFinite(program.ZeroPenalty) ? program.ZeroPenalty * program.Weights[i] / program.Count * DomainShrink : double.PositiveInfinity;

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);
}
