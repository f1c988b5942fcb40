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

    internal static FitReport Kernel(ReliableReluOptions options, LearnerSettings settings, LearnerFit fit, Embedding embedding, FitTimings timings)
    {
        var (lipschitz, lossBound) = settings.LossConstants();
        var g = fit.Guarantee.With(EmbeddingPremise(embedding));
        var theory = Theory(options, fit.ConstraintLevel);
        double? theorySamples = theory is { Approximation: { Certified: true } approximation }
            ? TheoremGuarantee.Ideal(settings.Task, fit.FitCount, (settings.Family is KernelFamily.Gaussian ? new KernelFamily.Multinomial() : settings.Family).For(theory.Value.Degree).DiagonalBound, theory.Value.Degree,
                approximation.Weight!.Value, fit.ConstraintLevel, 2 * fit.ConstraintLevel, settings.Delta, lipschitz, lossBound, settings.QuadraticExcess(),
                1, approximation).RequiredSamples(settings.Epsilon)
            : null;
        bool calibrated = fit.Calibration?.Succeeded == true;
        var guarantee = Guarantee(g, settings, embedding, calibrated ? fit.Calibration : null, theory, theorySamples, fit.LowRank);
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
            Task = options.Task,
            Loss = settings.Loss,
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
            Exit = Exit(fit.Solver.Exit),
            Timings = timings,
            Train = fit.Train,
            Guarantee = guarantee,
            Candidates = fit.Candidates,
            Calibration = fit.Calibration,
            Parts = [fit.FitCount, fit.SelectionCount, fit.CalibrationCount],
            Coefficients = coefficients,
            LowRank = fit.LowRank,
            ZeroPenalty = double.IsPositiveInfinity(fit.ZeroPenalty) ? null : fit.ZeroPenalty,
            Kernel = settings.Family.Describe(),
            Selection = fit.Selection,
        };
    }

    internal static FitReport Lspa(ReliableReluOptions options, LeastSquaresPartitionFit fit, Metrics train, double milliseconds) => new()
    {
        Task = options.Task,
        Loss = new Core.Losses.Loss.Square(),
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
        Exit = fit.ReachedFixpoint ? FitExit.Fixpoint : FitExit.IterationLimit,
        Timings = new FitTimings(0, milliseconds, milliseconds),
        Train = train,
        Guarantee = Described(new FitGuarantee("", double.NaN, null, double.NaN, false, null, null, null, null, null, Bound: "none")),
        Candidates = [],
        Calibration = null,
        Parts = [train.Count, 0, 0],
    };

    /// <summary>The report's name for the solver's exit condition (the same C# name).</summary>
    internal static FitExit Exit(Core.Optimization.ExitCondition exit) => exit switch
    {
        Core.Optimization.ExitCondition.Converged => FitExit.Converged,
        Core.Optimization.ExitCondition.Infeasible => FitExit.Infeasible,
        Core.Optimization.ExitCondition.IterationLimit => FitExit.IterationLimit,
        Core.Optimization.ExitCondition.NumericalTrouble => FitExit.NumericalTrouble,
        _ => throw new ArgumentOutOfRangeException(nameof(exit), exit, $"exit condition {exit} has no report name."),
    };

    /// <summary>The guarantee's fields from the learner's <see cref="TheoremGuarantee"/>, its statement derived from them (<see cref="GuaranteeText"/>).</summary>
    private static FitGuarantee Guarantee(TheoremGuarantee g, LearnerSettings settings, Embedding embedding, ThresholdCalibration? calibration,
        (int Degree, ComparatorApproximation? Approximation)? theory, double? theorySamples, LowRankReport? lowRank)
    {
        bool reaches = g.Reaches(settings.Epsilon);
        return Described(new FitGuarantee("", g.Rademacher, g.FalsePositiveBound, g.PositiveLossSlack, g.ThresholdAdmissible,
            g.RequiredSamples(settings.Epsilon), theory?.Degree, theory?.Approximation?.Weight, theorySamples, calibration is null ? null : settings.Epsilon,
            Bound: g.Task == ProgramTask.Reliable ? "reliable" : "agnostic",
            Comparator: $"{g.Comparator.Class} on the embedded rows {Coordinates(embedding)}",
            Approximation: g.Comparator.Construction,
            ApproximationError: g.Comparator.Error,
            ApproximationWeight: g.Comparator.Weight,
            ApproximationTerm: g.ApproximationTerm,
            Premises: g.Premises,
            CandidatesUnion: g.Candidates,
            ReachesEpsilon: reaches,
            FalsePositiveBoundKind: FitGuarantee.Joint,
            CalibratedFalsePositiveBoundKind: calibration is null ? null : FitGuarantee.Conditional,
            Epsilon: settings.Epsilon,
            Confidence: 1 - settings.Delta,
            FitRows: g.SampleCount,
            Degree: g.Degree,
            DualityGap: g.DualityGap,
            TrainingDualLoss: g.TrainingDualLoss,
            LossFloor: g.LossFloor,
            CalibrationZeroCount: calibration?.ZeroCount,
            LowRank: lowRank));
    }

    private static FitGuarantee Described(FitGuarantee g) => g with { Statement = GuaranteeText.Of(g) };

    /// <summary>
    /// The Rademacher bounds are proved for a map into the ball fixed before the sample is drawn; "max-norm" and
    /// "standardize" are fitted on the rows themselves (Proofs/T2.1-reliable-relu.md).
    /// </summary>
    private static GuaranteePremise EmbeddingPremise(Embedding embedding)
        => new("embedding fixed before the sample (scale none)", embedding.Kind == "none", TheoremGuarantee.All);

    /// <summary>What the embedded rows z are in the user's columns x, and, with a bias coordinate, what a linear piece w.z becomes.</summary>
    internal static string Coordinates(Embedding embedding)
    {
        string scaled = embedding switch
        {
            Embedding.MaxNorm m => $"x / {GuaranteeText.Number(m.ScaleFactor)}",
            Embedding.Standardize s => $"((x - mean) / sd) / {GuaranteeText.Number(s.ScaleFactor)} (column means and deviations in the model)",
            _ => "x (the rows as given, in the unit ball)",
        };
        return embedding.Bias
            ? $"z = (x', 1) / sqrt(2), x' = {scaled}: each w.z with ||w|| <= 1 is u.x' + c with ||u||^2 + c^2 <= 1/2, so a unit-norm max(0, v.x') is in the class only scaled by 1/sqrt(2)"
            : $"z = {scaled}";
    }

    /// <summary>
    /// The degree the task's theorem would use at this tau_c and the certified approximation behind it (searched for
    /// tau_c &gt;= 1e-3 only; Chebyshev interpolants, the table of L-approx): ReLU and agnostic ReLU: the smallest certified
    /// ReLU degree at tau_c; depth-2 with k units (||a||_2 &lt;= 1): each unit at tau_c / sqrt(k), weight k B_unit; leaky with
    /// slope a: the leaky gadget on the ReLU certificate (unknown slope: error of the ReLU, weight max(B_ReLU, 1));
    /// max-k-affine with ||w_j|| &lt;= 1: max_j w_j.x = 2 max_j (w_j/2).x and the tournament on [-1/2, 1/2] errs by levels
    /// eps_abs, so |t| at tau_c / (2 levels), degree d^levels, no weight; polynomial: the class's own (d, B), exact.
    /// </summary>
    private static (int Degree, ComparatorApproximation? Approximation)? Theory(ReliableReluOptions options, double tauC)
    {
        if (options.Task == ReluTask.Polynomial)
            return (options.Degree ?? 0, options.Weight is double b ? new ComparatorApproximation("polynomials", "exact", 0.0, b) : null);
        if (!(tauC >= 1e-3)) return null;
        ApproximationCertificate? Smallest(TargetFunction f, double eps)
            => eps >= 1e-3 ? ApproximationTable.SmallestDegree(f, eps, ApproximationMethod.Chebyshev, 400).Certificate : null;
        ComparatorApproximation Of(double error, double? weight) => new("theory", "certified Chebyshev interpolant", error, weight);
        switch (options.Task)
        {
            case ReluTask.Depth2 or ReluTask.Depth2Agnostic:
                var unit = Smallest(new TargetFunction.Relu(), tauC / Math.Sqrt(options.Units));
                return unit is null ? null : (unit.Degree, Of(Math.Sqrt(options.Units) * unit.SupError, unit.Weight * options.Units));
            case ReluTask.Leaky:
                var relu = Smallest(new TargetFunction.Relu(), tauC);
                if (relu is null) return null;
                if (options.Slope is double a)
                {
                    var leaky = Gadgets.Leaky(relu, a);
                    return (leaky.Degree, Of(leaky.SupError, leaky.Weight));
                }
                return (relu.Degree, Of(relu.SupError, Math.Max(relu.Weight, 1.0)));
            case ReluTask.MaxAffine:
                int levels = Math.Max(1, (int)Math.Ceiling(Math.Log2(options.Pieces)));
                var abs = Smallest(new TargetFunction.Abs(), tauC / (2 * levels));
                if (abs is null) return null;
                var tournament = Gadgets.Tournament(abs, options.Pieces);
                return tournament.Degree > int.MaxValue ? null : ((int)tournament.Degree, Of(2 * tournament.ErrorBound, null));
            default:
                var c = Smallest(new TargetFunction.Relu(), tauC);
                return c is null ? null : (c.Degree, Of(c.SupError, c.Weight));
        }
    }
}
