using System.Collections.Immutable;
using System.Numerics;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's dual certificate at a given point (Proofs/T2.1-reliable-program.md, "Claim (certificate)" and "Floating-point
/// certificate"), evaluated directly rather than through a solve, so that each clause is checked on inputs chosen for it:
/// the multiplier vector s (s_i = (w_i/m) slope_i on P, the clipped and shrunk slope for the absolute and Huber losses,
/// max(0, nu_i) on Z, 0 for a zero weight), the closed-form conjugates, the plain estimate with its choice of theta, and the
/// rounding-safe bound, which must equal the documented value "the next double below D^ - 2A" (A recomputed in exact rational
/// arithmetic) on an instance where D^ cancels to a few ulps of A, and be at most the exact d(s) on the others.
/// </summary>
public sealed class T2_1_DualCertificate_Checks
{
    private static readonly double U = Math.Pow(2, -53);

    /// <summary>An exact rational p / q (q &gt; 0), for gamma_n = n u / (1 - n u) = n / (2^53 - n).</summary>
    private readonly record struct Rational(BigInteger P, BigInteger Q)
    {
        public static Rational Of(double x)
        {
            var d = Dyadic.Of(x);
            return d.Exponent >= 0 ? new(d.Mantissa << d.Exponent, 1) : new(d.Mantissa, BigInteger.One << -d.Exponent);
        }

        public static Rational Gamma(int n) => new(n, (BigInteger.One << 53) - n);

        public static Rational operator +(Rational a, Rational b) => new(a.P * b.Q + b.P * a.Q, a.Q * b.Q);

        public static Rational operator -(Rational a, Rational b) => new(a.P * b.Q - b.P * a.Q, a.Q * b.Q);

        public static Rational operator *(Rational a, Rational b) => new(a.P * b.P, a.Q * b.Q);

        public static bool operator <=(Rational a, Rational b) => a.P * b.Q <= b.P * a.Q;

        public static bool operator >=(Rational a, Rational b) => a.P * b.Q >= b.P * a.Q;

        /// <summary>The nearest double, give or take an ulp (numerator and denominator may both overflow a double).</summary>
        public double ToDouble()
        {
            int shift = (int)Q.GetBitLength() - (int)BigInteger.Abs(P).GetBitLength() + 64;
            var scaled = shift >= 0 ? (P << shift) / Q : P / (Q << -shift);
            return Math.ScaleB((double)scaled, -shift);
        }
    }

    private static ISolvableProgram Solvable(KernelProgram p) => p;

