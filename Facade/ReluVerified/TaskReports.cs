using System.Collections.Immutable;
using ReluVerified.Core.Approximation;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Optimization;
using ReluVerified.Core.Regression;

namespace ReluVerified;

/// <summary>
/// Builds the <see cref="FitReport"/> of each task: the parameters used, the certificate, and what the theorem behind the
/// task (T2.1, R2.2, T2.3, T2.4, T2.6) would use at this eps, from the certified approximation table and its gadget algebra.
/// </summary>
internal static class TaskReports
{
    /// <summary>Largest number of coefficients a polynomial report lists (largest magnitudes first).</summary>
    private const int ReportedCoefficients = 20;

    internal static FitReport Kernel(ReliableReluOptions options, LearnerSettings settings, LearnerFit fit)
    {
        var (lipschitz, lossBound) = settings.LossConstants();
        var theory = Theory(options, fit.ConstraintLevel);
        double? theorySamples = theory is { Weight: double w }
            ? TheoremGuarantee.For(fit.FitCount, theory.Value.Degree, w, fit.ConstraintLevel, 2 * fit.ConstraintLevel,
                settings.Delta, lipschitz, lossBound).RequiredSamples(settings.Epsilon)
            : null;
        var g = fit.Guarantee;
        bool calibrated = fit.Calibration?.Succeeded == true;
        string theoryText = g.Describe(settings.Epsilon);
        string target = options.Task switch
        {
            ReluTask.Depth2Agnostic => "best depth-2 network's loss",
            ReluTask.Leaky => "best leaky ReLU's loss (any slope)",
            ReluTask.MaxAffine => "best max-k-affine function's loss",
            ReluTask.Polynomial => "best polynomial's loss (degree d, weight B)",
            _ => "best ReLU's loss",
        };
        var statement = settings.Task == ProgramTask.Agnostic
            ? $"Rademacher bound, probability >= {1 - settings.Delta:G4} over {fit.FitCount} training rows: loss <= {target} + approximation error + {g.PositiveLossSlack:G4} (Rademacher term {g.Rademacher:G4})."
            : calibrated
                ? $"False-positive rate <= {settings.Epsilon} on fresh data with probability >= {1 - settings.Delta:G4} (Neyman-Pearson calibration on {fit.Calibration!.ZeroCount} held-out zero-labelled rows). {theoryText}"
                : theoryText;
        if (fit.LowRank is { } lowRank)
            statement += $" Certificate for the rank-{lowRank.Rank} Nystroem kernel K~ ({lowRank.Landmarks} landmarks): trace(K - K~) = {lowRank.ResidualTrace:G3} "
                + $"({lowRank.RelativeResidual:P2} of trace K), largest residual diagonal {lowRank.MaxResidual:G3}; an exact-kernel function f of norm ||f|| "
                + $"is matched on every training point within ||f|| sqrt({lowRank.MaxResidual:G3}) (Proofs/S-lowrank.md).";
        ImmutableArray<MonomialCoefficient>? coefficients = null;
        if (options.Task == ReluTask.Polynomial && fit.Hypothesis.Kernel is Core.Kernels.Kernel.Multinomial)
        {
            try
            {
                coefficients = [.. PolynomialCoefficients.Of(fit.Hypothesis).OrderByDescending(c => Math.Abs(c.Value)).Take(ReportedCoefficients)];
            }
            catch (ArgumentException)
            {
                coefficients = null; // too many monomials to enumerate: the report says so through a null list
            }
        }
        return new FitReport
        {
            Task = ReliableRelu.TaskName(options.Task),
            Loss = settings.Loss.Describe(),
            Epsilon = settings.Epsilon,
            Delta = settings.Delta,
            Degree = fit.Degree,
            Weight = fit.NormBound,
            Threshold = double.IsNaN(fit.Threshold) ? null : fit.Threshold,
            ConstraintLevel = fit.ConstraintLevel,
            Objective = fit.Solver.Objective,
            DualityGap = fit.Solver.DualityGap,
            MaxViolation = fit.Solver.MaxViolation,
            Iterations = fit.Solver.Iterations,
            Exit = fit.Solver.Exit.ToString(),
            Timings = new FitTimings(fit.GramMilliseconds, fit.SolveMilliseconds, fit.TotalMilliseconds),
            Train = fit.Train,
            Guarantee = new FitGuarantee(statement, g.Rademacher, g.FalsePositiveBound, g.PositiveLossSlack, g.ThresholdAdmissible,
                g.RequiredSamples(settings.Epsilon), theory?.Degree, theory?.Weight, theorySamples, calibrated ? settings.Epsilon : null),
            Candidates = fit.Candidates,
            Calibration = fit.Calibration,
            Parts = [fit.FitCount, fit.SelectionCount, fit.CalibrationCount],
            Coefficients = coefficients,
            LowRank = fit.LowRank,
        };
    }

