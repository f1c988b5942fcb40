using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's floating-point certificate (Proofs/T2.1-reliable-program.md, "Floating-point certificate"): the reported dual bound
/// is at most the exact dual function d(s) at the reported multipliers s, and the reported stationarity is at least the exact
/// sqrt(B) ||s + 2 theta alpha||_K. Both are recomputed here in exact dyadic-rational arithmetic from the doubles the solver
/// returns (s, alpha, theta) and the program's own doubles (K or L, labels, B, tau_c): no rounding at all, so these checks
/// need no tolerance.
/// </summary>
public sealed class T2_1_FloatingPointCertificate_Checks(ITestOutputHelper output)
{
    /// <summary>
    /// Small instances (exact arithmetic costs O(m^2) big-integer products): reliable programs with the ball active and
    /// inactive (B = 1e4: s'K s nearly 0, where a plain double evaluation of sqrt(B s'K s) has an error floor near 1e-8),
    /// an agnostic one, the three built-in losses, both backends and both Newton systems.
    /// </summary>
    public static TheoryData<string> Cases => new() { "reliable-square", "reliable-square-inactive-ball", "agnostic-square", "reliable-absolute", "reliable-huber",
        "reliable-square-low-rank", "reliable-square-managed" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reported_dual_bound_is_below_and_stationarity_above_their_exact_values(string name)
    {
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 41);
        var (task, bound, loss, options) = name switch
        {
            "reliable-square" => (ProgramTask.Reliable, 2.0, (Loss)new Loss.Square(), SolverOptions.Default),
            "reliable-square-inactive-ball" => (ProgramTask.Reliable, 1e4, new Loss.Square(), SolverOptions.Default),
            "agnostic-square" => (ProgramTask.Agnostic, 2.0, new Loss.Square(), SolverOptions.Default),
            "reliable-absolute" => (ProgramTask.Reliable, 2.0, new Loss.Absolute(), SolverOptions.Default),
            "reliable-huber" => (ProgramTask.Reliable, 2.0, new Loss.Huber(0.1), SolverOptions.Default),
            "reliable-square-low-rank" => (ProgramTask.Reliable, 2.0, new Loss.Square(), SolverOptions.Default with { NewtonSystem = NewtonSystemKind.LowRank }),
            _ => (ProgramTask.Reliable, 2.0, new Loss.Square(), SolverOptions.Default with { Backend = ComputeBackend.Managed, NewtonSystem = NewtonSystemKind.Dense }),
        };
        var program = SolverInstances.Program(sample, degree: 3, task, bound, tau: 0.05, loss);
        var r = ReliableSolver.Solve(program, options);
        Assert.NotEqual(ExitCondition.Infeasible, r.Exit);
        int m = program.Count;
        var s = r.DualMultipliers.Select(Dyadic.Of).ToArray();
        // the certified program (Proofs/T2.1-reliable-program.md, "What is guaranteed"): r-space, the program on L L' in u, with
        // s'L L's = ||L's||^2 and stationarity ||L's + 2 theta u||; m-space, the quadratic forms in K + delta I, delta = GramAllowance
        var (_, coefficients, factor) = SolverInstances.Certified(program, r, options);
        Dyadic quadratic, stationarity;
        var twoTheta = Dyadic.Of(2 * r.BallMultiplier); // 2 theta is exact (a power-of-two scaling)
        if (factor is not null)
        {
            Assert.Equal(0.0, r.GramAllowance);
            var lts = new Dyadic[factor.Rank];
            var rr = new Dyadic[factor.Rank];
            for (int j = 0; j < factor.Rank; j++)
            {
                lts[j] = Dyadic.Dot(Enumerable.Range(0, m).Select(i => Dyadic.Of(factor.Factor[i, j])).ToArray(), s);
                rr[j] = lts[j] + twoTheta * Dyadic.Of(coefficients[j]);
            }
            (quadratic, stationarity) = (Dyadic.Dot(lts, lts), Dyadic.Dot(rr, rr));
        }
        else
        {
            Assert.True(r.GramAllowance > 0, "an m-space solve charges the proven indefiniteness allowance");
            var k = new Dyadic[m][];
            for (int i = 0; i < m; i++) k[i] = Enumerable.Range(0, m).Select(j => Dyadic.Of(program.Gram[i, j])).ToArray();
            var delta = Dyadic.Of(r.GramAllowance);
            var rr = Enumerable.Range(0, m).Select(i => s[i] + twoTheta * Dyadic.Of(coefficients[i])).ToArray();
            (quadratic, stationarity) = (Quadratic(k, s) + delta * Dyadic.Dot(s, s), Quadratic(k, rr) + delta * Dyadic.Dot(rr, rr));
        }
        var (exactDual, allowance) = AssertBelowExactDual(program.Labels.ToArray(), program.Weights.ToArray(), task, loss, bound, 0.05, r.DualBound, s,
            quadratic);
        Assert.True(Dyadic.Of(bound) * stationarity <= Dyadic.Of(r.Stationarity) * Dyadic.Of(r.Stationarity),
            $"exact stationarity {Math.Sqrt(bound * stationarity.ToDouble()):E3} above the reported {r.Stationarity:E3}");
        output.WriteLine($"{name}: {r.Exit} it={r.Iterations} gap {r.DualityGap:E2} exact d(s) - reported bound = {allowance:E2}, stationarity {r.Stationarity:E2}");
        // the rounding allowance is small: far below the default gap tolerance, so rounding-safety does not cost convergence
        Assert.InRange(exactDual - r.DualBound, -1e-15, 1e-12); // -1e-15: the double rendering of the exact d(s)
        Assert.Equal(ExitCondition.Converged, r.Exit);
    }