    /// <summary>
    /// The cancellation instance: K = 2^-40 I, B = 4 (sqrt(B) = 2 exactly), tau_c = 1/2, the conjugate sum C = -8 and tau_c N = 8,
    /// so that D^ = -C - tau_c N - sqrt(B) U = -2 U is tiny and the allowance A (built from the magnitudes 24, 8, 8) is about 2^20
    /// of its ulps: every term of A, and the final step down, is visible in the reported bound.
    /// </summary>
    [Fact]
    public void The_rounding_safe_dual_bound_is_the_next_double_below_D_minus_twice_the_documented_allowance()
    {
        // m = 34 rows: 0..15 in P (label 4, f = 0), 16 in P with weight 0, 17..32 in Z with nu = 1, 33 in Z with nu = -1.
        // Every quantity before the last subtraction is exact: w/m = 1/34 is not, so the weights are 34/32 on P (w/m = 1/32)
        const int m = 34;
        var labels = Enumerable.Range(0, m).Select(i => i <= 16 ? 4.0 : 0.0).ToArray();
        var weights = Enumerable.Range(0, m).Select(i => i < 16 ? 34.0 / 32 : i == 16 ? 0 : 1).ToArray();
        var gram = Matrix.Build(m, m, (i, j) => i == j ? Math.Pow(2, -40) : 0);
        var program = new KernelProgram(gram, [.. labels], ProgramTask.Reliable, 4, 0.5, new Loss.Square(), [.. weights]);
        var f = new double[m];
        var nu = Enumerable.Range(0, m).Select(i => i == 33 ? -1.0 : i >= 17 ? 1 : 0).ToArray();
        var alpha = new double[m];
        var bound = DualCertificate.Bound(program, alpha, f, nu, null, 0.25, ComputeBackend.Managed);

        // s_i = (w/m) 2 (f - y) = (1/32)(-8) = -1/4 on P; 0 at the zero weight; nu on Z, clipped at 0
        var expectedS = Enumerable.Range(0, m).Select(i => i < 16 ? -0.25 : i >= 17 && i < 33 ? 1.0 : 0.0).ToArray();
        Assert.Equal(expectedS, bound.Multipliers);
        // g*(s) = s y + s^2 m / (4 w) = -1 + (1/16) (32 / 4) = -1/2 per P row: C = -8, magnitude sum (|s y| + s^2 m/(4w)) = 16 (1 + 1/2) = 24;
        // N = 16, tau_c N = 8: -C - tau_c N = 0, so D^ = -sqrt(B) U, U the bound on ||S|| from the program
        var (norm, _) = Solvable(program).DualNormBounds(expectedS, alpha, 0.25, ComputeBackend.Managed);
        double dHat = 8 - 0.5 * 16 - 2 * norm;
        Assert.Equal(-2 * norm, dHat);
        // A = gamma_{|P|+6} M_C + gamma_{|Z|+1} |tau_c| N + gamma_8 (|C| + |tau_c N| + sqrt(B) U), with |P| = 16 loss terms (the
        // zero-weighted row is no term) and |Z| = 17 constrained rows
        var a = Rational.Gamma(16 + 6) * Rational.Of(24) + Rational.Gamma(17 + 1) * Rational.Of(8)
                + Rational.Gamma(8) * (Rational.Of(8) + Rational.Of(8) + Rational.Of(2 * norm));
        var documented = Rational.Of(dHat) - Rational.Of(2) * a;
        // the reported bound is at most D^ - 2A (this is the rounding-safety), and within two ulps of it (A is ~2^20 ulps of D^
        // here, so any change to a term of A shows)
        double ulp = Math.BitIncrement(Math.Abs(dHat)) - Math.Abs(dHat);
        Assert.True(Rational.Of(bound.Dual) <= documented, $"reported {bound.Dual:R} above D^ - 2A");
        Assert.True(Rational.Of(bound.Dual) >= documented - Rational.Of(2 * ulp), $"reported {bound.Dual:R} more than two ulps below D^ - 2A");
        // the stationarity bound: at least sqrt(B) times the program's bound on ||s + 2 theta alpha|| (the product's rounding is
        // covered by the factor 1 + 4u), and within 8u of it
        var (_, stationarityNorm) = Solvable(program).DualNormBounds(expectedS, alpha, 0.25, ComputeBackend.Managed);
        Assert.True(bound.Stationarity >= 2 * stationarityNorm, $"{bound.Stationarity:R} < 2 |r| = {2 * stationarityNorm:R}");
        Assert.True(bound.Stationarity <= 2 * stationarityNorm * (1 + 8 * U), $"{bound.Stationarity:R} not within 8u of {2 * stationarityNorm:R}");
        Assert.Equal(0.25, bound.Theta);
        // and the dual bound is below the exact d(s) = -C - tau_c N - sqrt(B s'K s) = -2 sqrt(2^-40 (16/16 + 16))
        var sk = Dyadic.Of(Math.Pow(2, -40)) * (new Dyadic(16, -4) + new Dyadic(16, 0));
        var x = -Dyadic.Of(bound.Dual);
        Assert.True(x.Sign > 0 && x * x >= Dyadic.Of(4) * sk);
    }

    public static TheoryData<string> AllLosses => new() { "square", "absolute", "huber", "custom" };

