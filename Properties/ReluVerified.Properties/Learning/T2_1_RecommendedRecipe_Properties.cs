using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Learning;
using ReluVerified.Properties.Statistics;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// T2.1-budget as a user meets it: <c>ReliableRelu.Fit(x, y, new ReliableReluOptions { Epsilon = eps })</c> with nothing
/// else (the recommended recipe, Proofs/T2.1-reliable-relu.md) on zero-inflated data whose zero and positive labels
/// overlap in feature space (<see cref="ZeroInflatedCase"/>; columns on scales from 0.01 to 100). Claim, on an independent
/// test draw: the conditional false-positive rate P(h != 0 | y = 0) is at most eps (plus a one-sided binomial slack at
/// 1e-6), and the positive loss is at most <see cref="RequiredShare"/> of the zero function's (paired empirical
/// Bernstein slack at 1e-6). The zero function fails the second clause on every case (it keeps all of its own loss); the
/// best constant fails the first (it is non-zero on every zero-labelled row); so does any rule that is non-zero on a
/// share eps of the rows at random, which keeps about (1 - eps) of the zero function's loss, more than
/// <see cref="RequiredShare"/>. Per case the check fails with probability at most delta (calibration, 1e-4) + 2e-6.
/// </summary>
[Properties(MaxTest = 2)]
public class T2_1_RecommendedRecipe_Properties
{
    private const int TrainCount = 2400, TestCount = 20000;
    private const double Epsilon = 0.1, Delta = 1e-4, SlackDelta = 1e-6;

    /// <summary>The largest share of the zero function's positive loss the fit may keep.</summary>
    public const double RequiredShare = 0.75;

    /// <summary>
    /// A zero-inflated problem: x ~ N(0, I_5) with columns scaled by (1, 100, 0.01, 10, 1); y &gt; 0 with probability
    /// sigmoid(3 x_0 + x_1 / 100) (so zero and positive rows overlap), and then y = clip(0.35 + 0.2 x_0 + 0.15 x_2 / 0.01 + u, 0.02, 1)
    /// with u uniform on [-0.05, 0.05].
    /// </summary>
    public sealed record ZeroInflatedCase(int Seed)
    {
        private static readonly double[] Scales = [1, 100, 0.01, 10, 1];

        /// <summary>Rows and labels of the draw with the given stream number.</summary>
        public (double[][] X, double[] Y) Draw(int count, int stream)
        {
            var rng = new Random(HashCode.Combine(Seed, stream));
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var x = new double[count][];
            var y = new double[count];
            for (int i = 0; i < count; i++)
            {
                var z = Enumerable.Range(0, 5).Select(_ => Normal()).ToArray();
                x[i] = z.Select((v, j) => v * Scales[j]).ToArray();
                double positive = 1 / (1 + Math.Exp(-(3 * z[0] + z[1])));
                y[i] = rng.NextDouble() < positive ? Math.Clamp(0.35 + 0.2 * z[0] + 0.15 * z[2] + 0.1 * (rng.NextDouble() - 0.5), 0.02, 1) : 0;
            }
            return (x, y);
        }

        /// <inheritdoc />
        public override string ToString() => $"zero-inflated case, seed {Seed}";
    }

    /// <summary>The claim's outcome: test figures and whether each clause holds.</summary>
    public sealed record Verdict(double ConditionalFp, double FpSlack, double PositiveLoss, double ZeroLoss, double LossSlack)
    {
        /// <summary>Whether the false-positive clause holds.</summary>
        public bool FalsePositivesHold => ConditionalFp <= Epsilon + FpSlack;

        /// <summary>Whether the loss clause holds.</summary>
        public bool LossHolds => PositiveLoss - RequiredShare * ZeroLoss <= LossSlack;

        /// <inheritdoc />
        public override string ToString()
            => $"conditional FP {ConditionalFp:F4} (allowed {Epsilon + FpSlack:F4}), positive loss {PositiveLoss:F5} against {RequiredShare} x {ZeroLoss:F5} + {LossSlack:F5}";
    }

    /// <summary>The claim for predictions h on a test draw (x, y).</summary>
    public static Verdict Evaluate(double[] h, double[] y)
    {
        var zero = Enumerable.Range(0, y.Length).Where(i => y[i] == 0).ToArray();
        double fp = zero.Count(i => h[i] != 0) / (double)zero.Length;
        // one-sided Hoeffding on the zero-labelled rows' indicator
        double fpSlack = Math.Sqrt(Math.Log(1 / SlackDelta) / (2 * zero.Length));
        var paired = Enumerable.Range(0, y.Length).Select(i => y[i] > 0 ? (h[i] - y[i]) * (h[i] - y[i]) - RequiredShare * y[i] * y[i] : 0.0).ToArray();
        double lossSlack = Concentration.EmpiricalBernsteinSlack(paired, 2, SlackDelta);
        double positiveLoss = Enumerable.Range(0, y.Length).Sum(i => y[i] > 0 ? (h[i] - y[i]) * (h[i] - y[i]) : 0) / y.Length;
        double zeroLoss = y.Sum(v => v * v) / y.Length;
        return new Verdict(fp, fpSlack, positiveLoss, zeroLoss, lossSlack);
    }

    private static Gen<ZeroInflatedCase> Cases => Gen.Choose(1, 1_000_000).Select(seed => new ZeroInflatedCase(seed));

    [Property]
    public Property Default_fit_meets_eps_and_keeps_at_most_three_quarters_of_the_zero_functions_loss()
        => Prop.ForAll(Cases.ToArbitrary(), problem =>
        {
            var (x, y) = problem.Draw(TrainCount, 1);
            var (tx, ty) = problem.Draw(TestCount, 2);
            var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Epsilon = Epsilon, Delta = Delta, Seed = problem.Seed });
            var verdict = Evaluate(model.Predict(tx), ty);
            bool calibrated = model.Report.Calibration?.Succeeded == true && model.Report.Warnings.IsEmpty;
            return (calibrated && verdict.FalsePositivesHold && verdict.LossHolds)
                .Label($"{problem}: calibrated {calibrated}, kernel {model.Report.Kernel}, B = {model.Report.Weight}, lambda = {model.Report.ZeroPenalty}: {verdict}");
        });

    [Property]
    public Property The_claim_rejects_the_zero_function_the_best_constant_and_a_random_eps_share()
        => Prop.ForAll(Cases.ToArbitrary(), problem =>
        {
            var (_, y) = problem.Draw(TrainCount, 1);
            var (_, ty) = problem.Draw(TestCount, 2);
            double best = y.Where(v => v > 0).Average();
            var rng = new Random(problem.Seed);
            var zero = Evaluate(new double[ty.Length], ty);
            var constant = Evaluate(Enumerable.Repeat(best, ty.Length).ToArray(), ty);
            var randomShare = Evaluate(ty.Select(_ => rng.NextDouble() < Epsilon ? best : 0).ToArray(), ty);
            return (!(zero.FalsePositivesHold && zero.LossHolds) && !(constant.FalsePositivesHold && constant.LossHolds)
                    && !(randomShare.FalsePositivesHold && randomShare.LossHolds))
                .Label($"{problem}: zero {zero}; constant {constant}; random share {randomShare}");
        });
}
