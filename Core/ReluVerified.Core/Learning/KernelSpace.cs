using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Hypotheses;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.Learning;

/// <summary>
/// A kernel on a fixed set of rows, the one source of programs for <see cref="KernelLearner"/> and
/// <see cref="CrossValidatedSelection"/>: the exact Gram matrix (T2.1) or a Nystroem factor K ~ L L' (S-lowrank),
/// computed once and then either restricted to the training rows and held-out rows of a fold (<see cref="Restrict"/>) or
/// used on all its rows with held-out points outside it (<see cref="Whole"/>).
/// </summary>
internal abstract record KernelSpace
{
    /// <summary>
    /// The exact Gram matrix of <paramref name="points"/>, or their Nystroem factor when <paramref name="lowRank"/> is given
    /// (<paramref name="rowsDone"/>, when given, hears how many factor rows are done).
    /// </summary>
    public static KernelSpace Of(Kernel kernel, PointSet points, LowRankSettings? lowRank, int seed, ComputeBackend backend, CancellationToken cancellationToken,
        IProgress<int>? rowsDone = null)
    {
        if (lowRank is null) return new Exact(kernel, points, GramEngine.Gram(kernel, points, backend, cancellationToken));
        int rank = Math.Min(lowRank.Rank, points.Count);
        // uniform landmarks: the first r rows of the canonical order (Core/ReluVerified.Core/Geometry/RowOrder.cs), a seeded
        // uniform sample that does not depend on row order and that a stream over the rows finds too
        // (Core/ReluVerified.Core/LowRank/StreamingNystroem.cs)
        var factor = lowRank.Landmarks is LandmarkMethod.Uniform
            ? Nystroem.Fit(kernel, points, points.Select(Enumerable.Range(0, rank).ToArray()), backend, rowsDone, cancellationToken)
            : Nystroem.Factor(kernel, points, rank, lowRank.Landmarks, seed, backend, rowsDone, cancellationToken);
        var diagonal = Enumerable.Range(0, points.Count).Select(i => kernel.Diagonal(points[i])).ToArray();
        return new Factored(factor, diagonal, KernelLearner.Report(kernel, points, factor, lowRank.Landmarks.Name));
    }

    /// <summary>
    /// A Nystroem factor computed elsewhere (e.g. by a stream over a file) with its S-lowrank report. Without the rows'
    /// kernel diagonal it supports <see cref="Whole"/> only.
    /// </summary>
    public static KernelSpace OfFactor(NystroemFactor factor, LowRankReport report) => new Factored(factor, null, report);

    /// <summary>
    /// A Nystroem factor whose rows are seen through <see cref="IFactorRows"/> (e.g. held by a cluster's shards), with its
    /// S-lowrank report: <see cref="Whole"/> only, like <see cref="OfFactor"/>.
    /// </summary>
    public static KernelSpace OfRows(NystroemRows factor, LowRankReport report) => new RowsElsewhere(factor, report);

    /// <summary>The space restricted to the rows <paramref name="train"/> (solved on) and <paramref name="held"/> (scored).</summary>
    public abstract Restricted Restrict(int[] train, int[] held);

    /// <summary>
    /// The space on all its rows (solved on), scoring <paramref name="heldOut"/>, points outside it (none when null): the
    /// exact kernel forms their cross matrix here, once for every solve.
    /// </summary>
    public abstract Restricted Whole(PointSet? heldOut, ComputeBackend backend, CancellationToken cancellationToken);

    /// <summary>The hypothesis's support and coefficients for program coefficients on all rows.</summary>
    public abstract (PointSet Support, ImmutableArray<double> Coefficients) Hypothesis(ReadOnlySpan<double> coefficients);

    /// <summary>The S-lowrank report on all rows (null for the exact kernel).</summary>
    public abstract LowRankReport? LowRankReport { get; }

    /// <summary>The kernel on one fold's training and held-out rows.</summary>
    internal abstract record Restricted
    {
        /// <summary>
        /// Solves the (penalised when lambda is finite) program of the settings' task on the training rows, from a cold
        /// start or <paramref name="warm"/>; <paramref name="progress"/>, when given, hears every iteration.
        /// </summary>
        public abstract SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null, IProgress<SolverIteration>? progress = null);

