using ReluVerified.Core.Distributions;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's m-space Newton systems in mixed precision (single-precision Cholesky, solves refined in double) reach the same
/// optimum as the all-double path: the certified intervals [dual bound, objective] overlap and predictions agree. The
/// factor itself (<see cref="MixedPrecisionFactor"/>) is checked against its contract: refined solves of double accuracy
/// where cond(M) eps_single &lt; 1, conjugate gradients that finish where refinement stops short, a reported failure (null)
/// where neither reaches the tolerance, null for a matrix with a non-positive pivot.
/// </summary>
public class MixedPrecision_Checks(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Mixed_precision_and_double_newton_systems_certify_the_same_optimum()
    {
        if (!GramEngine.NativeAvailable) return; // mixed precision runs only through OpenBLAS; the managed path is double already
        var scenario = new LabelModel.ReliableAgnostic([0.6, -0.3, 0.5, 0.2, 0.1, -0.4, 0.2, 0.1, 0.1, 0.1], 0.1, 0.05);
        var sample = Labelling.Sample(new SphereDistribution.Uniform(10), scenario, 1600, new Random(77));
        var gram = GramEngine.Gram(new Kernel.Multinomial(4), sample.Points);
        var program = new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, 20, 0.02, new Loss.Square());
        var mixed = ReliableSolver.Solve(program, new SolverOptions(NewtonSystem: NewtonSystemKind.Dense, MixedPrecision: true));
        var exact = ReliableSolver.Solve(program, new SolverOptions(NewtonSystem: NewtonSystemKind.Dense, MixedPrecision: false));
        Assert.Equal(NewtonSystemKind.Dense, mixed.NewtonSystem);
        // Both certificates are valid lower bounds, so each objective is at least the other's dual bound (up to 1e-12 rounding).
        Assert.True(mixed.Objective >= exact.DualBound - 1e-12 && exact.Objective >= mixed.DualBound - 1e-12,
            $"mixed [{mixed.DualBound}, {mixed.Objective}] vs double [{exact.DualBound}, {exact.Objective}]");
        // Tolerance: both stop within a relative gap of 1e-8 (or report the gap they reached); objectives agree to their gaps.
        Assert.InRange(Math.Abs(mixed.Objective - exact.Objective), 0, Math.Max(mixed.DualityGap, 0) + Math.Max(exact.DualityGap, 0) + 1e-12);
        Assert.True(mixed.MaxViolation <= 1e-8, $"mixed violation {mixed.MaxViolation}");
    }

    /// <summary>
    /// r-space (<see cref="FactorCoordinates"/>) at rank 500, the least rank taken in single precision
    /// (<see cref="FactorCoordinates.MixedPrecisionRank"/>): the same program (m = 1500, a Gaussian factor, seed 31, labels of
    /// a planted u*) solved with and without mixed precision converges to overlapping certified intervals, as in m-space.
    /// </summary>
    [Fact]
    public void Mixed_precision_and_double_r_space_newton_systems_certify_the_same_optimum()
    {
        if (!GramEngine.NativeAvailable) return; // mixed precision runs only through OpenBLAS
        var (factor, labels) = PlantedFactor(1500, FactorCoordinates.MixedPrecisionRank, seed: 31);
        var program = new FactorProgram(factor, [.. labels], ProgramTask.Reliable, 2, 0.02, new Loss.Square());
        var mixed = ReliableSolver.Solve(program, new SolverOptions(MixedPrecision: true));
        var exact = ReliableSolver.Solve(program, new SolverOptions(MixedPrecision: false));
        output.WriteLine($"mixed {mixed.Exit} {mixed.Iterations} its [{mixed.DualBound}, {mixed.Objective}]; double {exact.Exit} {exact.Iterations} its [{exact.DualBound}, {exact.Objective}]");
        Assert.Equal(ExitCondition.Converged, mixed.Exit);
        Assert.Equal(ExitCondition.Converged, exact.Exit);
        Assert.True(mixed.Objective >= exact.DualBound - 1e-12 && exact.Objective >= mixed.DualBound - 1e-12,
            $"mixed [{mixed.DualBound}, {mixed.Objective}] vs double [{exact.DualBound}, {exact.Objective}]");
        Assert.True(exact.Objective > 1e-4, $"the planted labels leave a positive optimum: {exact.Objective}"); // not a trivial program
    }

    /// <summary>
    /// The r-space Newton solves themselves, on the same factor: after a first and a second preparation (loss rows at a fixed
    /// curvature, zero rows changed), the single-precision factor is used at rank 500 and its refined solves agree with the
    /// double ones to 1e-9 relative (a wrong refinement product, e.g. one missing the changed rows, would converge to another
    /// answer); below rank 500 and with mixed precision off the double factor is used. A Newton matrix that is positive
    /// definite only by c = 1e-9 on a rank-10 L'DL (the single-precision rounding of L'DL is larger) falls back to double and
    /// still solves to 1e-9.
    /// </summary>
    [Fact]
    public void R_space_newton_solves_in_single_precision_match_double_and_fall_back_to_it()
    {
        if (!GramEngine.NativeAvailable) return;
        const int m = 1500;
        var (factor, _) = PlantedFactor(m, FactorCoordinates.MixedPrecisionRank, seed: 31);
        var rows = new DenseFactorRows(factor);
        var zero = Enumerable.Range(0, m).Where(i => i % 2 == 0).ToArray();
        var rng = new Random(32);
        double[] Curvatures() => [.. Enumerable.Range(0, m).Select(i => i % 2 == 0 ? Math.Exp(4 * rng.NextDouble() - 2) : 2.0 / m)];
        var v = Enumerable.Range(0, factor.Columns).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var mixed = new FactorCoordinates(rows, native: true, zero, mixedPrecision: true);
        var exact = new FactorCoordinates(rows, native: true, zero, mixedPrecision: false);
        foreach (var (d, c) in new[] { (Curvatures(), 0.5), (Curvatures(), 1e-3) })
        {
            Assert.True(mixed.Prepare(d, c) && exact.Prepare(d, c));
            Assert.True(mixed.PreparedInSinglePrecision);
            Assert.False(exact.PreparedInSinglePrecision);
            double difference = RelativeDifference(mixed.Solve(v), exact.Solve(v));
            output.WriteLine($"c = {c}: relative difference {difference:E3}, {mixed.RefinementProducts} refinement products");
            Assert.True(difference <= 1e-9, $"c = {c}: relative difference {difference:E3}");
            // a single-precision factor of this matrix (cond(M) eps_single far below 1) needs few refinement steps; a factor of
            // another matrix (a diagonal without c, say) would still be refined to the answer, only with many more products
            // (measured: 2 at c = 0.5, 4 at c = 1e-3)
            Assert.InRange(mixed.RefinementProducts, 1, c >= 0.1 ? 3 : 5);
        }
        var (lowRank, _) = PlantedFactor(m, FactorCoordinates.MixedPrecisionRank - 1, seed: 31);
        var below = new FactorCoordinates(new DenseFactorRows(lowRank), native: true, zero, mixedPrecision: true);
        Assert.True(below.Prepare(Curvatures(), 0.5));
        Assert.False(below.PreparedInSinglePrecision);

        // rank-10 curvature: only ten rows carry weight, c = 1e-9
        var sparse = new double[m];
        for (int i = 0; i < 10; i++) sparse[2 * i] = 1.0;
        var fallback = new FactorCoordinates(rows, native: true, zero, mixedPrecision: true);
        var reference = new FactorCoordinates(rows, native: true, zero, mixedPrecision: false);
        Assert.True(fallback.Prepare(sparse, 1e-9) && reference.Prepare(sparse, 1e-9));
        Assert.False(fallback.PreparedInSinglePrecision);
        double fallbackDifference = RelativeDifference(fallback.Solve(v), reference.Solve(v));
        Assert.True(fallbackDifference <= 1e-9, $"fallback: relative difference {fallbackDifference:E3}");
        // and the rest of that solve stays in double, even where single precision would now succeed
        Assert.True(fallback.Prepare(Curvatures(), 0.5));
        Assert.False(fallback.PreparedInSinglePrecision);
    }

    /// <summary>
    /// The interior point's early iterations (<see cref="InteriorPointIterate.RefinedGapShare"/>): an r-space preparation with
    /// refined = false at rank <see cref="FactorCoordinates.MixedPrecisionRank"/> solves with the single-precision factor alone
    /// (no refinement product; the answer within 1e-3 of the double solve but not within 1e-12: a version that refined anyway
    /// would be that close), a right-hand side beyond single precision's range (1e40 times v) is solved through the refined
    /// path's fallback to double (finite, within 1e-9, the coordinates' later preparations in double) instead of overflowing,
    /// and a preparation with refined = true refines again (within 1e-9). m-space coordinates (<see cref="KernelCoordinates"/>,
    /// m = 1500, single precision) refine whatever they are told: within 1e-9 of the double solve with refined = false. The
    /// rule itself: refined exactly when mu times the pairs is at most 1e-4 of max(1, |objective|).
    /// </summary>
    [Fact]
    public void Early_r_space_solves_skip_refinement_and_m_space_solves_never_do()
    {
        Assert.True(InteriorPointIterate.RefinesSolves(1e-4, 1, 0.5)); // at the boundary exactly: mu pairs = 1e-4 max(1, 0.5)
        Assert.True(InteriorPointIterate.RefinesSolves(1e-4 / 100, 100, 0.5));
        Assert.False(InteriorPointIterate.RefinesSolves(2e-4 / 100, 100, 0.5));
        Assert.True(InteriorPointIterate.RefinesSolves(3e-4 / 100, 100, -3)); // the scale is max(1, |objective|) = 3
        Assert.False(InteriorPointIterate.RefinesSolves(4e-4 / 100, 100, -3));
        if (!GramEngine.NativeAvailable) return; // single precision only through OpenBLAS
        const int m = 1500;
        var (factor, _) = PlantedFactor(m, FactorCoordinates.MixedPrecisionRank, seed: 31);
        var rows = new DenseFactorRows(factor);
        var zero = Enumerable.Range(0, m).Where(i => i % 2 == 0).ToArray();
        var rng = new Random(33);
        var d = Enumerable.Range(0, m).Select(i => i % 2 == 0 ? Math.Exp(4 * rng.NextDouble() - 2) : 2.0 / m).ToArray();
        var v = Enumerable.Range(0, factor.Columns).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var mixed = new FactorCoordinates(rows, native: true, zero, mixedPrecision: true);
        var exact = new FactorCoordinates(rows, native: true, zero, mixedPrecision: false);
        Assert.True(mixed.Prepare(d, 1e-2, refined: false) && exact.Prepare(d, 1e-2));
        Assert.True(mixed.PreparedInSinglePrecision);
        var reference = exact.Solve(v);
        double early = RelativeDifference(mixed.Solve(v), reference);
        output.WriteLine($"r-space, unrefined: relative difference {early:E3}, {mixed.RefinementProducts} refinement products");
        Assert.Equal(0, mixed.RefinementProducts);
        Assert.InRange(early, 1e-12, 1e-3);
        // a right-hand side beyond single precision's range (3.4e38): not the overflowed single-precision solve, but the refined
        // path's fallback to double
        var huge = v.Select(x => x * 1e40).ToArray();
        var hugeSolution = mixed.Solve(huge);
        Assert.True(hugeSolution.All(double.IsFinite), "an unrefined solve of a right-hand side beyond single precision must fall back");
        double hugeDifference = RelativeDifference(hugeSolution, reference.Select(x => x * 1e40).ToArray());
        Assert.True(hugeDifference <= 1e-9, $"huge right-hand side: relative difference {hugeDifference:E3}");
        // and, as after any failed single-precision solve, the rest of that solve stays in double
        Assert.True(mixed.Prepare(d, 1e-2, refined: false));
        Assert.False(mixed.PreparedInSinglePrecision);
        mixed = new FactorCoordinates(rows, native: true, zero, mixedPrecision: true);
        Assert.True(mixed.Prepare(d, 1e-2));
        double late = RelativeDifference(mixed.Solve(v), reference);
        output.WriteLine($"r-space, refined: relative difference {late:E3}, {mixed.RefinementProducts} refinement products");
        Assert.True(mixed.RefinementProducts >= 1 && late <= 1e-9, $"refined: {mixed.RefinementProducts} products, relative difference {late:E3}");

        var scenario = new LabelModel.ReliableAgnostic([0.6, -0.3, 0.5, 0.2, 0.1, -0.4, 0.2, 0.1, 0.1, 0.1], 0.1, 0.05);
        var sample = Labelling.Sample(new SphereDistribution.Uniform(10), scenario, m, new Random(78));
        var gram = GramEngine.Gram(new Kernel.Multinomial(3), sample.Points);
        var dm = Enumerable.Range(0, m).Select(_ => Math.Exp(4 * rng.NextDouble() - 2)).ToArray();
        var vm = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var single = new KernelCoordinates(gram, native: true, ComputeBackend.Native, mixedPrecision: true);
        var twice = new KernelCoordinates(gram, native: true, ComputeBackend.Native, mixedPrecision: false);
        Assert.True(single.Prepare(dm, 0.5, refined: false) && twice.Prepare(dm, 0.5));
        double dense = RelativeDifference(single.Solve(vm), twice.Solve(vm));
        output.WriteLine($"m-space, told unrefined: relative difference {dense:E3}");
        Assert.True(dense <= 1e-9, $"m-space solve with refined = false: relative difference {dense:E3}");
    }

    /// <summary>
    /// The r-space Newton matrices a solve forms over a sequence of curvatures, against c I + L'DL formed entry by entry (m = 200,
    /// r = 12, seed 41; double precision, rank below the single-precision threshold): the first preparation (loss rows apart, zero
    /// rows added), the same curvatures again (every row static), new zero-row curvatures (the loss rows static), a loss row
    /// changed too (a new static set), then all curvatures new; and an agnostic program's (no zero rows). Each solve agrees with
    /// the dense solve to 1e-10 relative: the bookkeeping of which rows' sums are kept can only change the cost, never the matrix.
    /// </summary>
    [Fact]
    public void R_space_newton_matrices_are_c_i_plus_l_transpose_d_l_across_a_sequence_of_curvatures()
    {
        const int m = 200, r = 12;
        var rng = new Random(41);
        var data = Enumerable.Range(0, m * r).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var factor = Matrix.Create(m, r, data);
        var zero = Enumerable.Range(0, m).Where(i => i % 3 == 0).ToArray();
        var v = Enumerable.Range(0, r).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] Fresh(double[] previous, Func<int, bool> change)
            => [.. Enumerable.Range(0, m).Select(i => change(i) ? Math.Exp(4 * rng.NextDouble() - 2) : previous[i])];
        var first = Fresh(new double[m], i => i % 5 != 1); // a few rows with zero curvature
        var zeroRowsNew = Fresh(first, i => i % 3 == 0);
        var oneLossRowNew = Fresh(zeroRowsNew, i => i % 3 == 0 || i == 7);
        var allNew = Fresh(oneLossRowNew, _ => true);
        foreach (var z in new[] { zero, null })
        {
            var coordinates = new FactorCoordinates(new DenseFactorRows(factor), NativeBlas.UseNative(ComputeBackend.Auto), z, mixedPrecision: true);
            foreach (var (d, c) in new[] { (first, 0.3), (first, 0.2), (zeroRowsNew, 0.1), (oneLossRowNew, 0.05), (allNew, 0.4), (zeroRowsNew, 0.3) })
            {
                Assert.True(coordinates.Prepare(d, c));
                Assert.False(coordinates.PreparedInSinglePrecision);
                double difference = RelativeDifference(coordinates.Solve(v), DenseSolve(factor, d, c, v));
                Assert.True(difference <= 1e-10, $"zero rows {(z is null ? "none" : "every third")}, c = {c}: relative difference {difference:E3}");
            }
        }
    }

    /// <summary>
    /// The rows' single-precision products, against double ones on 5000 rows (more than one block of
    /// <see cref="DenseFactorRows.BlockRows"/>) of rank 13 (not a multiple of any SIMD width; seed 43): the single-precision
    /// weighted Gram matrix to 1e-5 relative, the one-pass product sum_i d_i (L_i . y) L_i' (several chunks of
    /// <see cref="DenseFactorRows.ChunkRows"/>) to 1e-12, rows with d_i = 0 skipped by both.
    /// </summary>
    [Fact]
    public void Single_precision_gram_and_one_pass_product_agree_with_double_products()
    {
        if (!GramEngine.NativeAvailable) return; // ssyrk through OpenBLAS only
        const int m = 5000, r = 13;
        var rng = new Random(43);
        var factor = Matrix.Create(m, r, Enumerable.Range(0, m * r).Select(_ => rng.NextDouble() - 0.5).ToArray());
        var rows = new DenseFactorRows(factor);
        var d = Enumerable.Range(0, m).Select(i => i % 7 == 0 ? 0 : rng.NextDouble()).ToArray();
        var exact = new double[r * r];
        rows.AddWeightedGram(d, exact, ComputeBackend.Native);
        var single = new float[r * r];
        rows.AddWeightedGramSingle(d, single);
        double worst = 0, largest = 0;
        for (int i = 0; i < r; i++)
            for (int j = 0; j <= i; j++)
            {
                worst = Math.Max(worst, Math.Abs(single[i * r + j] - exact[i * r + j]));
                largest = Math.Max(largest, Math.Abs(exact[i * r + j]));
            }
        Assert.True(worst <= 1e-5 * largest, $"single-precision Gram: worst difference {worst:E3} against largest entry {largest:E3}");

        var y = Enumerable.Range(0, r).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var changed = Enumerable.Range(0, m).Where(i => d[i] != 0).ToArray();
        var product = rows.WeightedGramTimes(changed, d, y);
        var reference = new double[r];
        foreach (int i in changed)
        {
            double dot = 0;
            for (int j = 0; j < r; j++) dot += factor[i, j] * y[j];
            for (int j = 0; j < r; j++) reference[j] += d[i] * dot * factor[i, j];
        }
        double productDifference = RelativeDifference(product, reference);
        Assert.True(productDifference <= 1e-12, $"one-pass product: relative difference {productDifference:E3}");
    }

    /// <summary>
    /// The one-pass refinement product sum_i d_i (L_i . y) L_i' with both of its loops (256-bit vectors with four partial sums
    /// and a prefetch of the next row, and the portable loop) against the sum formed entry by entry, at ranks with no whole
    /// vector block (13), blocks and a remainder (37) and blocks only (96), over scattered rows: each within 1e-12 relative.
    /// </summary>
    [Theory]
    [InlineData(13)]
    [InlineData(37)]
    [InlineData(96)]
    public void Both_loops_of_the_one_pass_product_agree_with_the_sum_entry_by_entry(int r)
    {
        const int m = 3000;
        var rng = new Random(44 + r);
        var factor = Matrix.Create(m, r, Enumerable.Range(0, m * r).Select(_ => rng.NextDouble() - 0.5).ToArray());
        var rows = new DenseFactorRows(factor);
        var changed = Enumerable.Range(0, m).Where(_ => rng.NextDouble() < 0.4).ToArray();
        var d = new double[m];
        foreach (int i in changed) d[i] = rng.NextDouble();
        var y = Enumerable.Range(0, r).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var reference = new double[r];
        foreach (int i in changed)
        {
            double dot = 0;
            for (int j = 0; j < r; j++) dot += factor[i, j] * y[j];
            for (int j = 0; j < r; j++) reference[j] += d[i] * dot * factor[i, j];
        }
        foreach (bool portable in new[] { false, true })
        {
            double difference = RelativeDifference(rows.WeightedGramTimes(changed, d, y, portable), reference);
            Assert.True(difference <= 1e-12, $"rank {r}, portable {portable}: relative difference {difference:E3}");
        }
    }

    /// <summary>(c I + L'DL)^(-1) v, the matrix formed entry by entry and solved by MathNet's LU decomposition (independent of ours).</summary>
    private static double[] DenseSolve(Matrix l, double[] d, double c, double[] v)
    {
        int m = l.Rows, r = l.Columns;
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(r, r, (p, q) =>
        {
            double sum = p == q ? c : 0;
            for (int i = 0; i < m; i++) sum += d[i] * l[i, p] * l[i, q];
            return sum;
        });
        return a.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(v)).ToArray();
    }

    /// <summary>An m x r Gaussian factor (entries N(0, 1/r)) and labels clamp(L u*, 0, 1) of a unit u*; seeded.</summary>
    private static (Matrix Factor, double[] Labels) PlantedFactor(int m, int r, int seed)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var data = new double[m * r];
        for (int i = 0; i < data.Length; i++) data[i] = Gaussian() / Math.Sqrt(r);
        var u = Enumerable.Range(0, r).Select(_ => Gaussian()).ToArray();
        double norm = Math.Sqrt(u.Sum(x => x * x));
        var labels = new double[m];
        for (int i = 0; i < m; i++)
        {
            double p = 0;
            for (int j = 0; j < r; j++) p += data[i * r + j] * u[j] / norm;
            labels[i] = Math.Clamp(p + 0.1 * Gaussian(), 0, 1);
        }
        return (Matrix.Create(m, r, data), labels);
    }

    private static double RelativeDifference(double[] a, double[] b)
        => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum()) / Math.Sqrt(b.Sum(y => y * y));

    /// <summary>
    /// M = A A' / n * 12 + I (n = 300, eigenvalues from 1 to about 5, seed 21): the single-precision solve alone is off by about
    /// eps_single (residual above 1e-9), the refined one meets <see cref="MixedPrecisionFactor.RefinementTolerance"/>
    /// (residual at most 1e-11 relative to ||b||, against the exact double product); b = 0 gives x = 0; NaN above the diagonal
    /// gives the same solve (only the lower triangle is read).
    /// </summary>
    [Fact]
    public void A_refined_single_precision_solve_has_double_accuracy_on_a_well_conditioned_matrix()
    {
        if (!GramEngine.NativeAvailable) return; // spotrf / strsv through OpenBLAS only
        const int n = 300;
        var (m, multiply) = Spd(n, seed: 21, smallest: 1.0);
        var factor = MixedPrecisionFactor.TryFactor(Single(m, n), n);
        Assert.NotNull(factor);
        var b = new double[n];
        var rng = new Random(22);
        for (int i = 0; i < n; i++) b[i] = rng.NextDouble() - 0.5;
        var refined = factor!.Solve(b, multiply);
        var raw = factor.Solve(b, multiply, refine: false);
        Assert.NotNull(refined);
        double refinedResidual = Residual(multiply, refined!, b), rawResidual = Residual(multiply, raw!, b);
        Assert.True(refinedResidual <= MixedPrecisionFactor.RefinementTolerance, $"refined residual {refinedResidual:E3}");
        Assert.True(rawResidual > 1e-9 && rawResidual < 1e-5, $"single-precision residual {rawResidual:E3}");
        Assert.All(factor.Solve(new double[n], multiply)!, v => Assert.Equal(0.0, v));
        // the tolerance is relative to ||b||: the same right-hand side a million times smaller is solved as accurately
        var tiny = b.Select(v => v * 1e-6).ToArray();
        Assert.True(Residual(multiply, factor.Solve(tiny, multiply)!, tiny) <= MixedPrecisionFactor.RefinementTolerance);
        // only the lower triangle is read (KernelCoordinates fills no other): NaN above the diagonal changes nothing
        var lowerOnly = MixedPrecisionFactor.TryFactor(Single(m, n, aboveDiagonal: double.NaN), n);
        Assert.NotNull(lowerOnly);
        Assert.Equal(refined, lowerOnly!.Solve(b, multiply));
    }

    /// <summary>
    /// A condition number of about 6e6 (M = A A' / k * 12 + 1e-6 I with A of rank n / 2: eigenvalues from 1e-6 to about 6):
    /// the single-precision factor exists, but cond(M) eps_single is near 1/3 with half the spectrum at 1e-6, and refinement
    /// alone stops short (before conjugate gradients were added this solve returned null); the preconditioned conjugate
    /// gradients that follow it reach <see cref="MixedPrecisionFactor.StalledTolerance"/>. A factor of another matrix (the
    /// well-conditioned one of seed 21) used against this M fails both within their step limits and the solve reports it with
    /// null (the caller then factors in double). A matrix with a negative eigenvalue has no single-precision factor.
    /// </summary>
    [Fact]
    public void Conjugate_gradients_finish_an_ill_conditioned_solve_and_a_mismatched_factor_is_reported()
    {
        if (!GramEngine.NativeAvailable) return;
        const int n = 200;
        var (ill, multiply) = Spd(n, seed: 23, smallest: 1e-6, rankOfA: n / 2);
        var factor = MixedPrecisionFactor.TryFactor(Single(ill, n), n);
        Assert.NotNull(factor);
        var b = new double[n];
        var rng = new Random(24);
        for (int i = 0; i < n; i++) b[i] = rng.NextDouble() - 0.5;
        var x = factor!.Solve(b, multiply);
        Assert.NotNull(x);
        double residual = Residual(multiply, x!, b);
        output.WriteLine($"ill-conditioned: residual {residual:E3}");
        Assert.True(residual <= MixedPrecisionFactor.StalledTolerance, $"residual {residual:E3}");
        var (other, _) = Spd(n, seed: 21, smallest: 1.0);
        var mismatched = MixedPrecisionFactor.TryFactor(Single(other, n), n);
        Assert.Null(mismatched!.Solve(b, multiply));
        var indefinite = new double[n * n];
        for (int i = 0; i < n; i++) indefinite[i * n + i] = i == n / 2 ? -1.0 : 1.0;
        Assert.Null(MixedPrecisionFactor.TryFactor(Single(indefinite, n), n));
    }

    /// <summary>
    /// M = V diag(lambda) V' (n = 120, V orthogonal) with a few small eigenvalues among the others in [1, 5]; the solve must reach
    /// <see cref="MixedPrecisionFactor.StalledTolerance"/>, which refinement alone does not:
    /// <list type="bullet">
    /// <item>seed 25, three eigenvalues of 1e-6 (cond(M) 5e6, cond eps_single about 0.3): six refinement steps contract too slowly,
    /// and conjugate gradients preconditioned by the single-precision factor, whose spectrum has three outliers, finish (without
    /// them the solve returns null, as before they existed);</item>
    /// <item>seed 26, eight eigenvalues spread over [1e-7, 1e-6]: the single-precision factor is off by about as much as these, so
    /// its preconditioned spectrum has eight outliers spread far from 1, and conjugate gradients need their conjugate directions
    /// to resolve them within 24 steps: with beta = 0 (preconditioned steepest descent) this solve returns null (checked by hand;
    /// from [2e-7, 2e-6] on, steepest descent succeeds too). Its accepted residuals were 6.6e-10 (OpenBLAS Haswell kernels) and
    /// 8.5e-10 (SkylakeX, and this machine's default): the floor of the double product is near the tolerance here.</item>
    /// </list>
    /// </summary>
    [Theory]
    [InlineData(25, 3, 1e-6, 0.0)]
    [InlineData(26, 8, 1e-7, 1.0)]
    public void Conjugate_gradients_finish_solves_that_refinement_leaves_short(int seed, int small, double smallest, double decades)
    {
        if (!GramEngine.NativeAvailable) return;
        const int n = 120;
        var rng = new Random(seed);
        var (m, multiply) = Spectral(n, rng, i => i < small ? smallest * Math.Pow(10, decades * i / (small - 1)) : 1 + 4 * rng.NextDouble());
        var factor = MixedPrecisionFactor.TryFactor(Single(m, n), n);
        Assert.NotNull(factor);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var x = factor!.Solve(b, multiply);
        Assert.NotNull(x);
        double residual = Residual(multiply, x!, b);
        output.WriteLine($"seed {seed}: residual {residual:E3}");
        Assert.True(residual <= MixedPrecisionFactor.StalledTolerance, $"residual {residual:E3}");
    }

    /// <summary>M = V diag(lambda_i) V' (V orthogonal from Gram-Schmidt, twice, on a matrix drawn from <paramref name="rng"/>), row-major and symmetric, and x -> M x.</summary>
    private static (double[] Matrix, Func<double[], double[]> Multiply) Spectral(int n, Random rng, Func<int, double> eigenvalue)
    {
        var v = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var column = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < i; j++)
                {
                    double dot = 0;
                    for (int t = 0; t < n; t++) dot += column[t] * v[j][t];
                    for (int t = 0; t < n; t++) column[t] -= dot * v[j][t];
                }
            double norm = Math.Sqrt(column.Sum(c => c * c));
            v[i] = column.Select(c => c / norm).ToArray();
        }
        var lambda = Enumerable.Range(0, n).Select(eigenvalue).ToArray();
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += v[k][i] * lambda[k] * v[k][j];
                m[i * n + j] = m[j * n + i] = sum;
            }
        return (m, Product(m, n));
    }

    /// <summary>x -> M x in double for the row-major n x n matrix M.</summary>
    private static Func<double[], double[]> Product(double[] m, int n) => x =>
    {
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += m[i * n + j] * x[j];
            y[i] = sum;
        }
        return y;
    };

    /// <summary>M = 12 A A' / k + smallest I with A n x k (k = rankOfA, default n; entries uniform in [-1/2, 1/2)), row-major, and x -> M x in double.</summary>
    private static (double[] Matrix, Func<double[], double[]> Multiply) Spd(int n, int seed, double smallest, int? rankOfA = null)
    {
        int k = rankOfA ?? n;
        var rng = new Random(seed);
        var a = new double[n * k];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int t = 0; t < k; t++) dot += a[i * k + t] * a[j * k + t];
                m[i * n + j] = dot / k * 12 + (i == j ? smallest : 0);
            }
        return (m, Product(m, n));
    }

    /// <summary>
    /// The n x n floats of <paramref name="m"/> in the storage of a double array, as the m-space Newton buffer holds them; with
    /// <paramref name="aboveDiagonal"/>, every entry above the diagonal is that value instead.
    /// </summary>
    private static double[] Single(double[] m, int n, double? aboveDiagonal = null)
    {
        var storage = new double[(n * n + 1) / 2];
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<double, float>(storage.AsSpan());
        for (int i = 0; i < n * n; i++) floats[i] = aboveDiagonal is { } v && i % n > i / n ? (float)v : (float)m[i];
        return storage;
    }

    private static double Residual(Func<double[], double[]> multiply, double[] x, double[] b)
    {
        var mx = multiply(x);
        double r = 0, nb = 0;
        for (int i = 0; i < b.Length; i++) { r += (b[i] - mx[i]) * (b[i] - mx[i]); nb += b[i] * b[i]; }
        return Math.Sqrt(r / nb);
    }
}
