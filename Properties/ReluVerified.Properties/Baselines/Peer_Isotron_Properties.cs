using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Baselines;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// peer:isotron: the PAV step is the weighted L2 projection onto non-decreasing sequences (checked against brute force
/// over every partition into consecutive blocks on sequences of length &lt;= 7), its output is monotone, and Isotron's
/// fitted link is non-decreasing and the kept iterate is the one with the least held-out error; and it learns: fresh square
/// loss at most <see cref="TestTolerances.PeerLossShare"/> of the best constant's (<see cref="PeerProblem"/>).
/// </summary>
[Properties(Arbitrary = [typeof(BaselineArbitraries)], MaxTest = 100)]
public class Peer_Isotron_Properties
{
    [Property]
    public Property Pav_is_the_weighted_L2_projection_onto_monotone_sequences((double[] Values, double[] Weights) sequence)
    {
        var (values, weights) = sequence;
        var pav = IsotonicRegression.Fit(values, weights);
        var (brute, bruteObjective) = BruteForce(values, weights);
        double objective = Objective(pav, values, weights);
        double worst = pav.Zip(brute, (p, b) => Math.Abs(p - b)).Max();
        bool monotone = pav.Zip(pav.Skip(1), (a, b) => a <= b).All(x => x);
        return (monotone && worst <= TestTolerances.PavProjectionAbsolute && Math.Abs(objective - bruteObjective) <= TestTolerances.PavProjectionAbsolute)
            .Label($"values [{string.Join(", ", values)}], weights [{string.Join(", ", weights)}]: PAV [{string.Join(", ", pav)}], brute [{string.Join(", ", brute)}]");
    }

    [Property]
    public Property Pav_leaves_a_monotone_sequence_unchanged((double[] Values, double[] Weights) sequence)
    {
        var sorted = sequence.Values.Order().ToArray();
        var pav = IsotonicRegression.Fit(sorted, sequence.Weights);
        return pav.AsSpan().SequenceEqual(sorted).Label($"[{string.Join(", ", sorted)}] -> [{string.Join(", ", pav)}]");
    }

    [Property(MaxTest = 20)]
    public Property Isotron_link_is_monotone_and_the_kept_iterate_is_the_best(SmallProblem problem)
    {
        var result = Isotron.Fit(problem.Draw(0), problem.Draw(1), iterations: 30);
        var link = ((BaselineHypothesis.SingleIndex)result.Hypothesis).Hypothesis.Link;
        bool monotone = link.Values.Zip(link.Values.Skip(1), (a, b) => a <= b).All(x => x)
            && link.Knots.Zip(link.Knots.Skip(1), (a, b) => a < b).All(x => x);
        bool inRange = link.Values.All(v => v is >= 0 and <= 1);
        return (monotone && inRange && result.Trace.Length == 31 && result.SelectionError == result.Trace.Min())
            .Label($"link monotone {monotone}, values in [0,1] {inRange}, kept {result.SelectionError} of min {result.Trace.Min()}");
    }

    [Property(MaxTest = 6)]
    public Property Learns_beyond_the_best_constant_on_fresh_data(PeerProblem problem)
    {
        var verdict = problem.Check(Isotron.Fit(problem.Draw(0), problem.Draw(1), iterations: 30).Hypothesis);
        return verdict.Holds.Label($"{problem}: {verdict}");
    }

    /// <summary>The best monotone sequence that is constant on consecutive blocks with block means, over all 2^(n-1) partitions.</summary>
    private static (double[] Fit, double Objective) BruteForce(double[] v, double[] w)
    {
        int n = v.Length;
        double[] best = [];
        double bestObjective = double.PositiveInfinity;
        for (int cuts = 0; cuts < 1 << (n - 1); cuts++)
        {
            var fit = new double[n];
            int start = 0;
            for (int i = 0; i < n; i++)
            {
                bool endsBlock = i == n - 1 || (cuts & (1 << i)) != 0;
                if (!endsBlock) continue;
                double sw = 0, swv = 0;
                for (int k = start; k <= i; k++) { sw += w[k]; swv += w[k] * v[k]; }
                for (int k = start; k <= i; k++) fit[k] = swv / sw;
                start = i + 1;
            }
            if (!fit.Zip(fit.Skip(1), (a, b) => a <= b + 1e-15).All(x => x)) continue;
            double objective = Objective(fit, v, w);
            if (objective < bestObjective) { bestObjective = objective; best = fit; }
        }
        return (best, bestObjective);
    }

    private static double Objective(double[] z, double[] v, double[] w) => z.Select((zi, i) => w[i] * (zi - v[i]) * (zi - v[i])).Sum();
}