        /// <summary>The scores f(x) of the held-out rows for the solver's coefficients.</summary>
        public abstract double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend, CancellationToken cancellationToken = default);
    }

    private sealed record Exact(Kernel Kernel, PointSet Points, Matrix Gram) : KernelSpace
    {
        public override Restricted Restrict(int[] train, int[] held)
        {
            var inner = train.Length == Points.Count ? Gram : Matrix.Build(train.Length, train.Length, (i, j) => Gram[train[i], train[j]]);
            var cross = Matrix.Build(held.Length, train.Length, (i, j) => Gram[held[i], train[j]]);
            return new ExactRows(inner, cross);
        }

        public override Restricted Whole(PointSet? heldOut, ComputeBackend backend, CancellationToken cancellationToken)
            => new ExactRows(Gram, heldOut is null
                ? Matrix.Build(0, Points.Count, (_, _) => 0)
                : GramEngine.Cross(Kernel, heldOut, Points, backend, cancellationToken));

        public override (PointSet Support, ImmutableArray<double> Coefficients) Hypothesis(ReadOnlySpan<double> coefficients) => (Points, [.. coefficients]);

        public override LowRankReport? LowRankReport => null;
    }

    private sealed record ExactRows(Matrix Inner, Matrix Cross) : Restricted
    {
        public override SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null, IProgress<SolverIteration>? progress = null)
        {
            var program = new KernelProgram(Inner, labels, settings.Task, bound, settings.ConstraintLevel, settings.Loss, weights);
            if (!double.IsPositiveInfinity(penalty)) program = program.WithZeroPenalty(penalty);
            return ReliableSolver.Solve(program, settings.Solver, warm, progress, cancellationToken);
        }

        public override double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend, CancellationToken cancellationToken = default)
            => Cross.Rows == 0 ? [] : GramEngine.MatVec(Cross, coefficients, backend);
    }

    /// <summary>A factor; <paramref name="Diagonal"/> (k(x_i, x_i) per row) is null for a factor computed elsewhere.</summary>
    private sealed record Factored(NystroemFactor Factor, double[]? Diagonal, LowRankReport Report) : KernelSpace
    {
        public override Restricted Restrict(int[] train, int[] held)
        {
            var diagonal = Diagonal ?? throw new InvalidOperationException("a factor computed elsewhere has no kernel diagonal to restrict with.");
            var l = Factor.Factor;
            double residual = 0;
            foreach (int i in train) residual += Math.Max(0, diagonal[i] - TensorPrimitives.Dot(l.Row(i), l.Row(i)));
            var inner = train.Length == l.Rows ? l : Matrix.Build(train.Length, l.Columns, (i, j) => l[train[i], j]);
            var cross = Matrix.Build(held.Length, l.Columns, (i, j) => l[held[i], j]);
            return new FactorRows(inner, cross, residual);
        }

        // all rows: the factor itself and its own residual trace, which Nystroem sums over the rows in the same order as
        // Restrict would
        public override Restricted Whole(PointSet? heldOut, ComputeBackend backend, CancellationToken cancellationToken)
            => new FactorOutside(Factor, heldOut);

        public override (PointSet Support, ImmutableArray<double> Coefficients) Hypothesis(ReadOnlySpan<double> coefficients)
            => (Factor.Landmarks, [.. Factor.LandmarkCoefficients(coefficients)]);

        public override LowRankReport? LowRankReport => Report;
    }

    /// <summary>A factor behind <see cref="IFactorRows"/>: solved on all its rows, scoring outside points through the landmarks.</summary>
    private sealed record RowsElsewhere(NystroemRows Factor, LowRankReport Report) : KernelSpace
    {
        public override Restricted Restrict(int[] train, int[] held)
            => throw new InvalidOperationException("a factor whose rows are held elsewhere is solved on all its rows only.");

        public override Restricted Whole(PointSet? heldOut, ComputeBackend backend, CancellationToken cancellationToken) => new RowsOutside(Factor, heldOut);

        public override (PointSet Support, ImmutableArray<double> Coefficients) Hypothesis(ReadOnlySpan<double> coefficients)
            => (Factor.Landmarks, [.. Factor.LandmarkCoefficients(coefficients)]);

        public override LowRankReport? LowRankReport => Report;
    }

    /// <summary>All rows of a factor behind <see cref="IFactorRows"/>, scoring points outside it through the landmark expansion.</summary>
    private sealed record RowsOutside(NystroemRows Factor, PointSet? HeldOut) : Restricted
    {
        public override SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null, IProgress<SolverIteration>? progress = null)
        {
            var program = new FactorProgram(Factor.Rows, labels, settings.Task, bound, settings.ConstraintLevel, settings.Loss, Factor.ResidualTrace, weights);
            if (!double.IsPositiveInfinity(penalty)) program = program.WithZeroPenalty(penalty);
            return ReliableSolver.Solve(program, settings.Solver, warm, progress, cancellationToken);
        }

        public override double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend, CancellationToken cancellationToken = default)
            => HeldOut is null ? [] : KernelHypothesis.ScoresOf(Factor.Kernel, Factor.Landmarks, Factor.LandmarkCoefficients(coefficients), HeldOut, backend, cancellationToken);
    }

    private static SolverResult SolveFactor(Matrix factor, double residualTrace, ImmutableArray<double> labels, ImmutableArray<double> weights,
        LearnerSettings settings, double bound, double penalty, CancellationToken cancellationToken, WarmStart? warm, IProgress<SolverIteration>? progress)
    {
        var program = new FactorProgram(factor, labels, settings.Task, bound, settings.ConstraintLevel, settings.Loss, residualTrace, weights);
        if (!double.IsPositiveInfinity(penalty)) program = program.WithZeroPenalty(penalty);
        return ReliableSolver.Solve(program, settings.Solver, warm, progress, cancellationToken);
    }

    private sealed record FactorRows(Matrix Inner, Matrix Cross, double ResidualTrace) : Restricted
    {
        public override SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null, IProgress<SolverIteration>? progress = null)
            => SolveFactor(Inner, ResidualTrace, labels, weights, settings, bound, penalty, cancellationToken, warm, progress);

        public override double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend, CancellationToken cancellationToken = default)
        {
            var scores = new double[Cross.Rows];
            for (int i = 0; i < scores.Length; i++) scores[i] = TensorPrimitives.Dot(Cross.Row(i), coefficients);
            return scores;
        }
    }

    /// <summary>The whole factor, scoring points outside it through the landmark expansion of the solution.</summary>
    private sealed record FactorOutside(NystroemFactor Factor, PointSet? HeldOut) : Restricted
    {
        public override SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null, IProgress<SolverIteration>? progress = null)
            => SolveFactor(Factor.Factor, Factor.ResidualTrace, labels, weights, settings, bound, penalty, cancellationToken, warm, progress);

        public override double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend, CancellationToken cancellationToken = default)
            => HeldOut is null ? [] : KernelHypothesis.ScoresOf(Factor.Kernel, Factor.Landmarks, Factor.LandmarkCoefficients(coefficients), HeldOut, backend, cancellationToken);
    }
}
