using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Kernels;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// peer:glmtron: GLMtron in weight space and Alphatron with the linear kernel are the same algorithm (w = sum_i alpha_i x_i,
/// both with step 1 / sup k(x,x) = 1), so their held-out traces and predictions agree; the kept iterate is the best one; and
/// it learns: fresh square loss at most <see cref="TestTolerances.PeerLossShare"/> of the best constant's (<see cref="PeerProblem"/>).
/// </summary>
[Properties(Arbitrary = [typeof(BaselineArbitraries)], MaxTest = 25)]
public class Peer_Glmtron_Properties
{
    [Property(MaxTest = 6)]
    public Property Learns_beyond_the_best_constant_on_fresh_data(PeerProblem problem)
    {
        var verdict = problem.Check(Glmtron.Fit(problem.Draw(0), problem.Draw(1), iterations: 30).Hypothesis);
        return verdict.Holds.Label($"{problem}: {verdict}");
    }

    [Property]
    public Property Glmtron_equals_Alphatron_with_the_linear_kernel(SmallProblem problem)
    {
        var fit = problem.Draw(0);
        var selection = problem.Draw(1);
        var glm = Glmtron.Fit(fit, selection, iterations: 30);
        var alpha = Alphatron.Fit(fit, selection, ImmutableArray.Create<Kernel>(new Kernel.Linear()), iterations: 30);
        var probe = problem.Draw(2).Points;
        double traceGap = glm.Trace.Zip(alpha.Trace, (a, b) => Math.Abs(a - b)).Max();
        double predictionGap = glm.Hypothesis.Predict(probe).Zip(alpha.Hypothesis.Predict(probe), (a, b) => Math.Abs(a - b)).Max();
        return (glm.Trace.Length == alpha.Trace.Length && traceGap <= TestTolerances.GlmtronAlphatronAgreement && predictionGap <= TestTolerances.GlmtronAlphatronAgreement
                && glm.Parameters["iteration"] == alpha.Parameters["iteration"])
            .Label($"trace gap {traceGap:E2}, prediction gap {predictionGap:E2}, iterations {glm.Parameters["iteration"]} vs {alpha.Parameters["iteration"]}");
    }
}