    /// <summary>
    /// The allowance A itself, for every loss: with K = 0 (so sqrt(B s'K s) and its bound are 0) and nu on the one Z row set to the
    /// computed -C (tau_c = 1), the computed dual value is exactly 0 and the reported bound is the next double below -2A. A is then
    /// compared with gamma_{|P|+6} M_C + gamma_{|Z|+1} |tau_c| N + gamma_8 (|C| + |tau_c N|), the magnitudes M_C recomputed exactly
    /// from the returned s with each loss's closed form: |s y| + s^2 m / (4 w) (square), |s y| + delta s^2 m / (2 w) (Huber),
    /// |s y| (absolute), and (w/m)(|slope f| + |loss(f)|) for a custom loss (its conjugate comes from Fenchel-Young).
    /// </summary>
    [Theory]
    [MemberData(nameof(AllLosses))]
    public void The_rounding_allowance_is_the_documented_one_for_every_loss(string name)
    {
        var custom = new Loss.Custom("square (custom)", (p, y) => (p - y) * (p - y), (p, y) => 2 * (p - y), (p, y) => 2,
            new LossAssumptions(Convex: true, Monotone: true, Lipschitz: 2, BoundOnUnitInterval: 1));
        Loss loss = name switch { "square" => new Loss.Square(), "absolute" => new Loss.Absolute(), "huber" => new Loss.Huber(0.5), _ => custom };
        // 16 rows in P (label 4, prediction 2, slope -1: s = -(w/m)(...) < 0, so C < 0) and one row in Z; m = 17, so w/m = 1/17 rounds
        const int m = 17;
        var labels = Enumerable.Range(0, m).Select(i => i < 16 ? 4.0 : 0).ToArray();
        var program = new KernelProgram(Matrix.Build(m, m, (_, _) => 0), [.. labels], ProgramTask.Reliable, 4, 1, loss);
        var f = Enumerable.Range(0, m).Select(i => i < 16 ? 2.0 : 0).ToArray();
        var slopes = Enumerable.Repeat(-1.0, m).ToArray();
        var alpha = new double[m];
        // the plain estimate with nu = 0 is -C (K = 0); nu = -C on the Z row makes -C - tau_c N exactly 0
        double minusC = DualCertificate.Estimate(program, alpha, f, 0, new double[m], slopes, 0, ComputeBackend.Managed).Dual;
        Assert.True(minusC > 0);
        var nu = Enumerable.Range(0, m).Select(i => i == 16 ? minusC : 0).ToArray();
        var b = DualCertificate.Bound(program, alpha, f, nu, slopes, 0, ComputeBackend.Managed);
        Assert.Equal(minusC, b.Multipliers[16]);
        double observed = -Math.BitIncrement(b.Dual) / 2;
        var magnitude = Rational.Of(0);
        var scale = new Rational(1, m);
        for (int i = 0; i < 16; i++)
        {
            var si = Rational.Of(b.Multipliers[i]);
            var sy = si * Rational.Of(4);
            var absSy = sy.P.Sign < 0 ? Rational.Of(0) - sy : sy;
            magnitude += loss switch
            {
                Loss.Square => absSy + si * si * new Rational(m, 4),
                Loss.Huber h => absSy + Rational.Of(h.Delta) * si * si * new Rational(m, 2),
                Loss.Absolute => absSy,
                _ => scale * (Rational.Of(2) + Rational.Of(4)), // |slope f| = 2, loss(2, 4) = 4
            };
        }
        var n = Rational.Of(minusC);
        var documented = Rational.Gamma(16 + 6) * magnitude + Rational.Gamma(1 + 1) * n + Rational.Gamma(8) * (n + n);
        double expected = documented.ToDouble();
        // tolerance: A is computed in double from sums that carry their own rounding (gamma_16 relative at most)
        Assert.True(Math.Abs(observed - expected) <= 1e-12 * expected, $"{name}: allowance {observed:R}, documented {expected:R}");
    }

