using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Properties.Generators;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// L-generalisation, the two facts the dual-loss argument of T2.1 rests on (Proofs/T2.1-reliable-relu.md): the empirical
/// Rademacher complexity of the RKHS ball {||f||^2 &lt;= B} of the multinomial kernel on points of the sphere is at most
/// sqrt(B (d+1) / m), and not vacuously so: it is at least that bound over sqrt 2 (computed exhaustively over all 2^m sign
/// vectors on the Gram matrix of the library); and the clipped dual loss phi2 dominates the false-positive indicator of the
/// library's output rule.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 40)]
public class LGeneralisation_Properties
{
    [Property]
    public Property Empirical_rademacher_complexity_of_the_rkhs_ball_is_within_a_factor_sqrt_2_below_sqrt_B_d_plus_1_over_m(SphereCase sample, int degreeSeed)
    {
        var small = sample with { Count = Math.Clamp(sample.Count, 1, 12) };
        int d = Math.Abs(degreeSeed % 6), m = small.Count;
        const double B = 7.5;
        var gram = GramEngine.Gram(new Kernel.Multinomial(d), small.Points(), ComputeBackend.Managed);
        // sup_{||f||^2 <= B} (1/m) sum_i s_i f(x_i) = sqrt(B s'Ks) / m (Cauchy-Schwarz in the RKHS), averaged over all s.
        double average = 0;
        for (int mask = 0; mask < 1 << m; mask++)
        {
            double q = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                    q += (((mask >> i) & 1) == 1 ? 1 : -1) * (((mask >> j) & 1) == 1 ? 1 : -1) * gram[i, j];
            average += Math.Sqrt(B * Math.Max(0, q)) / m;
        }
        average /= 1 << m;
        double trace = Enumerable.Range(0, m).Sum(i => gram[i, i]);
        double bound = Math.Sqrt(B * (d + 1) / m);
        // On the sphere K(x, x) = d + 1, so tr K = m (d + 1) and sqrt(B tr K) / m is the bound itself. Upper side: Jensen,
        // E sqrt(s'Ks) <= sqrt(E s'Ks) = sqrt(tr K). Lower side: the Khintchine-Kahane inequality with its optimal constant
        // sqrt 2, E ||sum_i s_i psi(x_i)|| >= ||(sum_i ||psi(x_i)||^2)^(1/2)|| / sqrt 2 = sqrt(tr K / 2). Tolerances: the trace
        // sums m values d + 1 each within (d + 1)^2 ulps (Horner at t = 1); the average only needs rounding slack (1e-12 relative).
        bool traceOnTheSphere = Math.Abs(trace - m * (d + 1)) <= TestTolerances.KernelRelative * m * (d + 1);
        bool below = average <= bound * (1 + TestTolerances.KernelRelative);
        bool notVacuous = average >= bound / Math.Sqrt(2) * (1 - TestTolerances.KernelRelative);
        return (traceOnTheSphere && below && notVacuous)
            .Label($"m = {m}, d = {d}: tr K = {trace:R} (m (d+1) = {m * (d + 1)}); Rademacher {average:F6} in [{bound / Math.Sqrt(2):F6}, {bound:F6}]");
    }

    [Property]
    public Property Clipped_dual_loss_dominates_the_false_positive_indicator(int scoreSeed, bool zeroLabel, int levelSeed)
    {
        var rng = new Random(scoreSeed);
        double eps0 = 0.001 + 0.2 * Math.Abs(levelSeed % 1000) / 1000.0;
        double tau = 2 * eps0 * (1 + rng.NextDouble());
        double f = 4 * rng.NextDouble() - 2;
        double h = new OutputRule.ReliableThreshold(tau).Apply(f);
        double indicator = zeroLabel && h != 0 ? 1 : 0;
        double phi2 = zeroLabel ? Math.Clamp((f - eps0) / eps0, 0, 1) : 0;
        return (indicator <= phi2).Label($"f = {f}, eps0 = {eps0}, tau = {tau}: 1(FP) = {indicator}, phi2 = {phi2}");
    }
}
