using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Kernels;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// peer:alphatron: iterate 0 (alpha = 0) predicts 0, so its held-out error is the mean squared label; the kept iterate is
/// the least of the trace; predictions lie in [0,1] (the clip link); each kernel contributes iterations + 1 trace entries;
/// and it learns: on fresh data its square loss is at most <see cref="TestTolerances.PeerLossShare"/> of the best constant's
/// (<see cref="PeerProblem"/>), a claim that the best constant and the zero function fail on every generated problem (shown
/// here once for all peers, whose claims share the problems and the check).
/// </summary>
[Properties(Arbitrary = [typeof(BaselineArbitraries)], MaxTest = 25)]
public class Peer_Alphatron_Properties
{
    [Property(MaxTest = 6)]
    public Property Learns_beyond_the_best_constant_on_fresh_data(PeerProblem problem)
    {
        // 60 iterations: with 25 the kept iterate's ratio reached 0.43 on 200 rows, with 60 at most 0.27 (TestTolerances.PeerLossShare)
        var result = Alphatron.Fit(problem.Draw(0), problem.Draw(1), [new Kernel.Multinomial(2), new Kernel.Multinomial(3)], iterations: 60);
        var verdict = problem.Check(result.Hypothesis);
        return verdict.Holds.Label($"{problem}: {verdict}");
    }

    [Property(MaxTest = 12)]
    public Property The_peer_claim_rejects_the_best_constant_and_the_zero_function(PeerProblem problem)
    {
        double c = problem.BestConstant;
        var constant = problem.Check(points => Enumerable.Repeat(c, points.Count).ToArray());
        var zero = problem.Check(points => new double[points.Count]);
        return (!constant.Holds && !zero.Holds).Label($"{problem}: best constant {constant}; zero {zero}");
    }

    [Property]
    public Property Keeps_the_best_held_out_iterate_and_predicts_in_the_unit_interval(SmallProblem problem)
    {
        var fit = problem.Draw(0);
        var selection = problem.Draw(1);
        var result = Alphatron.Fit(fit, selection, [new Kernel.Multinomial(2), new Kernel.Multinomial(3)], iterations: 25);
        double zeroError = 0;
        foreach (double y in selection.Labels) zeroError += y * y;
        zeroError /= selection.Count;
        var predictions = result.Hypothesis.Predict(problem.Draw(2).Points);
        return (result.Trace.Length == 2 * 26 && Math.Abs(result.Trace[0] - zeroError) <= TestTolerances.Exact && Math.Abs(result.Trace[26] - zeroError) <= TestTolerances.Exact
                && result.SelectionError == result.Trace.Min() && predictions.All(p => p is >= 0 and <= 1))
            .Label($"trace[0] {result.Trace[0]:R} vs mean y^2 {zeroError:R}; kept {result.SelectionError:R}, min {result.Trace.Min():R}");
    }
}
