using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Optimization;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// T2.1's training-side promise on hard inputs (<see cref="HardCase"/>: boundary-concentrated marginals, adversarial positives,
/// imbalance, subspaces, near duplicates, tiny samples, n far above m). The fit completes, and on its training rows
/// <list type="number">
/// <item>no zero-labelled row is a false positive (recomputed from the model's predictions, and as reported);</item>
/// <item>the reported violation is honest: every zero-labelled training score is at most tau_c + MaxViolation;</item>
/// <item>when the solver reports Converged, its gap and violation are within the solver's tolerances;</item>
/// <item>its dual bound is below the objective of two feasible points computed here independently: the zero function and the
/// planted ReLU's surrogate s(x) = (w*.x + (w*.x)^2) / 2 (at most 0 wherever w*.x &lt;= 0, the only place zero labels occur;
/// squared norm 1/4 + 1/4 = 1/2 &lt;= B in the multinomial RKHS of degree &gt;= 2, Proofs/L-rkhs-norm.md), so a Converged fit
/// is, to within its gap, at least as good as the planted surrogate;</item>
/// <item>the thresholded, clipped hypothesis h pays at most the threshold's price over the program's objective: per positive
/// row, h differs from the score f only where 0 &lt;= f &lt; tau, where it costs y^2 - (f - y)^2 &lt;= min(y^2, 2 tau y).</item>
/// </list>
/// Together, a fit that returned the zero function while claiming convergence fails item 4 whenever the planted surrogate
/// beats the zero function: <see cref="The_checks_reject_a_fit_that_returns_the_zero_function"/> shows it on the same cases.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 25)]
public class T2_1_Hard_Input_Properties
{
    private const int Degree = 3;
    private const double Weight = 16;

    /// <summary>What a fit reports about its training rows, and the model's own scores and predictions on them.</summary>
    public sealed record TrainingOutcome(string Exit, double Objective, double DualityGap, double MaxViolation, double ConstraintLevel,
        double Threshold, double ReportedFalsePositiveRate, double ScoreScale, double[] Scores, double[] Predictions);

    /// <summary>The training objective (1/m) sum_{y_i &gt; 0} (f_i - y_i)^2 of scores f (the program's, unit weights).</summary>
    public static double Objective(LabelledSample sample, Func<int, double> f)
    {
        double total = 0;
        for (int i = 0; i < sample.Count; i++)
            if (sample.Labels[i] > 0) total += (f(i) - sample.Labels[i]) * (f(i) - sample.Labels[i]);
        return total / sample.Count;
    }

    /// <summary>The planted surrogate (w*.x + (w*.x)^2) / 2 at training row i.</summary>
    public static Func<int, double> Surrogate(LabelledSample sample, double[] w)
        => i => { double t = TensorPrimitives.Dot(w, sample.Points[i]); return (t + t * t) / 2; };

    /// <summary>The five checks of the class summary for an outcome on <paramref name="sample"/> planted at <paramref name="w"/>.</summary>
    public static (bool Holds, string Text) Check(LabelledSample sample, double[] w, TrainingOutcome o)
    {
        var defaults = SolverOptions.Default;
        int m = sample.Count, falsePositives = 0;
        double worstZeroScore = double.NegativeInfinity, price = 0, hypothesisLoss = 0;
        for (int i = 0; i < m; i++)
        {
            double y = sample.Labels[i];
            if (y == 0)
            {
                if (o.Predictions[i] != 0) falsePositives++;
                worstZeroScore = Math.Max(worstZeroScore, o.Scores[i]);
                continue;
            }
            price += Math.Min(y * y, 2 * o.Threshold * y);
            hypothesisLoss += (o.Predictions[i] - y) * (o.Predictions[i] - y);
        }
        price /= m;
        hypothesisLoss /= m;
        double zero = Objective(sample, _ => 0), surrogate = Objective(sample, Surrogate(sample, w));
        double dualBound = o.Objective - o.DualityGap;
        bool noFalsePositives = falsePositives == 0 && o.ReportedFalsePositiveRate == 0;
        // Scores recomputed through the cross-kernel differ from the solver's K alpha by rounding of sums of |alpha_j| K_ij.
        bool violationHonest = worstZeroScore <= o.ConstraintLevel + o.MaxViolation + TestTolerances.ScoreRounding * Math.Max(1, o.ScoreScale);
        bool certificate = double.IsFinite(o.Objective) && double.IsFinite(o.DualityGap) && o.DualityGap >= -TestTolerances.DualBoundRounding
            && (o.Exit != nameof(ExitCondition.Converged)
                || (o.DualityGap <= defaults.GapTolerance * Math.Max(1, Math.Abs(o.Objective)) && o.MaxViolation <= Math.Max(defaults.ConstraintTolerance, defaults.BallTolerance * Weight)));
        bool belowFeasiblePoints = dualBound <= Math.Min(zero, surrogate) + TestTolerances.DualBoundRounding;
        bool hypothesisPaysOnlyThePrice = hypothesisLoss <= o.Objective + price + TestTolerances.DualBoundRounding;
        bool holds = noFalsePositives && violationHonest && certificate && belowFeasiblePoints && hypothesisPaysOnlyThePrice;
        return (holds, $"{o.Exit}: training FP {falsePositives} (reported {o.ReportedFalsePositiveRate}); max zero score {worstZeroScore:E3} <= tau_c {o.ConstraintLevel} + violation {o.MaxViolation:E2}: {violationHonest}; "
            + $"gap {o.DualityGap:E2} (certificate {certificate}); dual bound {dualBound:E6} <= min(zero {zero:E6}, surrogate {surrogate:E6}): {belowFeasiblePoints}; "
            + $"h's positive loss {hypothesisLoss:E6} <= objective {o.Objective:E6} + price {price:E3}: {hypothesisPaysOnlyThePrice}");
    }

