using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Losses;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// T2.1 as observed on planted reliable-agnostic problems: with calibrated tau the held-out false-positive rate is at
/// most eps plus a Hoeffding slack, and the positive loss is at most the planted ReLU's plus eps plus a Hoeffding slack.
/// Failure probability per case: delta (calibration) + 2 * 1e-4 (the two Hoeffding slacks), with delta = 1e-3.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 8)]
public class T2_1_ReliableRelu_Properties
{
    private const int TrainCount = 800, TestCount = 3000;
    private const double Epsilon = 0.15, Delta = 1e-3, HoeffdingDelta = 1e-4;

    [Property]
    public Property Held_out_false_positives_and_positive_loss_meet_the_guarantee(PlantedCase problem)
    {
        var train = problem.Draw(TrainCount, 1);
        var test = problem.Draw(TestCount, 2);
        var options = new ReliableReluOptions { Epsilon = Epsilon, Delta = Delta, Degree = 3, Weight = 16, Calibrate = true, Scale = "none", Seed = problem.Seed };
        ReliableReluModel model;
        try
        {
            model = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], options);
        }
        catch (ArgumentException e) when (e.Message.Contains("zero-labelled rows in the calibration part"))
        {
            // Too few zero labels to calibrate (heavily positive marginals): the refusal must name the number needed.
            int needed = NeymanPearson.RequiredCount(Epsilon, Delta);
            return e.Message.Contains($"at least {needed}").Label($"refused: {e.Message}").Classify(true, "calibration refused");
        }
        var learned = model.Evaluate(test.Points.Coordinates, [.. test.Labels]);
        var w = problem.Weights();
        var planted = Enumerable.Range(0, test.Count).Select(i => Math.Max(0, TensorPrimitives.Dot(w, test.Points[i]))).ToArray();
        var reference = Metrics.Of(planted, test.Labels.AsSpan(), new Loss.Square());
        // FP: calibration bounds P(h != 0 | y = 0) <= eps, so Pr[h != 0, y = 0] <= eps * P(y = 0) <= eps; the test estimate
        // of a [0,1] mean deviates by more than sqrt(ln(1/d)/2n) with probability <= d (one-sided Hoeffding).
        double fpSlack = Math.Sqrt(Math.Log(1 / HoeffdingDelta) / (2.0 * TestCount));
        // Positive loss: per-point differences loss(h) - loss(planted) lie in [-1, 1]: slack sqrt(2 ln(1/d) / n).
        double lossSlack = Math.Sqrt(2 * Math.Log(1 / HoeffdingDelta) / TestCount);
        bool fpOk = learned.FalsePositiveRate <= Epsilon + fpSlack;
        bool lossOk = learned.PositiveLoss <= reference.PositiveLoss + Epsilon + lossSlack;
        return (fpOk && lossOk)
            .Label($"case {problem}: FP {learned.FalsePositiveRate:F4} <= {Epsilon} + {fpSlack:F4}; positive loss {learned.PositiveLoss:F4} <= planted {reference.PositiveLoss:F4} + {Epsilon} + {lossSlack:F4}")
            .Classify(problem.Corruption == 2, "15% adversarial positives")
            .Classify(problem.Kind == SphereKind.Cap, "concentrated marginal");
    }

    [Property(MaxTest = 6)]
    public Property Fitting_twice_gives_the_same_bits(PlantedCase problem)
    {
        var train = problem.Draw(300, 1);
        var options = new ReliableReluOptions { Degree = 2, Weight = 8, Scale = "none", Seed = problem.Seed };
        var a = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], options);
        var b = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], options);
        var probe = problem.Draw(200, 3).Points.Coordinates;
        return (a.Predictor.Equals(b.Predictor) && a.Predict(probe).AsSpan().SequenceEqual(b.Predict(probe))).Label(problem.ToString());
    }

    [Property(MaxTest = 6)]
    public Property Permuting_the_training_rows_does_not_change_the_predictions(PlantedCase problem)
    {
        var train = problem.Draw(300, 1);
        var order = Enumerable.Range(0, train.Count).OrderBy(i => (i * 7919 + problem.Seed) % 300).ToArray();
        var shuffled = train.Select(order);
        var options = new ReliableReluOptions { Degree = 2, Weight = 8, Scale = "none", Seed = problem.Seed };
        var a = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], options);
        var b = ReliableRelu.Fit(shuffled.Points.Coordinates, [.. shuffled.Labels], options);
        var probe = problem.Draw(200, 3).Points.Coordinates;
        var pa = a.Predictor.Scores(a.Embedding.Apply(probe));
        var pb = b.Predictor.Scores(b.Embedding.Apply(probe));
        double worst = pa.Zip(pb, (x, y) => Math.Abs(x - y)).Max();
        // Tolerance: both solves stop at a relative duality gap of 1e-9 on the same program (rows reordered); the interior
        // point path is order-independent in exact arithmetic, so scores agree to the solver's accuracy, well within 1e-5.
        return (worst <= 1e-5).Label($"max score difference {worst:E2} ({problem})");
    }

    [Property(MaxTest = 6)]
    public Property Predicting_a_subset_gives_the_rows_of_predicting_the_whole(PlantedCase problem)
    {
        var train = problem.Draw(300, 1);
        var model = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], new ReliableReluOptions { Degree = 2, Weight = 8, Scale = "none" });
        var probe = problem.Draw(300, 3);
        var whole = model.Predict(probe.Points.Coordinates);
        var subset = Enumerable.Range(0, probe.Count).Where(i => i % 3 == 1).ToArray();
        var part = model.Predict(probe.Select(subset).Points.Coordinates);
        double worst = subset.Select((row, k) => Math.Abs(whole[row] - part[k])).Max();
        // Tolerance: each row's score is a dot product of the same kernel row with alpha; BLAS may block differently by
        // batch size, so the last bits can differ: 1e-12 of the score scale (|f| <= sum |alpha| * (d+1)).
        double scale = model.Hypothesis!.Coefficients.Sum(Math.Abs) * 3;
        return (worst <= 1e-12 * Math.Max(1, scale)).Label($"max difference {worst:E2}");
    }
}