    [Fact]
    public void Factor_program_certificate_is_below_its_exact_dual_value()
    {
        // S-lowrank: the program on K~ = L L' in factor coordinates u; s'K~s = ||L's||^2 and the stationarity is ||L's + 2 theta u||
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 43);
        var gram = GramEngine.Gram(new Kernel.Multinomial(3), sample.Points);
        var factor = PivotedCholesky.Factor(gram, 1e-6, maxRank: 12);
        var program = FactorProgram.From(factor, sample.Labels, ProgramTask.Reliable, 2, 0.05, new Loss.Square());
        var r = ReliableSolver.Solve(program);
        int m = program.Count, rank = program.Rank;
        var s = r.DualMultipliers.Select(Dyadic.Of).ToArray();
        var lts = new Dyadic[rank];
        var lts2 = new Dyadic[rank];
        for (int j = 0; j < rank; j++)
        {
            var column = Enumerable.Range(0, m).Select(i => Dyadic.Of(program.Factor[i, j])).ToArray();
            lts[j] = Dyadic.Dot(column, s);
            lts2[j] = lts[j] + Dyadic.Of(2 * r.BallMultiplier) * Dyadic.Of(r.Coefficients[j]);
        }
        var (exactDual, _) = AssertBelowExactDual(program.Labels.ToArray(), program.Weights.ToArray(), ProgramTask.Reliable, program.Loss, 2, 0.05,
            r.DualBound, s, Dyadic.Dot(lts, lts));
        Assert.True(Dyadic.Of(2) * Dyadic.Dot(lts2, lts2) <= Dyadic.Of(r.Stationarity) * Dyadic.Of(r.Stationarity));
        output.WriteLine($"factor program r={rank}: {r.Exit} gap {r.DualityGap:E2}, exact d(s) - reported = {exactDual - r.DualBound:E2}");
        Assert.InRange(exactDual - r.DualBound, -1e-15, 1e-12); // -1e-15: the double rendering of the exact d(s)
    }

    /// <summary>s'K s exactly.</summary>
    private static Dyadic Quadratic(Dyadic[][] k, Dyadic[] s)
    {
        var sum = Dyadic.Zero;
        for (int i = 0; i < s.Length; i++)
            if (s[i].Sign != 0) sum += s[i] * Dyadic.Dot(k[i], s);
        return sum;
    }

    /// <summary>
    /// d(s) = -sum_P g_i*(s_i) - tau sum_Z s_i - sqrt(B s'K s) with the built-in losses' closed-form conjugates
    /// (g_i = (w_i/m) loss(., y_i); square: s y + s^2 m / (4 w); Huber(delta): s y + delta s^2 m / (2 w); absolute: s y; the last
    /// two only for |s| &lt;= w/m, checked exactly). Asserts reported &lt;= d(s) exactly, as X = -(reported + conj + tau nuSum) &gt;= 0
    /// and X^2 &gt;= B s'K s, and returns d(s) (to double accuracy) with d(s) - reported. Shares no code with the solver.
    /// </summary>
    private static (double Exact, double Difference) AssertBelowExactDual(double[] labels, double[] weights, ProgramTask task, Loss loss, double bound,
        double tau, double reported, Dyadic[] s, Dyadic quadratic)
    {
        int m = labels.Length;
        var conj = Dyadic.Zero;
        var nuSum = Dyadic.Zero;
        for (int i = 0; i < m; i++)
        {
            bool inLoss = task == ProgramTask.Agnostic || labels[i] > 0;
            if (inLoss)
            {
                Assert.Equal(1.0, weights[i]); // the closed forms below use w = 1: m / (4 w) = m 2^-2 is then dyadic
                var y = Dyadic.Of(labels[i]);
                var mm = new Dyadic(m, 0);
                conj += loss switch
                {
                    Loss.Square => s[i] * y + s[i] * s[i] * mm * new Dyadic(1, -2),
                    Loss.Huber h => s[i] * y + Dyadic.Of(h.Delta) * s[i] * s[i] * mm * new Dyadic(1, -1),
                    Loss.Absolute => s[i] * y,
                    _ => throw new NotSupportedException(loss.Describe()),
                };
                if (loss is Loss.Huber or Loss.Absolute)
                    Assert.True(new Dyadic(s[i].Mantissa < 0 ? -s[i].Mantissa : s[i].Mantissa, s[i].Exponent) * mm <= new Dyadic(1, 0),
                        $"s[{i}] outside the conjugate's domain |s| <= 1/m");
            }
            else if (labels[i] == 0)
            {
                Assert.True(s[i].Sign >= 0, $"nu[{i}] is negative");
                nuSum += s[i];
            }
            else Assert.Equal(0, s[i].Sign);
        }
        // the quadratic is that of the certified matrix (L L', or K + delta I), PSD exactly, so it is >= 0; x^2 >= B s'K s
        // would cover a negative one too
        var x = -(Dyadic.Of(reported) + conj + Dyadic.Of(tau) * nuSum);
        double exact = -conj.ToDouble() - tau * nuSum.ToDouble() - Math.Sqrt(bound * Math.Max(0, quadratic.ToDouble()));
        Assert.True(x.Sign >= 0 && x * x >= Dyadic.Of(bound) * quadratic, $"reported dual bound {reported:R} above the exact d(s) = {exact:R}");
        return (exact, exact - reported);
    }

    /// <summary>
    /// The rigorous quadratic form's K'x (<c>FloatingPoint.TransposeDot2</c>: columns in panels of 512, four per vector
    /// operation, a scalar tail) is, for a symmetric K, the sequential Dot2 of each row bit for bit, values and magnitudes: the
    /// error bound of Dot2 is stated for that sequence. Entries and x span 2^-30 to 2^30 with both signs (seed 61), so that the
    /// compensation changes most of the values; m = 103 (one panel, tail 3, sequential) and m = 523 (two panels, parallel).
    /// </summary>
    [Theory]
    [InlineData(103)]
    [InlineData(523)]
    public void The_column_panels_are_the_row_by_row_Dot2(int m)
    {
        var rng = new Random(61);
        double Draw() => (rng.Next(2) == 0 ? -1 : 1) * Math.Pow(2, rng.Next(-30, 31)) * (1 + rng.NextDouble());
        var entries = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++) entries[i * m + j] = entries[j * m + i] = Draw();
        var k = Matrix.Create(m, m, entries);
        var x = Enumerable.Range(0, m).Select(_ => Draw()).ToArray();
        var (values, magnitudes) = FloatingPoint.TransposeDot2(k, x);
        int compensated = 0;
        for (int i = 0; i < m; i++)
        {
            var (value, magnitude) = FloatingPoint.Dot2(k.Row(i), x);
            Assert.Equal(value, values[i]);
            Assert.Equal(magnitude, magnitudes[i]);
            double plain = 0;
            for (int j = 0; j < m; j++) plain += k[i, j] * x[j];
            if (plain != value) compensated++;
        }
        output.WriteLine($"m = {m}: {compensated} of {m} values differ from the plain sum");
        Assert.True(compensated > m / 2, $"only {compensated} of {m} values need the compensation: the check would not see it");
    }
}