    [Fact]
    public void The_plain_estimate_is_the_dual_function_with_the_better_of_the_two_thetas()
    {
        // K = 2 I on 4 rows; y = (0, 1/2, 1, 0): P = {1, 2}, Z = {0, 3}; B = 4, tau_c = 1/8; every value below is a small dyadic,
        // so the plain double evaluation is exact and the comparison needs no tolerance
        var program = new KernelProgram(Matrix.Build(4, 4, (i, j) => i == j ? 2 : 0), [0, 0.5, 1, 0], ProgramTask.Reliable, 4, 0.125, new Loss.Square());
        double[] nu = [0.5, 0, 0, -1];
        foreach (var (alpha, theta) in new (double[], double)[]
                 {
                     ([0.25, 0.5, 0.375, -0.125], 0.5), // s.f > 0: the least-squares theta clips to 0, and wins
                     ([-0.25, -0.125, 0.125, 0.5], 4), // s.f < 0: the least-squares theta is positive, and wins
                     ([0, 0, 0, 0], 0.75), // alpha = 0, q = 0: no least-squares theta, the interior one is kept
                 })
        {
            var f = alpha.Select(v => 2 * v).ToArray();
            double q = alpha.Zip(f, (p, r) => p * r).Sum();
            var e = DualCertificate.Estimate(program, alpha, f, q, nu, null, theta, ComputeBackend.Managed);
            // s: (1/m) 2 (f - y) on P, max(0, nu) on Z
            double[] s = [0.5, 2 * (f[1] - 0.5) / 4, 2 * (f[2] - 1) / 4, 0];
            Assert.Equal(s, e.Multipliers);
            double conj = s[1] * 0.5 + s[1] * s[1] * 4 / 4 + s[2] * 1 + s[2] * s[2] * 4 / 4;
            double ss = 2 * s.Sum(v => v * v);
            Assert.Equal(-conj - 0.125 * 0.5 - Math.Sqrt(4 * ss), e.Dual);
            double sf = s.Zip(f, (p, r) => p * r).Sum();
            double leastSquares = q > 0 ? Math.Max(0, -sf / (2 * q)) : theta;
            double Stationarity(double t) => 2 * s.Select((v, i) => (v + 2 * t * alpha[i]) * (v + 2 * t * alpha[i])).Sum();
            double best = Stationarity(leastSquares) < Stationarity(theta) ? leastSquares : theta;
            Assert.Equal(best, e.Theta);
            // tolerance: the least-squares theta is no dyadic, so the two evaluations of ||s + 2 theta alpha|| may round differently
            Assert.Equal(Math.Sqrt(4 * Stationarity(best)), e.Stationarity, 1e-14);
        }
        // the scenarios are what the comments say
        Assert.Equal(0.0, DualCertificate.Estimate(program, [0.25, 0.5, 0.375, -0.125], [0.5, 1, 0.75, -0.25], 0.9375, nu, null, 0.5, ComputeBackend.Managed).Theta);
        Assert.True(DualCertificate.Estimate(program, [-0.25, -0.125, 0.125, 0.5], [-0.5, -0.25, 0.25, 1], 0.6875, nu, null, 4, ComputeBackend.Managed).Theta is > 0 and < 4);
    }

    [Fact]
    public void Absolute_and_Huber_multipliers_are_clipped_slopes_shrunk_into_the_conjugates_domain()
    {
        // m = 10: fl(1/10) is above 1/10, so fl(w/m) times a slope of 1 would leave the domain |s| <= w/m; the factor 1 - 8u puts
        // it back, and costs at most 8u relative
        const int m = 10;
        var labels = Enumerable.Range(0, m).Select(i => i % 2 == 0 ? 0.0 : 0.5).ToArray();
        var program = (Loss loss) => new KernelProgram(Matrix.Build(m, m, (i, j) => i == j ? 1 : 0), [.. labels], ProgramTask.Agnostic, 1, 0, loss);
        // slopes beyond [-1, 1] (the epigraph multipliers may be) are clipped; inside, they are kept
        var slopes = Enumerable.Range(0, m).Select(i => (i % 3) switch { 0 => 5.0, 1 => -7.0, _ => 0.5 }).ToArray();
        foreach (var loss in new Loss[] { new Loss.Absolute(), new Loss.Huber(0.25) })
        {
            var e = DualCertificate.Estimate(program(loss), new double[m], new double[m], 0, new double[m], slopes, 0, ComputeBackend.Managed);
            var b = DualCertificate.Bound(program(loss), new double[m], new double[m], new double[m], slopes, 0, ComputeBackend.Managed);
            Assert.Equal(e.Multipliers, b.Multipliers);
            for (int i = 0; i < m; i++)
            {
                double s = e.Multipliers[i], clipped = Math.Clamp(slopes[i], -1, 1);
                // in the domain exactly: |s| m <= w = 1 (dyadic arithmetic)
                var magnitude = Dyadic.Of(Math.Abs(s)) * new Dyadic(m, 0);
                Assert.True(magnitude <= new Dyadic(1, 0), $"{loss.Describe()}: s[{i}] = {s:R} outside |s| <= 1/m");
                Assert.True(Math.Abs(s - clipped / m) <= 16 * U * Math.Abs(clipped / m), $"{loss.Describe()}: s[{i}] = {s:R}, slope {clipped}");
            }
            // the conjugates: s y (absolute), s y + delta s^2 m / (2 w) (Huber); no Z, so d = -C - sqrt(B s'K s) with K = I
            double conj = Enumerable.Range(0, m).Sum(i =>
                e.Multipliers[i] * labels[i] + (loss is Loss.Huber h ? h.Delta * e.Multipliers[i] * e.Multipliers[i] * m / 2 : 0));
            double quadratic = e.Multipliers.Sum(v => v * v);
            Assert.Equal(-conj - Math.Sqrt(quadratic), e.Dual, 1e-15);
            Assert.True(b.Dual <= e.Dual);
            Assert.True(e.Dual - b.Dual <= 1e-14, $"{loss.Describe()}: allowance {e.Dual - b.Dual:E2}");
        }
        // the derivative path (no slopes given): Huber's derivative is already in [-1, 1], the absolute loss's is its sign
        var huber = new Loss.Huber(0.25);
        var fromDerivative = DualCertificate.Estimate(program(huber), new double[m], Enumerable.Repeat(0.125, m).ToArray(), 0, new double[m], null, 0,
            ComputeBackend.Managed);
        for (int i = 0; i < m; i++)
            Assert.True(Math.Abs(fromDerivative.Multipliers[i] - huber.Derivative(0.125, labels[i]) / m) <= 16 * U / m);
    }

