using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Properties.Scale;

/// <summary>
/// S-lowrank: Nystroem factors and incomplete pivoted Cholesky reproduce the kernel within their reported residual trace,
/// equal it with every point as a landmark, and the program on the factor gives the exact program's objective at full rank
/// within the two certificates' gaps.
/// </summary>
[Properties(Arbitrary = new[] { typeof(ScaleArbitraries) })]
public sealed class SLowRank_Properties
{
    private static Matrix Gram(LowRankCase c, out Core.Geometry.PointSet points)
    {
        points = c.Spec.Sample().Points;
        return GramEngine.Gram(new Kernel.Multinomial(c.Spec.Degree), points);
    }

    [Property(MaxTest = 30)]
    public Property Nystroem_factor_reproduces_K_within_its_reported_residual_trace(LowRankCase c)
    {
        var k = Gram(c, out var points);
        var factor = Nystroem.Factor(new Kernel.Multinomial(c.Spec.Degree), points, c.Rank, c.Method, c.Spec.Seed);
        int m = points.Count;
        double traceK = 0, frob = 0, worst = 0, minResidualDiagonal = double.PositiveInfinity;
        for (int i = 0; i < m; i++)
        {
            traceK += k[i, i];
            var li = factor.Factor.Row(i);
            frob += System.Numerics.Tensors.TensorPrimitives.Dot(li, li);
            for (int j = 0; j < m; j++)
                worst = Math.Max(worst, Math.Abs(k[i, j] - System.Numerics.Tensors.TensorPrimitives.Dot(li, factor.Factor.Row(j))));
            minResidualDiagonal = Math.Min(minResidualDiagonal, k[i, i] - System.Numerics.Tensors.TensorPrimitives.Dot(li, li));
        }
        bool traceMatches = Math.Abs(factor.ResidualTrace - (traceK - frob)) <= TestTolerances.FactorRounding * m;
        return (traceMatches && worst <= factor.ResidualTrace + TestTolerances.FactorRounding && minResidualDiagonal >= -TestTolerances.FactorRounding
                && factor.Rank >= 1 && factor.Rank <= Math.Min(c.Rank, m))
            .Classify(factor.Rank < Math.Min(c.Rank, m), "dependent landmarks dropped")
            .Classify(factor.ResidualTrace < 1e-8 * traceK, "factor exact to 1e-8")
            .Label($"{c.Method.Name} r = {factor.Rank}: residual trace {factor.ResidualTrace:E3}, trace K - ||L||^2 {traceK - frob:E3}, max |K - LL'| {worst:E3}, min residual diagonal {minResidualDiagonal:E3}");
    }

    [Property(MaxTest = 30)]
    public Property Pivoted_Cholesky_without_K_is_exact_on_its_pivots_and_reports_its_residual(LowRankCase c)
    {
        // ties among equal diagonal entries (all d + 1 on the sphere) may be broken differently from the Gram-based version,
        // whose entries round differently: the claim is about the factor itself. Its pivot columns are exact (K_{:,p} = L L_p'),
        // its residual trace is trace K - ||L||_F^2, and K - LL' is bounded entrywise by that trace.
        var k = Gram(c, out var points);
        var factor = KernelPivotedCholesky.Factor(new Kernel.Multinomial(c.Spec.Degree), points, 0, c.Rank);
        int m = points.Count;
        double pivotError = 0, worst = 0, traceK = 0, frob = 0;
        for (int i = 0; i < m; i++)
        {
            var li = factor.Factor.Row(i);
            traceK += k[i, i];
            frob += System.Numerics.Tensors.TensorPrimitives.Dot(li, li);
            for (int j = 0; j < m; j++)
            {
                double e = Math.Abs(k[i, j] - System.Numerics.Tensors.TensorPrimitives.Dot(li, factor.Factor.Row(j)));
                worst = Math.Max(worst, e);
                if (factor.Pivots.Contains(j)) pivotError = Math.Max(pivotError, e);
            }
        }
        return (pivotError <= TestTolerances.FactorRounding && worst <= factor.ResidualTrace + TestTolerances.FactorRounding
                && Math.Abs(factor.ResidualTrace - (traceK - frob)) <= TestTolerances.FactorRounding * m && factor.Rank <= Math.Min(c.Rank, m))
            .Label($"r = {factor.Rank}: pivot-column error {pivotError:E3}, max |K - LL'| {worst:E3}, residual {factor.ResidualTrace:E3}, trace K - ||L||^2 {traceK - frob:E3}");
    }

