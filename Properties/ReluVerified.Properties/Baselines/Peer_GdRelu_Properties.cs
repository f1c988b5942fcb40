using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Baselines;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// peer:gd-relu: the returned weight vector stays in the unit ball, the best objective never increases along the run, the
/// reported objective is F at the returned w, a seed fixes the result, and it learns: fresh square loss at most
/// <see cref="TestTolerances.PeerLossShare"/> of the best constant's (<see cref="PeerProblem"/>).
/// </summary>
[Properties(Arbitrary = [typeof(BaselineArbitraries)], MaxTest = 25)]
public class Peer_GdRelu_Properties
{
    [Property]
    public Property Stays_in_the_ball_and_never_increases_the_best_objective(SmallProblem problem)
    {
        var sample = problem.Draw();
        var result = GradientRelu.Fit(sample, problem.Seed, restarts: 3, steps: 40);
        var w = ((BaselineHypothesis.SingleIndex)result.Hypothesis).Hypothesis.Weights.AsSpan();
        double norm = TensorPrimitives.Norm(w);
        bool monotone = result.Trace.Zip(result.Trace.Skip(1), (a, b) => b <= a).All(x => x);
        double recomputed = GradientRelu.Objective(w, sample);
        return (norm <= 1 + TestTolerances.ProjectedNorm && monotone && result.Trace.Length == 3 * 41 && recomputed == result.SelectionError && result.Trace[^1] == result.SelectionError)
            .Label($"||w|| = {norm:R}, trace non-increasing {monotone}, F(w) = {recomputed:R} vs reported {result.SelectionError:R}");
    }

    [Property(MaxTest = 6)]
    public Property Learns_beyond_the_best_constant_on_fresh_data(PeerProblem problem)
    {
        var verdict = problem.Check(GradientRelu.Fit(problem.Draw(0), problem.Seed, restarts: 3, steps: 40).Hypothesis);
        return verdict.Holds.Label($"{problem}: {verdict}");
    }

    [Property]
    public Property The_seed_fixes_the_result(SmallProblem problem)
    {
        var sample = problem.Draw();
        var a = GradientRelu.Fit(sample, problem.Seed, restarts: 2, steps: 20);
        var b = GradientRelu.Fit(sample, problem.Seed, restarts: 2, steps: 20);
        return a.Equals(b).Label("two fits with the same seed differ");
    }
}