    [Fact]
    public void A_custom_loss_takes_its_conjugate_from_the_Fenchel_Young_equality_at_its_own_derivative()
    {
        // loss (p - y)^4 / 4 + p (convex): derivative (p - y)^3 + 1; g*(s) = (w/m)(slope f - loss(f)) at slope = loss'(f)
        var quartic = new Loss.Custom("quartic", (p, y) => Math.Pow(p - y, 4) / 4 + p, (p, y) => Math.Pow(p - y, 3) + 1, (p, y) => 3 * Math.Pow(p - y, 2),
            new LossAssumptions(Convex: true, Monotone: false, Lipschitz: 4, BoundOnUnitInterval: 2));
        var program = new KernelProgram(Matrix.Build(4, 4, (i, j) => i == j ? 1 : 0), [0, 0.5, 1, 0.25], ProgramTask.Agnostic, 4, 0, quartic,
            [1, 2, 1, 0]);
        double[] f = [0.5, -0.5, 1.5, 3];
        var e = DualCertificate.Estimate(program, new double[4], f, 0, new double[4], null, 0, ComputeBackend.Managed);
        var s = new double[4];
        double conj = 0;
        double[] w = [1, 2, 1, 0];
        double[] y = [0, 0.5, 1, 0.25];
        for (int i = 0; i < 3; i++) // the zero weight contributes nothing (and s = 0 there)
        {
            double slope = Math.Pow(f[i] - y[i], 3) + 1;
            s[i] = w[i] / 4 * slope;
            conj += w[i] / 4 * (slope * f[i] - (Math.Pow(f[i] - y[i], 4) / 4 + f[i]));
        }
        Assert.Equal(s, e.Multipliers);
        Assert.Equal(-conj - Math.Sqrt(4 * s.Sum(v => v * v)), e.Dual, 1e-14);
        // the bound's allowance uses the magnitudes (w/m)(|slope f| + |loss|); it is below the estimate by a few ulps of them
        var b = DualCertificate.Bound(program, new double[4], f, new double[4], null, 0, ComputeBackend.Managed);
        Assert.True(b.Dual < e.Dual);
        Assert.True(e.Dual - b.Dual <= 1e-14, $"allowance {e.Dual - b.Dual:E2}");
    }

    public static TheoryData<string> Losses => new() { "square", "absolute", "huber" };

