using System.Collections.Immutable;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Proofs.Optimization;

/// <summary>Fixed, seeded instances of the T2.1 program for the deterministic checks.</summary>
internal static class SolverInstances
{
    /// <summary>Reliable-agnostic data on S^{n-1}: a planted ReLU with adversarial positives on its zero side.</summary>
    internal static LabelledSample Sample(int m, int n, int seed)
    {
        var rng = new Random(seed);
        var w = new double[n];
        for (int j = 0; j < n; j++) w[j] = rng.NextDouble() - 0.5;
        double norm = Math.Sqrt(w.Sum(v => v * v));
        for (int j = 0; j < n; j++) w[j] /= norm;
        var model = new LabelModel.ReliableAgnostic(w, zeroSidePositiveRate: 0.1, positiveSideNoise: 0.1);
        return Labelling.Sample(new SphereDistribution.Uniform(n), model, m, rng);
    }

    internal static KernelProgram Program(LabelledSample sample, int degree, ProgramTask task, double bound, double tau, Loss loss)
        => new(GramEngine.Gram(new Kernel.Multinomial(degree), sample.Points), sample.Labels, task, bound, tau, loss);

    /// <summary>
    /// <paramref name="program"/> on a copy of its Gram matrix given as a plain matrix: not known PSD when built (GramEngine's
    /// multinomial matrices are, Proofs/T2.1-reliable-program.md, "Input checks", step 0), so a solve runs the input checks of
    /// steps 1 to 3, which the checks of those steps need.
    /// </summary>
    internal static KernelProgram Given(KernelProgram program)
        => new(Matrix.Create(program.Count, program.Count, program.Gram.AsSpan()), program.Labels, program.Task, program.NormBound,
            program.Threshold, program.Loss, weights: program.Weights);

    /// <summary>
    /// The program a solve of <paramref name="program"/> certified, with the coefficients its certificate is stated in
    /// (Proofs/T2.1-reliable-program.md, "What is guaranteed"): for an r-space solve, the program on L L' in factor coordinates
    /// u (L recomputed by <see cref="ReliableSolver.NewtonFactor"/>, which is deterministic, so it is the solve's own factor),
    /// after asserting that the returned alpha is L_pp^(-T) u on the pivots bit for bit; otherwise the program itself and alpha.
    /// </summary>
    internal static (ISolvableProgram Program, double[] Coefficients, LowRankFactor? Factor) Certified(KernelProgram program, SolverResult r,
        SolverOptions options)
    {
        if (r.NewtonSystem != NewtonSystemKind.LowRank) return (program, r.Coefficients.ToArray(), null);
        var factor = ReliableSolver.NewtonFactor(program, options, NativeBlas.UseNative(options.Backend), () => new double[program.Count * program.Count])!;
        var onFactor = new FactorProgram(factor.Factor, program.Labels, program.Task, program.NormBound, program.Threshold, program.Loss,
            weights: program.Weights).WithZeroPenalty(program.ZeroPenalty);
        var u = r.FactorCoordinates.ToArray();
        Xunit.Assert.Equal(factor.Rank, u.Length);
        Xunit.Assert.Equal(FactorCoordinates.PivotCoefficients(factor.Factor, factor.Pivots, u), r.Coefficients.ToArray());
        return (onFactor, u, factor);
    }

    /// <summary>
    /// The result's certificate is the zero multiplier's (Proofs/T2.1-reliable-program.md, "The zero multiplier"): s = 0,
    /// nu = 0, theta = 0, stationarity 0, and a dual bound between -epsilon and 0 equal to DualCertificate.Bound's at s = 0.
    /// </summary>
    internal static void AssertZeroMultiplierCertificate(KernelProgram program, SolverResult r)
    {
        Xunit.Assert.All(r.DualMultipliers, v => Xunit.Assert.Equal(0.0, v));
        Xunit.Assert.All(r.ConstraintMultipliers, v => Xunit.Assert.Equal(0.0, v));
        Xunit.Assert.Equal(0.0, r.BallMultiplier);
        Xunit.Assert.Equal(0.0, r.Stationarity);
        Xunit.Assert.InRange(r.DualBound, -double.Epsilon, 0.0);
        var zero = new double[program.Count];
        Xunit.Assert.Equal(DualCertificate.Bound(program, [.. r.Coefficients], [.. r.Predictions], zero, zero, 0, SolverOptions.Default.Backend).Dual, r.DualBound);
    }

    /// <summary>(K alpha)_i recomputed independently of the solver, entry by entry.</summary>
    internal static double[] Predict(Matrix gram, ImmutableArray<double> alpha)
    {
        var f = new double[gram.Rows];
        for (int i = 0; i < gram.Rows; i++)
            for (int j = 0; j < gram.Columns; j++) f[i] += gram[i, j] * alpha[j];
        return f;
    }
}