    /// <summary>Fits the hard case with d = 3, B = 16 (no selection, no calibration) and collects its training outcome.</summary>
    public static TrainingOutcome Fit(HardCase hard, LabelledSample sample)
    {
        var model = ReliableRelu.Fit(sample.Points.Coordinates, [.. sample.Labels], new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = Degree, Weight = Weight, Scale = ScaleKind.None, Seed = hard.Seed });
        var r = model.Report;
        double scale = model.Hypothesis!.Coefficients.Sum(Math.Abs) * (Degree + 1);
        return new TrainingOutcome(r.Exit.ToString(), r.Objective, r.DualityGap, r.MaxViolation, r.ConstraintLevel, r.Threshold!.Value, r.Train.FalsePositiveRate,
            scale, model.Scores(sample.Points.Coordinates), model.Predict(sample.Points.Coordinates));
    }

    [Property]
    public Property Fit_completes_with_zero_training_false_positives_and_a_certificate_that_beats_the_planted_surrogate(HardCase hard)
    {
        var sample = hard.Sample();
        var (holds, text) = Check(sample, hard.Weights(), Fit(hard, sample));
        return holds.Label($"{hard}: {text}")
            .Classify(hard.Count <= 40, "tiny sample")
            .Classify(hard.Dimension > hard.Count, "dimension above sample size")
            .Classify(hard.Kind == HardKind.Boundary, "boundary-concentrated")
            .Classify(hard.Kind == HardKind.NearDuplicates, "near duplicates");
    }

    [Property(MaxTest = 60)]
    public Property The_checks_reject_a_fit_that_returns_the_zero_function(HardCase hard)
    {
        // alpha = 0 claiming optimality: scores and predictions 0, objective and dual bound the zero function's, Converged
        var sample = hard.Sample();
        var w = hard.Weights();
        double zero = Objective(sample, _ => 0), surrogate = Objective(sample, Surrogate(sample, w));
        var fake = new TrainingOutcome(nameof(ExitCondition.Converged), zero, 0, 0, 0.0125, 0.025, 0, 0, new double[sample.Count], new double[sample.Count]);
        var (holds, text) = Check(sample, w, fake);
        // the zero function can be rejected only where something feasible beats it by more than the rounding allowance
        bool beatable = surrogate < zero - 2 * TestTolerances.DualBoundRounding;
        return (!beatable || !holds).Label($"{hard}: zero objective {zero:E6}, surrogate {surrogate:E6}; {text}")
            .Classify(!beatable, "zero function optimal among the two (no positive label the surrogate improves)");
    }

    [Property]
    public Property Calibrated_fit_either_calibrates_or_gives_one_of_the_documented_refusals(HardCase hard)
    {
        // eps = 0.3, delta = 0.2 need ln(0.2) / ln(0.7) = 4.5, so 5 zero-labelled rows in the calibration part
        const double epsilon = 0.3, delta = 0.2;
        var sample = hard.Sample();
        int required = NeymanPearson.RequiredCount(epsilon, delta), zeros = sample.Labels.Count(y => y == 0);
        var options = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8, Scale = ScaleKind.None, Seed = hard.Seed, Calibrate = true, Epsilon = epsilon, Delta = delta };
        try
        {
            var model = ReliableRelu.Fit(sample.Points.Coordinates, [.. sample.Labels], options);
            var c = model.Report.Calibration;
            bool calibrated = c is { Succeeded: true } && c.ZeroCount >= required && c.ZeroCount <= zeros && model.Report.Threshold == c.Threshold;
            return calibrated.Label($"{hard}: calibration {c}, {zeros} zero labels").Classify(true, "calibrated");
        }
        catch (ArgumentException e)
        {
            // the two refusals of KernelLearner.Fit for valid data: an empty fit part, or too few zero labels held out
            // (ArgumentException.Message appends " (Parameter 'labels')")
            bool emptyFit = e.Message.StartsWith("no row fell into the fit part: the sample is too small.", StringComparison.Ordinal);
            var held = System.Text.RegularExpressions.Regex.Match(e.Message, @"needs at least (\d+) zero-labelled rows in the calibration part \(25% of the rows\), but it holds (\d+) of the (\d+) zero-labelled rows");
            bool tooFewZeros = held.Success && int.Parse(held.Groups[1].Value) == required && int.Parse(held.Groups[2].Value) < required
                && int.Parse(held.Groups[3].Value) == zeros && e.Message.Contains("Add data, raise eps or delta, set the threshold yourself, or turn calibration off.", StringComparison.Ordinal);
            return (e.ParamName == "labels" && (emptyFit || tooFewZeros)).Label($"{hard}: refused ({e.ParamName}): {e.Message}")
                .Classify(emptyFit, "refused: empty fit part").Classify(tooFewZeros, "refused: too few zero labels held out");
        }
    }
}
