using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's Newton matrices that do not factor (Proofs/T2.1-reliable-program.md, "The algorithm"): when c I + N fails to factor,
/// the linearisation tries again with c raised to at least <see cref="InteriorPointIterate.ProximalRetryFloor"/> trace(N) and by
/// <see cref="InteriorPointIterate.ProximalGrowth"/> at a time, at most <see cref="InteriorPointIterate.ProximalRetries"/>
/// times; and reliable programs on repeated points, whose r-space Newton matrices meet that failure near the optimum, converge.
/// </summary>
public sealed class T2_1_ProximalRetry_Checks
{
    /// <summary>
    /// Coordinates that refuse to factor c I + N for c below <paramref name="least"/> and otherwise factor it as
    /// <paramref name="inner"/> does, recording each c asked for and trace(N) at the first.
    /// </summary>
    /// <param name="inner">The coordinates that factor.</param>
    /// <param name="least">The least c factored.</param>
    /// <param name="trace">trace(N) as reported to the solver, or NaN for <paramref name="inner"/>'s.</param>
    /// <param name="fromFirstTry">Report <paramref name="trace"/> only once a factorisation has been asked for.</param>
    private sealed class RefusingCoordinates(Coordinates inner, double least, double trace = double.NaN, bool fromFirstTry = false) : Coordinates
    {
        internal List<double> Tried { get; } = [];

        internal double Trace { get; private set; } = double.NaN;

        internal override int Size => inner.Size;
        internal override int Rank => inner.Rank;
        internal override NewtonSystemKind Kind => inner.Kind;
        internal override double[] Predict(double[] x) => inner.Predict(x);
        internal override double[] Metric(double[] x, double[] f) => inner.Metric(x, f);
        internal override double[] Adjoint(double[] v) => inner.Adjoint(v);
        internal override double CurvatureTrace(double[] d)
            => double.IsNaN(trace) || (fromFirstTry && Tried.Count == 0) ? inner.CurvatureTrace(d) : trace;
        internal override double[] Solve(double[] v) => inner.Solve(v);
        internal override double[] Coefficients(double[] x) => inner.Coefficients(x);
        internal override double[] FromCoefficients(double[] alpha) => inner.FromCoefficients(alpha);

        internal override bool Prepare(double[] d, double c, bool refined = true)
        {
            if (Tried.Count == 0) Trace = CurvatureTrace(d);
            Tried.Add(c);
            return c >= least && inner.Prepare(d, c, refined);
        }
    }

    /// <summary>
    /// A reliable square-loss program on a 6 x 2 factor, Z = {1, 3, 5}, tau_c = 0.05 and the given B, and its first
    /// linearisation through <see cref="RefusingCoordinates"/>.
    /// </summary>
    private static (bool Linearised, RefusingCoordinates Space) FirstLinearisation(double least, double bound = 1, double trace = double.NaN,
        bool fromFirstTry = false)
    {
        var factor = Matrix.Create(6, 2, [1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0.5, 0.5]);
        var program = new FactorProgram(factor, ImmutableArray.Create(0.2, 0, 0.8, 0, 0.5, 0), ProgramTask.Reliable, bound, 0.05, new Loss.Square());
        int[] zero = [1, 3, 5];
        var space = new RefusingCoordinates(new FactorCoordinates(program.Rows, native: false, zero, mixedPrecision: false), least, trace, fromFirstTry);
        var iterate = InteriorPointIterate.Start(program, null, zero, space);
        return (iterate.Linearise(iterate.Mu()), space);
    }

    /// <summary>A Newton matrix that factors at once is factored once, with the c the linearisation chose.</summary>
    [Fact]
    public void A_matrix_that_factors_is_factored_once()
    {
        var (linearised, space) = FirstLinearisation(least: 0);
        Assert.True(linearised);
        Assert.Single(space.Tried);
    }

    /// <summary>
    /// The first try refused: the second asks for max(100 c, 2^-52 trace(N)), the third for 100 times that, which is taken.
    /// The refusal threshold is put just above the second try, so the rule's exact values decide where it stops.
    /// </summary>
    [Fact]
    public void A_refused_matrix_is_tried_again_with_c_raised_to_the_rounding_of_the_trace_and_then_by_100()
    {
        var (_, probe) = FirstLinearisation(least: 0);
        double c0 = probe.Tried[0];
        double second = Math.Max(InteriorPointIterate.ProximalGrowth * c0, InteriorPointIterate.ProximalRetryFloor * probe.Trace);
        var (linearised, space) = FirstLinearisation(least: second * 1.5);
        Assert.True(linearised);
        Assert.Equal([c0, second, InteriorPointIterate.ProximalGrowth * second], space.Tried);
        Assert.Equal(InteriorPointIterate.ProximalRetryFloor, Math.Pow(2, -52)); // the value the docs give
    }