    internal static FitReport Lspa(ReliableReluOptions options, LeastSquaresPartitionFit fit, Metrics train, double milliseconds) => new()
    {
        Task = ReliableRelu.TaskName(options.Task),
        Loss = "square",
        Epsilon = options.Epsilon,
        Delta = options.Delta,
        Degree = 1,
        Weight = double.NaN,
        Threshold = null,
        ConstraintLevel = double.NaN,
        Objective = fit.TrainingError,
        DualityGap = double.NaN,
        MaxViolation = 0,
        Iterations = fit.Iterations,
        Exit = fit.ReachedFixpoint ? "Fixpoint" : "IterationLimit",
        Timings = new FitTimings(0, milliseconds, milliseconds),
        Train = train,
        Guarantee = new FitGuarantee(
            $"None: the least-squares partition heuristic (best of {options.Restarts} restarts, restart {fit.Restart} won) can stop at a local optimum; compare with --task max-affine (T2.6).",
            double.NaN, double.NaN, double.NaN, false, double.NaN, null, null, null, null),
        Candidates = [],
        Calibration = null,
        Parts = [train.Count, 0, 0],
    };

    /// <summary>
    /// The degree (and weight, where defined) the task's theorem would use at this tau_c (searched for tau_c &gt;= 1e-3 only):
    /// ReLU and agnostic ReLU: the smallest certified ReLU degree at tau_c; depth-2 with k units (||a||_2 &lt;= 1): each unit
    /// at tau_c / sqrt(k), weight k B_unit; leaky with slope a: the leaky gadget on the ReLU certificate (unknown slope: the
    /// ReLU's, the larger); max-k-affine: the tournament on |t| at tau_c / levels, degree d^levels, weight not defined;
    /// polynomial: the class's own (d, B).
    /// </summary>
    private static (int Degree, double? Weight)? Theory(ReliableReluOptions options, double tauC)
    {
        if (options.Task == ReluTask.Polynomial) return (options.Degree ?? 0, options.Weight);
        if (!(tauC >= 1e-3)) return null;
        ApproximationCertificate? Smallest(TargetFunction f, double eps)
            => eps >= 1e-3 ? ApproximationTable.SmallestDegree(f, eps, ApproximationMethod.Chebyshev, 400).Certificate : null;
        switch (options.Task)
        {
            case ReluTask.Depth2 or ReluTask.Depth2Agnostic:
                var unit = Smallest(new TargetFunction.Relu(), tauC / Math.Sqrt(options.Units));
                return unit is null ? null : (unit.Degree, unit.Weight * options.Units);
            case ReluTask.Leaky:
                var relu = Smallest(new TargetFunction.Relu(), tauC);
                if (relu is null) return null;
                var leaky = options.Slope is double a ? Gadgets.Leaky(relu, a) : relu;
                return (leaky.Degree, leaky.Weight);
            case ReluTask.MaxAffine:
                int levels = Math.Max(1, (int)Math.Ceiling(Math.Log2(options.Pieces)));
                var abs = Smallest(new TargetFunction.Abs(), tauC / levels);
                if (abs is null) return null;
                var tournament = Gadgets.Tournament(abs, options.Pieces);
                return tournament.Degree > int.MaxValue ? null : ((int)tournament.Degree, null);
            default:
                var c = Smallest(new TargetFunction.Relu(), tauC);
                return c is null ? null : (c.Degree, c.Weight);
        }
    }
}
