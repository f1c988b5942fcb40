using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.Learning;

/// <summary>
/// A kernel on a fixed set of rows, as <see cref="CrossValidatedSelection"/> needs it: the exact Gram matrix (T2.1) or a
/// Nystroem factor K ~ L L' (S-lowrank), computed once and restricted to the training rows and the held-out rows of
/// each fold.
/// </summary>
internal abstract record KernelSpace
{
    /// <summary>The exact Gram matrix of <paramref name="points"/>, or their Nystroem factor when <paramref name="lowRank"/> is given.</summary>
    public static KernelSpace Of(Kernel kernel, PointSet points, LowRankSettings? lowRank, int seed, ComputeBackend backend, CancellationToken cancellationToken)
    {
        if (lowRank is null) return new Exact(points, GramEngine.Gram(kernel, points, backend, cancellationToken));
        int rank = Math.Min(lowRank.Rank, points.Count);
        // uniform landmarks: the first r rows of the seeded content-hash order, as KernelLearner takes them
        var factor = lowRank.Landmarks is LandmarkMethod.Uniform
            ? Nystroem.Fit(kernel, points, points.Select(Enumerable.Range(0, rank).ToArray()), backend, null, cancellationToken)
            : Nystroem.Factor(kernel, points, rank, lowRank.Landmarks, seed, backend, null, cancellationToken);
        var diagonal = Enumerable.Range(0, points.Count).Select(i => kernel.Diagonal(points[i])).ToArray();
        return new Factored(factor, diagonal, KernelLearner.Report(kernel, points, factor, lowRank.Landmarks.Name));
    }

    /// <summary>The space restricted to the rows <paramref name="train"/> (solved on) and <paramref name="held"/> (scored).</summary>
    public abstract Restricted Restrict(int[] train, int[] held);

    /// <summary>The hypothesis's support and coefficients for program coefficients on all rows.</summary>
    public abstract (PointSet Support, ImmutableArray<double> Coefficients) Hypothesis(ReadOnlySpan<double> coefficients);

    /// <summary>The S-lowrank report on all rows (null for the exact kernel).</summary>
    public abstract LowRankReport? LowRankReport { get; }

    /// <summary>The kernel on one fold's training and held-out rows.</summary>
    internal abstract record Restricted
    {
        /// <summary>Solves the (penalised when lambda is finite) reliable program on the training rows, from a cold start or <paramref name="warm"/>.</summary>
        public abstract SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null);

        /// <summary>The scores f(x) of the held-out rows for the solver's coefficients.</summary>
        public abstract double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend);
    }

    private sealed record Exact(PointSet Points, Matrix Gram) : KernelSpace
    {
        public override Restricted Restrict(int[] train, int[] held)
        {
            var inner = train.Length == Points.Count ? Gram : Matrix.Build(train.Length, train.Length, (i, j) => Gram[train[i], train[j]]);
            var cross = Matrix.Build(held.Length, train.Length, (i, j) => Gram[held[i], train[j]]);
            return new ExactRows(inner, cross);
        }

        public override (PointSet Support, ImmutableArray<double> Coefficients) Hypothesis(ReadOnlySpan<double> coefficients) => (Points, [.. coefficients]);

        public override LowRankReport? LowRankReport => null;
    }

    private sealed record ExactRows(Matrix Inner, Matrix Cross) : Restricted
    {
        public override SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null)
        {
            var program = new KernelProgram(Inner, labels, settings.Task, bound, settings.ConstraintLevel, settings.Loss, weights);
            if (!double.IsPositiveInfinity(penalty)) program = program.WithZeroPenalty(penalty);
            return ReliableSolver.Solve(program, settings.Solver, warm, null, cancellationToken);
        }

        public override double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend)
            => Cross.Rows == 0 ? [] : GramEngine.MatVec(Cross, coefficients, backend);
    }

    private sealed record Factored(NystroemFactor Factor, double[] Diagonal, LowRankReport Report) : KernelSpace
    {
        public override Restricted Restrict(int[] train, int[] held)
        {
            var l = Factor.Factor;
            double residual = 0;
            foreach (int i in train) residual += Math.Max(0, Diagonal[i] - TensorPrimitives.Dot(l.Row(i), l.Row(i)));
            var inner = train.Length == l.Rows ? l : Matrix.Build(train.Length, l.Columns, (i, j) => l[train[i], j]);
            var cross = Matrix.Build(held.Length, l.Columns, (i, j) => l[held[i], j]);
            return new FactorRows(inner, cross, residual);
        }

        public override (PointSet Support, ImmutableArray<double> Coefficients) Hypothesis(ReadOnlySpan<double> coefficients)
            => (Factor.Landmarks, [.. Factor.LandmarkCoefficients(coefficients)]);

        public override LowRankReport? LowRankReport => Report;
    }

    private sealed record FactorRows(Matrix Inner, Matrix Cross, double ResidualTrace) : Restricted
    {
        public override SolverResult Solve(ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings, double bound,
            double penalty, CancellationToken cancellationToken, WarmStart? warm = null)
        {
            var program = new FactorProgram(Inner, labels, settings.Task, bound, settings.ConstraintLevel, settings.Loss, ResidualTrace, weights);
            if (!double.IsPositiveInfinity(penalty)) program = program.WithZeroPenalty(penalty);
            return ReliableSolver.Solve(program, settings.Solver, warm, null, cancellationToken);
        }

        public override double[] HeldOutScores(ReadOnlySpan<double> coefficients, ComputeBackend backend)
        {
            var scores = new double[Cross.Rows];
            for (int i = 0; i < scores.Length; i++) scores[i] = TensorPrimitives.Dot(Cross.Row(i), coefficients);
            return scores;
        }
    }
}