/// <summary>
/// T2.1's training-side promise on hard inputs: whatever the marginal, size or dimension, the fit either completes
/// with no false positives on its training rows (every zero-labelled training score is at most tau_c + the solver's
/// violation, below tau = 2 tau_c) or refuses with a clear message; it never throws anything else or returns NaN.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 25)]
public class T2_1_Hard_Input_Properties
{
    [Property]
    public Property Training_false_positives_are_zero_on_every_hard_input(HardCase hard)
    {
        var sample = hard.Sample();
        var options = new ReliableReluOptions { Degree = 3, Weight = 16, Scale = "none", Seed = hard.Seed };
        ReliableReluModel model;
        try
        {
            model = ReliableRelu.Fit(sample.Points.Coordinates, [.. sample.Labels], options);
        }
        catch (ArgumentException e)
        {
            return (e.Message.Length > 20).Label($"refused: {e.Message}").Classify(true, "refused");
        }
        var report = model.Report;
        bool finite = double.IsFinite(report.Objective) && double.IsFinite(report.DualityGap);
        bool reliable = report.MaxViolation >= report.ConstraintLevel || report.Train.FalsePositiveRate == 0;
        return (finite && reliable)
            .Label($"{hard}: train FP {report.Train.FalsePositiveRate}, violation {report.MaxViolation:E2}, exit {report.Exit}")
            .Classify(hard.Count <= 40, "tiny sample")
            .Classify(hard.Dimension > hard.Count, "dimension above sample size")
            .Classify(hard.Kind == HardKind.Boundary, "boundary-concentrated")
            .Classify(hard.Kind == HardKind.NearDuplicates, "near duplicates");
    }
}
