using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's program is convex and its certificate valid only for a symmetric positive semi-definite Gram matrix. An indefinite
/// K must be refused with an error naming the argument, the row or pivot, the offending value and the remedy, on both
/// backends and for every Newton system, before any LAPACK call; a PSD but singular K (zero, rank one) is solved.
/// </summary>
public sealed class T2_1_GramValidation_Checks
{
    private static IEnumerable<SolverOptions> EveryPath()
    {
        var backends = GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed];
        foreach (var backend in backends)
            foreach (var system in new[] { NewtonSystemKind.Auto, NewtonSystemKind.Dense, NewtonSystemKind.LowRank })
                yield return SolverOptions.Default with { Backend = backend, NewtonSystem = system };
    }

    private static KernelProgram Program(double[] gram, double[] labels, ProgramTask task = ProgramTask.Agnostic, double bound = 1)
        => new(Matrix.Create(labels.Length, labels.Length, gram), [.. labels], task, bound, 0.05, new Loss.Square());

    [Fact]
    public void Indefinite_diagonal_Gram_matrix_is_refused_not_certified()
    {
        // K = diag(1, -1), labels (2, 2), B = 1: alpha = (2, -2) gives f = (2, 2) and alpha'K alpha = 0 <= B, objective 0, so any
        // "certified" objective above 0 is false. The program is not convex; the solver must refuse it.
        var program = Program([1, 0, 0, -1], [2, 2]);
        foreach (var options in EveryPath())
        {
            var error = Assert.Throws<ArgumentException>(() => ReliableSolver.Solve(program, options));
            Assert.Equal("program", error.ParamName);
            Assert.Contains("not positive semi-definite", error.Message);
            Assert.Contains("row 1", error.Message);
            Assert.Contains("K[1,1] = -1 ", error.Message);
            Assert.Contains("use a PSD kernel or add jitter", error.Message);
        }
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 2, 1 }, "pivot 1", "-3")] // eigenvalues 3 and -1: the second pivot of K is 1 - 4 = -3
    [InlineData(new[] { 0.0, 1, 1, 0 }, "pivot 1", "-5E+11")] // zero diagonal: only the factorisation sees it (pivot -1/delta)
    public void Indefinite_Gram_matrix_with_a_non_negative_diagonal_is_refused_at_its_failing_pivot(double[] gram, string pivot, string value)
    {
        var program = Program(gram, [1, 0.5]);
        foreach (var options in EveryPath())
        {
            var error = Assert.Throws<ArgumentException>(() => ReliableSolver.Solve(program, options));
            Assert.Equal("program", error.ParamName);
            Assert.Contains(pivot, error.Message);
            Assert.Contains($"whose value is {value}", error.Message);
            Assert.Contains("use a PSD kernel or add jitter", error.Message);
        }
    }

    [Fact]
    public void The_budgeted_search_refuses_an_indefinite_Gram_matrix_after_checking_its_own_arguments()
    {
        // zero diagonal on an indefinite 2 x 2 block: the pivoted Cholesky stops at rank 1 with a complete factor, so the
        // search would otherwise run on L L' and never see the block; the remainder check refuses it (pivot 2 of K + delta I)
        var program = new KernelProgram(Matrix.Create(3, 3, [1, 0, 0, 0, 0, 0.5, 0, 0.5, 0]), [1.0, 0.5, 0], ProgramTask.Reliable, 1, 0.05,
            new Loss.Square());
        foreach (var options in EveryPath())
        {
            var error = Assert.Throws<ArgumentException>(() => ReliableSolver.SolveWithBudget(program, 0.1, options));
            Assert.Equal("program", error.ParamName);
            Assert.Contains("not positive semi-definite", error.Message);
            // the search's own arguments are checked first, before any factorisation of K
            Assert.Equal("budget", Assert.Throws<ArgumentException>(() => ReliableSolver.SolveWithBudget(program, -1, options)).ParamName);
        }
    }

    [Fact]
    public void A_verified_allowance_is_remembered_and_only_a_smaller_one_replaces_it()
    {
        var facts = new MatrixFacts();
        Assert.False(facts.PositiveSemidefinite);
        Assert.True(double.IsNaN(facts.Indefiniteness));
        facts.VerifiedPositiveSemidefinite(3e-10);
        Assert.True(facts.PositiveSemidefinite);
        Assert.Equal(3e-10, facts.Indefiniteness);
        facts.VerifiedPositiveSemidefinite(5e-10); // a looser proof of the same fact changes nothing
        Assert.Equal(3e-10, facts.Indefiniteness);
        facts.VerifiedPositiveSemidefinite(3e-10);
        Assert.Equal(3e-10, facts.Indefiniteness);
        facts.VerifiedPositiveSemidefinite(1e-10);
        Assert.Equal(1e-10, facts.Indefiniteness);
    }

    [Fact]
    public void Positive_semidefinite_singular_Gram_matrices_are_solved_on_every_path()
    {
        // K = 0 (a pivoted Cholesky of rank 0: r-space has nothing to work in, so the m-space system takes it) and K = 11'
        foreach (var options in EveryPath())
        {
            var zero = ReliableSolver.Solve(Program([0, 0, 0, 0], [1, 0]), options);
            Assert.Equal(ExitCondition.Converged, zero.Exit);
            Assert.Equal(NewtonSystemKind.Dense, zero.NewtonSystem);
            Assert.Equal(0.0, zero.GramAllowance); // the zero matrix is PSD as stored: nothing to charge
            Assert.Equal(0.5, zero.Objective, 12); // f = 0 whatever alpha: (1/2)((0 - 1)^2 + 0^2)
            var rankOne = ReliableSolver.Solve(Program([1, 1, 1, 1], [1, 0.5]), options);
            // the optimum f = (t, t) with t = 0.75 (the mean label) is inside the ball (t^2 / K_11 = 0.5625 <= 1): objective 1/16
            Assert.InRange(rankOne.Objective, 0.0625, 0.0625 + rankOne.DualityGap + 1e-15);
            if (options.NewtonSystem == NewtonSystemKind.Dense)
            {
                // m-space on a singular K: the certificate charges the proven allowance delta (lambda_min(K) >= -delta, here the
                // input check's shifted Cholesky: delta about 2e-12), sqrt(B delta) ||s|| = sqrt(2e-12 / 8) = 5e-7 at the optimum
                // s = (-1/4, 1/4), above the 1e-8 gap tolerance; the solve says so instead of claiming Converged
                Assert.Equal(ExitCondition.NumericalTrouble, rankOne.Exit);
                double s = Math.Sqrt(rankOne.DualMultipliers.Sum(v => v * v));
                Assert.InRange(rankOne.GramAllowance, 1e-12, 1e-11);
                Assert.InRange(rankOne.DualityGap, 0, 2 * Math.Sqrt(rankOne.GramAllowance) * s + 1e-8);
            }
            else
            {
                // r-space: the program on L L', PSD exactly, certified to the gap tolerance
                Assert.Equal(ExitCondition.Converged, rankOne.Exit);
                Assert.Equal(0.0, rankOne.GramAllowance);
            }
        }
    }

    [Fact]
    public void Gram_matrix_symmetric_to_rounding_is_symmetrised_and_an_asymmetric_one_is_refused()
    {
        // 1e-15 apart: rounding (Tolerances.GramSymmetry is 1e-12 of the largest entry); the program holds (K + K')/2
        var nearly = Program([1, 0.5 + 1e-15, 0.5, 1], [1, 0.5]);
        Assert.Equal(nearly.Gram[0, 1], nearly.Gram[1, 0]);
        Assert.Equal(0.5 * (0.5 + 1e-15 + 0.5), nearly.Gram[0, 1]);
        // 0.1 apart: no rounding explains it; the error names both entries
        var error = Assert.Throws<ArgumentException>(() => Program([1, 0.6, 0.5, 1], [1, 0.5]));
        Assert.Equal("gram", error.ParamName);
        Assert.Contains("gram[1,0] = 0.5 but gram[0,1] = 0.6", error.Message);
        // an exactly symmetric matrix is kept as given (no copy)
        var exact = Matrix.Create(2, 2, [1, 0.5, 0.5, 1]);
        Assert.Same(exact, new KernelProgram(exact, ImmutableArray.Create(1.0, 0.5), ProgramTask.Agnostic, 1, 0, new Loss.Square()).Gram);
    }

    /// <summary>
    /// The symmetry check reads K in 64 x 64 tiles: on a 150 x 150 matrix (three tiles a side) one asymmetric pair is found and
    /// named wherever it sits: in a tile far below the diagonal, on either side of a tile border, in the last row; without it
    /// the matrix is kept as given.
    /// </summary>
    [Theory]
    [InlineData(140, 3)]
    [InlineData(64, 63)]
    [InlineData(63, 62)]
    [InlineData(128, 64)]
    [InlineData(149, 148)]
    public void The_symmetry_check_finds_an_asymmetric_pair_in_any_tile(int row, int column)
    {
        const int m = 150;
        var gram = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) gram[i * m + j] = i == j ? 2 : 1.0 / (1 + i + j);
        var symmetric = Matrix.Create(m, m, gram);
        Assert.Same(symmetric, new KernelProgram(symmetric, [.. new double[m]], ProgramTask.Agnostic, 1, 0, new Loss.Square()).Gram);
        gram[row * m + column] += 0.25;
        var error = Assert.Throws<ArgumentException>(() => Program(gram, new double[m]));
        Assert.Contains($"gram[{row},{column}] = ", error.Message);
    }

    /// <summary>
    /// The largest entry that scales every check is one vectorised pass (TensorPrimitives.MaxMagnitude) whose result stands in
    /// for the entry-by-entry finiteness test: it must be NaN when any entry is NaN (wherever it sits, also after a larger
    /// infinite one), +infinity when one is infinite and none NaN, and max |K_ij| otherwise (a negative entry largest in
    /// magnitude included); a program over such a matrix still names the first entry that is not finite.
    /// </summary>
    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(70, double.NaN)]
    [InlineData(143, double.NaN)]
    [InlineData(5, double.PositiveInfinity)]
    [InlineData(99, double.NegativeInfinity)]
    public void The_largest_entry_is_not_finite_exactly_when_an_entry_is_not(int at, double value)
    {
        const int m = 12;
        var entries = new double[m * m];
        for (int i = 0; i < entries.Length; i++) entries[i] = (i % 7) - 3.5 + i * 1e-3;
        entries[77] = -9; // largest in magnitude, negative
        Assert.Equal(9, GramValidation.LargestEntry(Matrix.Create(m, m, entries)));
        entries[at] = value;
        if (double.IsNaN(value)) entries[(at + 3) % entries.Length] = double.PositiveInfinity; // NaN wins over an infinity anywhere
        double largest = GramValidation.LargestEntry(Matrix.Create(m, m, entries));
        if (double.IsNaN(value)) Assert.True(double.IsNaN(largest));
        else Assert.Equal(double.PositiveInfinity, largest);
        int first = Array.FindIndex(entries, v => !double.IsFinite(v));
        var error = Assert.Throws<ArgumentException>(() => Program(entries, new double[m]));
        Assert.Equal("gram", error.ParamName);
        Assert.StartsWith($"gram[{first}] is ", error.Message);
    }

    /// <summary>
    /// A Gram matrix from GramEngine is exactly symmetric by construction (its upper triangle is a copy of the lower one) and
    /// says so, so a program over it skips the O(m^2) symmetry pass: checked entry by entry here on both backends, with the
    /// largest entry remembered as computed; a matrix found exactly symmetric by the check is remembered as such too.
    /// </summary>
    [Fact]
    public void A_Gram_matrix_known_symmetric_is_symmetric_and_its_scale_is_remembered()
    {
        var points = ReluVerified.Core.Geometry.PointSet.FromRows(Enumerable.Range(0, 90).Select(i =>
            new[] { 0.5 * Math.Sin(i), 0.5 * Math.Cos(0.7 * i), 0.1 * (i % 5) }).ToList());
        var backends = GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed];
        foreach (var backend in backends)
        {
            var gram = GramEngine.Gram(new Kernel.Multinomial(3), points, backend);
            Assert.True(gram.Facts.ExactlySymmetric);
            for (int i = 0; i < gram.Rows; i++)
                for (int j = 0; j < i; j++) Assert.Equal(BitConverter.DoubleToInt64Bits(gram[i, j]), BitConverter.DoubleToInt64Bits(gram[j, i]));
            Assert.True(double.IsNaN(gram.Facts.LargestMagnitude));
            var program = new KernelProgram(gram, [.. new double[gram.Rows]], ProgramTask.Agnostic, 1, 0, new Loss.Square());
            Assert.Same(gram, program.Gram);
            double largest = 0;
            foreach (double v in gram.AsSpan()) largest = Math.Max(largest, Math.Abs(v));
            Assert.Equal(largest, gram.Facts.LargestMagnitude);
        }
        var given = Matrix.Create(2, 2, [1, 0.5, 0.5, 1]);
        Assert.False(given.Facts.ExactlySymmetric);
        _ = Program([1, 0.5, 0.5, 1], [1, 1]);
        _ = new KernelProgram(given, [1.0, 1.0], ProgramTask.Agnostic, 1, 0, new Loss.Square());
        Assert.True(given.Facts.ExactlySymmetric);
    }

    /// <summary>
    /// The rounding allowance scales with the largest entry (1e-12 max |K_ij|): on a 5 x 5 matrix with entries near 100, a pair
    /// 1e-11 apart (below 1e-10, above 1e-12 / 100) is accepted and symmetrised, entry by entry: that pair becomes its mean on
    /// both sides, every other entry is kept, and the result is recorded as exactly symmetric; a pair 1e-9 apart is refused.
    /// </summary>
    [Fact]
    public void The_symmetry_allowance_scales_with_the_largest_entry_and_only_the_asymmetric_pair_changes()
    {
        const int m = 5;
        var entries = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) entries[i * m + j] = i == j ? 100 : 10 + i + j + 0.125 * Math.Min(i, j);
        entries[3 * m + 1] += 1e-11;
        var program = Program(entries, new double[m]);
        double mean = 0.5 * (entries[3 * m + 1] + entries[1 * m + 3]);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double expected = (i, j) is (3, 1) or (1, 3) ? mean : entries[i * m + j];
                Assert.Equal(expected, program.Gram[i, j]);
            }
        Assert.True(program.Gram.Facts.ExactlySymmetric);
        entries[3 * m + 1] += 1e-9;
        var message = Assert.Throws<ArgumentException>(() => Program(entries, new double[m])).Message;
        Assert.Contains("is not symmetric", message);
        Assert.Contains("above the rounding allowance 1E-10 (Tolerances.GramSymmetry times the largest entry)", message);
        Assert.Contains("compute it with a symmetric kernel, or pass (K + K')/2", message);
        // two pairs equally far apart: the first in tile order (row by row within the tile) is named
        entries[3 * m + 1] = entries[1 * m + 3] + 0.5;
        entries[4 * m + 2] = entries[2 * m + 4] + 0.5;
        Assert.Contains("gram[3,1] = ", Assert.Throws<ArgumentException>(() => Program(entries, new double[m])).Message);
    }
}
