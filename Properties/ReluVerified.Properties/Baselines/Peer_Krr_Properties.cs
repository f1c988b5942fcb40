using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using Xunit;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// peer:krr: the kernel ridge coefficients are the closed-form solution alpha = (K + m lambda I)^{-1} y, computed here
/// independently by MathNet's dense LU solve; the managed Cholesky and the OpenBLAS one give the same answer; selection
/// keeps the candidate with the least held-out error, and the fit learns: fresh square loss at most
/// <see cref="TestTolerances.PeerLossShare"/> of the best constant's (<see cref="PeerProblem"/>).
/// </summary>
[Properties(Arbitrary = [typeof(BaselineArbitraries)], MaxTest = 40)]
public class Peer_Krr_Properties
{
    [Property]
    public Property Coefficients_match_the_closed_form_solve(SmallProblem problem, PositiveInt degreeSeed, PositiveInt lambdaSeed)
    {
        var sample = problem.Draw();
        int degree = 1 + degreeSeed.Get % 4;
        double lambda = new[] { 1e-3, 1e-2, 1e-1, 1.0 }[lambdaSeed.Get % 4];
        var gram = GramEngine.Gram(new Kernel.Multinomial(degree), sample.Points, ComputeBackend.Managed);
        int m = sample.Count;
        var a = Matrix<double>.Build.Dense(m, m, (i, j) => gram[i, j] + (i == j ? m * lambda : 0));
        var expected = a.Solve(Vector<double>.Build.DenseOfEnumerable(sample.Labels));
        var managed = KernelRidge.Coefficients(gram, sample.Labels.AsSpan(), lambda, ComputeBackend.Managed);
        double scale = expected.L2Norm();
        double managedError = Vector<double>.Build.DenseOfArray(managed).Subtract(expected).L2Norm() / scale;
        bool ok = managedError <= TestTolerances.KrrClosedFormRelative;
        string text = $"d = {degree}, lambda = {lambda}: managed relative error {managedError:E2}";
        if (GramEngine.NativeAvailable)
        {
            var native = KernelRidge.Coefficients(gram, sample.Labels.AsSpan(), lambda, ComputeBackend.Native);
            double nativeError = Vector<double>.Build.DenseOfArray(native).Subtract(expected).L2Norm() / scale;
            ok &= nativeError <= TestTolerances.KrrClosedFormRelative;
            text += $", native {nativeError:E2}";
        }
        return ok.Label(text + $" (tolerance {TestTolerances.KrrClosedFormRelative})").Classify(GramEngine.NativeAvailable, "OpenBLAS present");
    }

    [Property(MaxTest = 15)]
    public Property Selection_keeps_the_least_held_out_error(SmallProblem problem)
    {
        var fit = problem.Draw(0);
        var selection = problem.Draw(1);
        var result = KernelRidge.Fit(fit, selection, [2, 3], [1e-3, 1e-1]);
        return (result.Trace.Length == 4 && result.SelectionError == result.Trace.Min()
                && result.Parameters["degree"] is 2 or 3 && result.Parameters["lambda"] is 1e-3 or 1e-1)
            .Label($"trace [{string.Join(", ", result.Trace)}], kept {result.SelectionError} with {string.Join(" ", result.Parameters)}");
    }

    [Property(MaxTest = 6)]
    public Property Learns_beyond_the_best_constant_on_fresh_data(PeerProblem problem)
    {
        var verdict = problem.Check(KernelRidge.Fit(problem.Draw(0), problem.Draw(1), [2, 3], [1e-3, 1e-1]).Hypothesis);
        return verdict.Holds.Label($"{problem}: {verdict}");
    }

    [Fact]
    public void A_non_positive_lambda_is_refused_naming_it()
    {
        var sample = new SmallProblem(3, 10, 5).Draw();
        var gram = GramEngine.Gram(new Kernel.Multinomial(2), sample.Points);
        var e = Assert.ThrowsAny<ArgumentException>(() => KernelRidge.Coefficients(gram, sample.Labels.AsSpan(), 0.0));
        Assert.Contains("lambda", e.Message);
    }
}