    [Theory]
    [MemberData(nameof(Losses))]
    public void At_any_admissible_point_the_bound_is_below_the_exact_dual_function_and_the_stationarity_above(string name)
    {
        // not a solver output: a random point, random nu >= 0 (and some negative, clipped), random slopes, theta = 0.3, on a
        // Gram matrix of MK_3 with non-unit weights; the certificate is valid at every admissible point, not just at the optimum
        Loss loss = name switch { "square" => new Loss.Square(), "absolute" => new Loss.Absolute(), _ => new Loss.Huber(0.1) };
        var sample = SolverInstances.Sample(m: 24, n: 4, seed: 61);
        int m = sample.Count;
        var rng = new Random(3);
        var weights = Enumerable.Range(0, m).Select(i => i % 7 == 3 ? 0 : 0.5 + rng.Next(4) * 0.25).ToArray();
        var gram = GramEngine.Gram(new Kernel.Multinomial(3), sample.Points);
        var program = new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, 2, 0.05, loss, [.. weights]);
        var alpha = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var f = gram.Multiply(alpha);
        var nu = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.2).ToArray();
        var slopes = loss is Loss.Absolute ? Enumerable.Range(0, m).Select(_ => 3 * rng.NextDouble() - 1.5).ToArray() : null;
        const double theta = 0.3;
        var b = DualCertificate.Bound(program, alpha, f, nu, slopes, theta, ComputeBackend.Managed);
        var k = Enumerable.Range(0, m).Select(i => Enumerable.Range(0, m).Select(j => Dyadic.Of(gram[i, j])).ToArray()).ToArray();
        var s = b.Multipliers.Select(Dyadic.Of).ToArray();
        // d(s) = -sum_P g_i*(s_i) - tau_c sum_Z s_i - sqrt(B s'K s), the conjugates in closed form with the weights (exact except the
        // division by w, done here in exact rationals)
        var conj = Rational.Of(0);
        var nuSum = Rational.Of(0);
        for (int i = 0; i < m; i++)
        {
            if (sample.Labels[i] > 0)
            {
                if (weights[i] == 0) { Assert.Equal(0.0, b.Multipliers[i]); continue; }
                var si = Rational.Of(b.Multipliers[i]);
                var quadratic = si * si * new Rational(m, 1) * new Rational(Rational.Of(weights[i]).Q, Rational.Of(weights[i]).P);
                conj += si * Rational.Of(sample.Labels[i]) + loss switch
                {
                    Loss.Square => quadratic * new Rational(1, 4),
                    Loss.Huber h => quadratic * Rational.Of(h.Delta) * new Rational(1, 2),
                    _ => Rational.Of(0),
                };
                if (loss is not Loss.Square) Assert.True(Rational.Of(Math.Abs(b.Multipliers[i])) * new Rational(m, 1) <= Rational.Of(weights[i]));
            }
            else
            {
                Assert.Equal(Math.Max(0, nu[i]), b.Multipliers[i]);
                nuSum += Rational.Of(b.Multipliers[i]);
            }
        }
        // reported <= d(s)  <=>  X = -(reported + C + tau_c N) >= 0 and X^2 >= B s'K s
        var x = (Rational.Of(b.Dual) + conj + Rational.Of(0.05) * nuSum) * Rational.Of(-1);
        var sks = T2_1_KernelProgram_Checks.Quadratic(k, s);
        var skr = sks.Sign >= 0 ? new Rational(sks.Mantissa << Math.Max(0, sks.Exponent), BigInteger.One << Math.Max(0, -sks.Exponent)) : Rational.Of(0);
        Assert.True(x >= Rational.Of(0) && x * x >= Rational.Of(2) * skr, $"{name}: reported {b.Dual:R} above the exact d(s)");
        // and tight: within 1e-12 of the plain estimate of the same s
        double q = alpha.Zip(f, (p, r) => p * r).Sum();
        var e = DualCertificate.Estimate(program, alpha, f, q, nu, slopes, theta, ComputeBackend.Managed);
        Assert.Equal(e.Multipliers, b.Multipliers);
        // (the estimate's plain sqrt(B s'K s) may round below the bound's U: -1e-15)
        Assert.InRange(e.Dual - b.Dual, -1e-15, 1e-12 * (1 + Math.Abs(e.Dual)));
        // stationarity: sqrt(B) ||s + 2 theta alpha||_K exactly below the reported bound, which is within 1e-12 of it
        var r = Enumerable.Range(0, m).Select(i => s[i] + Dyadic.Of(2 * theta) * Dyadic.Of(alpha[i])).ToArray();
        var exactSquare = Dyadic.Of(2) * T2_1_KernelProgram_Checks.Quadratic(k, r);
        T2_1_KernelProgram_Checks.AssertTightUpperBound(b.Stationarity, exactSquare);
        Assert.Equal(theta, b.Theta);
    }
}