    /// <summary>
    /// B = 1e30: theta, mu / sigma and so c are far below the zero rows' barrier terms (nu_k / s_k, the pairs at the centre
    /// theta sigma), so the second try asks for 2^-52 trace(N) itself, more than 100 c, and the third for 100 times that.
    /// </summary>
    [Fact]
    public void Where_the_rounding_of_the_trace_exceeds_100_c_the_second_try_asks_for_it()
    {
        var (_, probe) = FirstLinearisation(least: 0, bound: 1e30);
        double c0 = probe.Tried[0], floor = InteriorPointIterate.ProximalRetryFloor * probe.Trace;
        Assert.True(floor > 1e6 * c0, $"c {c0:E2}, 2^-52 trace(N) {floor:E2}");
        var (linearised, space) = FirstLinearisation(least: floor * 1.5, bound: 1e30);
        Assert.True(linearised);
        Assert.Equal([c0, floor, InteriorPointIterate.ProximalGrowth * floor], space.Tried);
    }

    /// <summary>
    /// A raised c that is not finite (trace(N) reported as +infinity once the first try is refused) ends the tries: the
    /// linearisation fails without asking for a factorisation at c = infinity.
    /// </summary>
    [Fact]
    public void A_raised_c_that_is_not_finite_ends_the_tries()
    {
        var (linearised, space) = FirstLinearisation(least: double.PositiveInfinity, trace: double.PositiveInfinity, fromFirstTry: true);
        Assert.False(linearised);
        Assert.Single(space.Tried);
        Assert.True(double.IsFinite(space.Tried[0]));
    }

    /// <summary>
    /// A ball curvature c that is not finite (trace(N) reported as +infinity from the start, so the rounding floor of c,
    /// 2^-46 times the loss rows' trace, is infinite) is never factored: the linearisation fails at once.
    /// </summary>
    [Fact]
    public void A_ball_curvature_that_is_not_finite_is_never_factored()
    {
        var (linearised, space) = FirstLinearisation(least: 0, trace: double.PositiveInfinity);
        Assert.False(linearised);
        Assert.Empty(space.Tried);
    }

    /// <summary>
    /// A matrix that never factors: the first try and <see cref="InteriorPointIterate.ProximalRetries"/> = 4 more, each c 100
    /// times the last (from the floor up), and then the linearisation fails (the solve stops NumericalTrouble, as before).
    /// </summary>
    [Fact]
    public void A_matrix_that_never_factors_is_tried_five_times_and_the_linearisation_fails()
    {
        var (linearised, space) = FirstLinearisation(least: double.PositiveInfinity);
        Assert.False(linearised);
        Assert.Equal(1 + InteriorPointIterate.ProximalRetries, space.Tried.Count);
        Assert.Equal(4, InteriorPointIterate.ProximalRetries);
        for (int k = 1; k < space.Tried.Count; k++)
        {
            double floor = InteriorPointIterate.ProximalRetryFloor * space.Trace;
            Assert.Equal(Math.Max(InteriorPointIterate.ProximalGrowth * space.Tried[k - 1], floor), space.Tried[k]);
        }
    }

    /// <summary>
    /// Reliable programs on repeated points (ProgramSpec.SampleDrawnTwice's scheme in Properties: half of the rows after the
    /// first replaced by an earlier row's point, half of those with a conflicting label) of 300 points of S^19 (SolverInstances,
    /// seed 5), MK_2, B = 100, tau_c = 0.05. K is exactly rank deficient (rank 142), so the solve is in r-space, and near the
    /// optimum c I + L'DL fails to factor in double. Measured with the code before the proximal retry (2026-11-30): all three
    /// stopped NumericalTrouble (after 28, 38 and 32 iterations) with OpenBLAS's Haswell kernels and with its SkylakeX kernels;
    /// they converge now.
    /// </summary>
    [Theory]
    [InlineData("square")]
    [InlineData("huber")]
    [InlineData("absolute")]
    public void Reliable_programs_on_repeated_points_converge(string loss)
    {
        var sample = DrawnTwice(SolverInstances.Sample(300, 20, 5), 5);
        Loss l = loss switch { "square" => new Loss.Square(), "huber" => new Loss.Huber(0.1), _ => new Loss.Absolute() };
        var program = SolverInstances.Program(sample, 2, ProgramTask.Reliable, 100, 0.05, l);
        var r = ReliableSolver.Solve(program);
        Assert.True(r.Exit == ExitCondition.Converged, $"{r.Exit} after {r.Iterations} iterations, gap {r.DualityGap:E2}, stationarity {r.Stationarity:E2}");
        Assert.Equal(NewtonSystemKind.LowRank, r.NewtonSystem);
        Assert.Equal(142, r.Rank);
    }

    /// <summary>The repeated-points scheme of ProgramSpec.SampleDrawnTwice (Properties), seeded.</summary>
    private static LabelledSample DrawnTwice(LabelledSample sample, int seed)
    {
        var rng = new Random(seed + 2);
        int m = sample.Count;
        var rows = new int[m];
        var labels = new double[m];
        for (int i = 0; i < m; i++)
        {
            rows[i] = i > 0 && rng.NextDouble() < 0.5 ? rows[rng.Next(i)] : i;
            double label = sample.Labels[rows[i]];
            labels[i] = rows[i] == i || rng.NextDouble() < 0.5 ? label : label > 0 ? 0 : 0.5 * rng.NextDouble();
        }
        return new LabelledSample(sample.Points.Select(rows), [.. labels]);
    }
}