    [Property(MaxTest = 30)]
    public Property Nystroem_with_every_point_as_landmark_equals_the_exact_kernel(LowRankCase c)
    {
        var k = Gram(c, out var points);
        var factor = Nystroem.Fit(new Kernel.Multinomial(c.Spec.Degree), points, points);
        int m = points.Count;
        double worst = 0, scale = 0;
        for (int i = 0; i < m; i++)
        {
            scale = Math.Max(scale, k[i, i]);
            for (int j = 0; j < m; j++)
                worst = Math.Max(worst, Math.Abs(k[i, j] - System.Numerics.Tensors.TensorPrimitives.Dot(factor.Factor.Row(i), factor.Factor.Row(j))));
        }
        return (worst <= TestTolerances.FullLandmarkRelative * scale).Label($"max |K - LL'| = {worst:E3} (largest diagonal {scale:G4}, jitter {factor.Jitter:E2})");
    }

    [Property(MaxTest = 25)]
    public Property Full_rank_factor_program_gives_the_exact_objective_within_both_certificates(LowRankCase c)
    {
        var sample = c.Spec.Sample();
        var exact = c.Spec.Program(sample, ProgramTask.Reliable, new Loss.Square());
        var factor = PivotedCholesky.Factor(exact.Gram, 0);
        var program = FactorProgram.From(factor, sample.Labels, ProgramTask.Reliable, c.Spec.NormBound, c.Spec.Threshold, new Loss.Square());
        var e = ReliableSolver.Solve(exact);
        var f = ReliableSolver.Solve(program);
        bool sound = e.Exit != ExitCondition.Infeasible && f.Exit != ExitCondition.Infeasible;
        double allowed = Math.Max(e.DualityGap, 0) + Math.Max(f.DualityGap, 0) + TestTolerances.FullRankSensitivity * Math.Max(1, Math.Abs(e.Objective));
        return (sound && Math.Abs(e.Objective - f.Objective) <= allowed && f.Coefficients.Length == factor.Rank && f.NewtonSystem == NewtonSystemKind.LowRank)
            .Classify(f.Exit == ExitCondition.Converged, "factor solve converged")
            .Label($"exact {e.Exit} {e.Objective:R} gap {e.DualityGap:E2}; factor (r = {factor.Rank}, residual {factor.ResidualTrace:E2}) {f.Exit} {f.Objective:R} gap {f.DualityGap:E2}");
    }

    [Property(MaxTest = 25)]
    public Property Low_rank_certificate_is_sound_for_the_approximated_program(LowRankCase c)
    {
        // f = 0 is feasible (tau_c >= 0): weak duality puts the factor program's dual bound below the zero function's objective,
        // and the returned point is feasible for K~ with ||u||^2 <= B and predictions L u
        var sample = c.Spec.Sample();
        var factor = Nystroem.Factor(new Kernel.Multinomial(c.Spec.Degree), sample.Points, c.Rank, c.Method, c.Spec.Seed);
        var program = new FactorProgram(factor.Factor, sample.Labels, ProgramTask.Reliable, c.Spec.NormBound, c.Spec.Threshold, new Loss.Square(), factor.ResidualTrace);
        var r = ReliableSolver.Solve(program);
        double zero = program.Objective(new double[program.Count]);
        var predictions = program.Predictions(r.Coefficients.AsSpan());
        double predictionError = predictions.Zip(r.Predictions, (a, b) => Math.Abs(a - b)).Max();
        double norm = r.Coefficients.Sum(v => v * v);
        return (r.DualBound <= zero + TestTolerances.DualBoundRounding && r.DualBound <= r.Objective + TestTolerances.DualBoundRounding && predictionError <= TestTolerances.FactorRounding
                && norm <= c.Spec.NormBound * (1 + TestTolerances.FactorRounding) && Math.Abs(norm - r.SquaredNorm) <= TestTolerances.FactorRounding * Math.Max(1, norm))
            .Classify(r.Exit == ExitCondition.Converged, "converged")
            .Label($"{r.Exit}: dual {r.DualBound:R}, objective {r.Objective:R}, f=0 objective {zero:R}, |Lu - f| {predictionError:E2}, ||u||^2 {norm:R}");
    }
}
